package shipshape.kubernetes.shared_volume_access_mode_test

import data.shipshape.kubernetes.shared_volume_access_mode.violation

pvc(name, modes) := {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": name, "namespace": "shop"}, "spec": {"accessModes": modes}}

inv(claims) := {"cluster": {}, "namespace": {"shop": {"v1": {"PersistentVolumeClaim": {c.metadata.name: c | some c in claims}}}}}

workload(kind, replicas, volumes) := {
	"apiVersion": "apps/v1", "kind": kind,
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"replicas": replicas, "template": {"spec": {"containers": [{"name": "a"}], "volumes": volumes}}},
}

claim_volume(claim) := {"name": "data", "persistentVolumeClaim": {"claimName": claim}}

review(obj) := {"review": {"object": obj}, "parameters": {}}

test_rwo_claim_with_three_replicas if {
	vs := violation with input as review(workload("Deployment", 3, [claim_volume("files")]))
		with data.inventory as inv([pvc("files", ["ReadWriteOnce"])])
	count(vs) == 1
	some v in vs
	v.msg == "Deployment web runs 3 replicas, yet all its pods mount PersistentVolumeClaim files (volume data), whose access modes [\"ReadWriteOnce\"] let only one node use it; use a ReadWriteMany claim (NAS, NFS), one claim per pod (StatefulSet volumeClaimTemplates) or a single replica"
	v.details.field == "spec.template.spec.volumes[0].persistentVolumeClaim.claimName"
}

test_rwx_claim_passes if {
	count(violation) == 0 with input as review(workload("Deployment", 3, [claim_volume("files")]))
		with data.inventory as inv([pvc("files", ["ReadWriteMany"])])
}

test_single_replica_passes if {
	count(violation) == 0 with input as review(workload("Deployment", 1, [claim_volume("files")]))
		with data.inventory as inv([pvc("files", ["ReadWriteOnce"])])
}

test_replicas_default_to_one if {
	obj := json.remove(workload("Deployment", 0, [claim_volume("files")]), ["spec/replicas"])
	count(violation) == 0 with input as review(obj) with data.inventory as inv([pvc("files", ["ReadWriteOnce"])])
}

test_read_only_many_needs_read_only_mount if {
	ro := {"name": "data", "persistentVolumeClaim": {"claimName": "files", "readOnly": true}}
	count(violation) == 0 with input as review(workload("Deployment", 3, [ro]))
		with data.inventory as inv([pvc("files", ["ReadOnlyMany"])])
	count(violation) == 1 with input as review(workload("Deployment", 3, [claim_volume("files")]))
		with data.inventory as inv([pvc("files", ["ReadOnlyMany"])])
}

test_daemonset_always_multi_pod if {
	obj := json.remove(workload("DaemonSet", 0, [claim_volume("files")]), ["spec/replicas"])
	vs := violation with input as review(obj) with data.inventory as inv([pvc("files", ["ReadWriteOncePod"])])
	count(vs) == 1
	some v in vs
	contains(v.msg, "DaemonSet web runs a pod on every matching node")
}

hpa(max) := {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web-hpa", "namespace": "shop"}, "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}, "minReplicas": 1, "maxReplicas": max}}

with_target(claim_modes) := json.patch(inv([pvc("files", claim_modes)]), [{"op": "add", "path": "/namespace/shop/apps~1v1", "value": {"Deployment": {"web": workload("Deployment", 1, [claim_volume("files")])}}}])

test_hpa_that_scales_a_single_node_claim_above_one if {
	vs := violation with input as review(hpa(4)) with data.inventory as with_target(["ReadWriteOnce"])
	count(vs) == 1
	some v in vs
	v.msg == "HorizontalPodAutoscaler web-hpa may scale Deployment web to 4 replicas, yet all its pods mount PersistentVolumeClaim files (volume data), whose access modes [\"ReadWriteOnce\"] let only one node use it; use a ReadWriteMany claim (NAS, NFS) or keep maxReplicas at 1"
	v.details.field == "spec.maxReplicas"
}

test_hpa_fine_with_rwx_or_one_replica if {
	count(violation) == 0 with input as review(hpa(4)) with data.inventory as with_target(["ReadWriteMany"])
	count(violation) == 0 with input as review(hpa(1)) with data.inventory as with_target(["ReadWriteOnce"])
}

test_hpa_target_not_in_inventory_is_left_to_the_other_checks if {
	count(violation) == 0 with input as review(hpa(4)) with data.inventory as inv([])
}

test_claim_missing_from_inventory_is_its_own_warn_finding if {
	vs := violation with input as review(workload("StatefulSet", 2, [claim_volume("shared")])) with data.inventory as inv([])
	count(vs) == 1
	some v in vs
	v.msg == "StatefulSet web: PersistentVolumeClaim shop/shared (volume data) is not found in the inventory, so this check cannot tell; include it in the input (or sync it into Gatekeeper)"
	v.details.severity == "warn"
}

test_namespace_from_the_request if {
	obj := json.remove(workload("Deployment", 2, [claim_volume("files")]), ["metadata/namespace"])
	vs := violation with input as {"review": {"object": obj, "namespace": "shop"}, "parameters": {}}
		with data.inventory as inv([pvc("files", ["ReadWriteOnce"])])
	count(vs) == 1
}

test_other_volumes_ignored if {
	count(violation) == 0 with input as review(workload("Deployment", 3, [{"name": "tmp", "emptyDir": {}}]))
		with data.inventory as inv([])
}

test_exemption if {
	obj := json.patch(workload("Deployment", 3, [claim_volume("files")]), [{"op": "add", "path": "/metadata/annotations", "value": {"shipshape.dev/exempt.shared-volume-access-mode": "single-writer lock in the app (OPS-7)"}}])
	count(violation) == 0 with input as review(obj) with data.inventory as inv([pvc("files", ["ReadWriteOnce"])])
}
