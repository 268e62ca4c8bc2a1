# METADATA
# title: Multi-replica workloads share only claims that allow many writers
# description: >-
#   A workload running more than one pod (replicas above one, a
#   HorizontalPodAutoscaler that may scale it above one, or a DaemonSet) mounts
#   a PersistentVolumeClaim only when the claim allows many nodes to use it:
#   ReadWriteMany (NAS, NFS), or ReadOnlyMany mounted read-only. A
#   ReadWriteOnce claim attaches to one node, so the other replicas hang in
#   ContainerCreating, or write one file system from several pods. Fix it with
#   a ReadWriteMany storage class, with one claim per pod (a StatefulSet's
#   volumeClaimTemplates), or with a single replica. The claims are read from
#   data.inventory (sync PersistentVolumeClaims and HorizontalPodAutoscalers);
#   a claim that is not in the inventory is reported as its own finding,
#   marked "not found in the inventory", which the offline CLI reports at warn
#   level (details.severity) and Gatekeeper at the constraint's action.
# custom:
#   section: 二.7 存储使用 (B)
#   input: kubernetes
#   kinds: [Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController]
#   action: deny
#   sync:
#     - v1/PersistentVolumeClaim
#     - autoscaling/v2/HorizontalPodAutoscaler
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
	some pvc in inventory.namespaced(inventory.namespace_of(obj), "", "PersistentVolumeClaim", claim.name)
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
	count(inventory.namespaced(inventory.namespace_of(obj), "", "PersistentVolumeClaim", claim.name)) == 0
	finding := inventory.not_found(
		workload.describe(obj),
		sprintf("PersistentVolumeClaim %s/%s (volume %s)", [inventory.namespace_of(obj), claim.name, claim.volume]),
		claim.path,
	)
}

shareable(modes, _) if {
	some m in modes
	m in shared_modes
}

shareable(modes, true) if "ReadOnlyMany" in modes

claim_volumes(obj) := [c |
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
# does not). It is asked only for workloads that mount claims, so the scan of
# the namespace's autoscalers stays off the common path.
multi_pod(obj) := "runs a pod on every matching node" if obj.kind == "DaemonSet"

multi_pod(obj) := concat(" and ", array.concat(sort(fixed), sort(scaled))) if {
	obj.kind != "DaemonSet"
	replicas := object.get(obj.spec, "replicas", 1)
	fixed := {sprintf("runs %d replicas", [replicas]) | replicas > 1}
	scaled := {sprintf("may scale to %d replicas (HorizontalPodAutoscaler %s)", [hpa.spec.maxReplicas, hpa.metadata.name]) |
		some hpa in inventory.kind_in_namespace(inventory.namespace_of(obj), "autoscaling", "HorizontalPodAutoscaler")
		hpa.spec.scaleTargetRef.kind == obj.kind
		hpa.spec.scaleTargetRef.name == obj.metadata.name
		hpa.spec.maxReplicas > 1
	}
	count(fixed | scaled) > 0
}
