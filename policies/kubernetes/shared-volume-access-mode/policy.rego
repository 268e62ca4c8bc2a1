# METADATA
# title: Multi-replica workloads share only claims that allow many writers
# description: >-
#   A workload running more than one pod (replicas above one, or a DaemonSet)
#   mounts a PersistentVolumeClaim only when the claim allows many nodes to use it:
#   ReadWriteMany (NAS, NFS), or ReadOnlyMany mounted read-only. A
#   ReadWriteOnce claim attaches to one node, so the other replicas hang in
#   ContainerCreating, or write one file system from several pods. Fix it with
#   a ReadWriteMany storage class, with one claim per pod (a StatefulSet's
#   volumeClaimTemplates), or with a single replica. A HorizontalPodAutoscaler
#   that may scale such a workload above one pod is reported on the
#   autoscaler. Claims and autoscaler targets are looked up by name in
#   data.inventory (sync PersistentVolumeClaims and the workload kinds), never
#   by scanning it;
#   a claim that is not in the inventory is reported as its own finding,
#   marked "not found in the inventory", which the offline CLI reports at warn
#   level (details.severity) and Gatekeeper at the constraint's action.
# custom:
#   section: 二.7 存储使用 (B)
#   input: kubernetes
#   kinds: [Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, HorizontalPodAutoscaler]
#   action: deny
#   sync:
#     - v1/PersistentVolumeClaim
#     - apps/v1/Deployment
#     - apps/v1/StatefulSet
#     - apps/v1/ReplicaSet
#     - v1/ReplicationController
package shipshape.kubernetes.shared_volume_access_mode

import data.lib.exemptions
import data.lib.inventory
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "shared-volume-access-mode", findings)

shared_modes := {"ReadWriteMany"}

findings contains finding if {
	obj := input.review.object
	some claim in claim_volumes(obj)
	why := multi_pod(obj)
	some pvc in claims(obj, claim.name)
	modes := object.get(pvc.spec, "accessModes", [])
	not shareable(modes, claim.read_only)
	finding := {
		"msg": sprintf("%s %s, yet all its pods mount PersistentVolumeClaim %s (volume %s), whose access modes %v let only one node use it; use a ReadWriteMany claim (NAS, NFS), one claim per pod (StatefulSet volumeClaimTemplates) or a single replica", [workload.describe(obj), why, claim.name, claim.volume, modes]),
		"details": {"field": claim.path, "claim": claim.name, "accessModes": modes},
	}
}

findings contains finding if {
	obj := input.review.object
	some claim in claim_volumes(obj)
	multi_pod(obj)
	count(claims(obj, claim.name)) == 0
	finding := inventory.not_found(
		workload.describe(obj),
		sprintf("PersistentVolumeClaim %s/%s (volume %s)", [inventory.namespace_of(obj), claim.name, claim.volume]),
		claim.path,
	)
}

# An autoscaler that may scale a workload with a single-node claim above one
# pod. Its target and the target's claims are looked up by name; when they
# are not in the inventory, hpa-requires-requests and the workload's own
# review say so.
findings contains finding if {
	obj := input.review.object
	obj.kind == "HorizontalPodAutoscaler"
	obj.spec.maxReplicas > 1
	ref := obj.spec.scaleTargetRef
	some target in inventory.namespaced(inventory.namespace_of(obj), inventory.group_of(object.get(ref, "apiVersion", "apps/v1")), ref.kind, ref.name)
	some claim in claim_volumes(target)
	some pvc in claims(target, claim.name)
	modes := object.get(pvc.spec, "accessModes", [])
	not shareable(modes, claim.read_only)
	finding := {
		"msg": sprintf("%s may scale %s to %d replicas, yet all its pods mount PersistentVolumeClaim %s (volume %s), whose access modes %v let only one node use it; use a ReadWriteMany claim (NAS, NFS) or keep maxReplicas at 1", [workload.describe(obj), workload.describe(target), obj.spec.maxReplicas, claim.name, claim.volume, modes]),
		"details": {"field": "spec.maxReplicas", "target": workload.describe(target), "claim": claim.name, "accessModes": modes},
	}
}

claims(obj, name) := inventory.namespaced(inventory.namespace_of(obj), "", "PersistentVolumeClaim", name)

shareable(modes, _) if {
	some m in modes
	m in shared_modes
}

shareable(modes, true) if "ReadOnlyMany" in modes

claim_volumes(obj) := [c |
	workload.is_workload(obj)
	some i, vol in object.get(workload.pod_spec(obj), "volumes", [])
	vol.persistentVolumeClaim.claimName
	c := {
		"name": vol.persistentVolumeClaim.claimName,
		"volume": object.get(vol, "name", sprintf("volumes[%d]", [i])),
		"read_only": object.get(vol.persistentVolumeClaim, "readOnly", false) == true,
		"path": sprintf("%s.volumes[%d].persistentVolumeClaim.claimName", [workload.pod_spec_path(obj), i]),
	}
]

# multi_pod says why the workload runs more than one pod (undefined when it
# does not).
multi_pod(obj) := "runs a pod on every matching node" if obj.kind == "DaemonSet"

multi_pod(obj) := sprintf("runs %d replicas", [obj.spec.replicas]) if {
	obj.kind != "DaemonSet"
	object.get(obj.spec, "replicas", 1) > 1
}
