# METADATA
# title: A workload scaled by an autoscaler sets no replicas
# description: >-
#   When a HorizontalPodAutoscaler scales a Deployment, StatefulSet,
#   ReplicaSet or ReplicationController, spec.replicas belongs to the
#   autoscaler: a manifest that also sets it resets the workload to that
#   number at every apply (the autoscaler scaled to 12 for the peak, the
#   deployment sets 2 back), and the pods are scaled down and up again.
#   Leave spec.replicas out of the manifest of a scaled workload. The
#   autoscalers are read from data.inventory (sync HorizontalPodAutoscalers).
#   The API server defaults spec.replicas to 1 before admission, so on
#   create a 1 cannot be told from an unset field and is not reported
#   (offline too: one verdict); on update, replicas the request leaves as
#   they were (the autoscaler's) are not the manifest's.
# custom:
#   section: 二.9 容器伸缩 (F)
#   input: kubernetes
#   kinds: [Deployment, StatefulSet, ReplicaSet, ReplicationController]
#   action: warn
#   sync:
#     - autoscaling/v2/HorizontalPodAutoscaler
package shipshape.kubernetes.hpa_owns_replicas

import data.lib.exemptions
import data.lib.inventory
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "hpa-owns-replicas", findings)

findings contains finding if {
	obj := input.review.object
	is_number(obj.spec.replicas)
	set_by_request(obj)
	not workload.controlled(obj)
	some hpa in inventory.kind_in_namespace(inventory.namespace_of(obj), "autoscaling", "HorizontalPodAutoscaler")
	ref := hpa.spec.scaleTargetRef
	ref.kind == obj.kind
	ref.name == obj.metadata.name
	inventory.group_of(object.get(ref, "apiVersion", "apps/v1")) == inventory.group_of(obj.apiVersion)
	finding := {
		"msg": sprintf("%s sets spec.replicas %d, but HorizontalPodAutoscaler %s scales it, so every apply resets the scale; remove spec.replicas from the manifest", [workload.describe(obj), obj.spec.replicas, hpa.metadata.name]),
		"details": {"field": "spec.replicas", "autoscaler": hpa.metadata.name},
	}
}

set_by_request(obj) if {
	object.get(input.review, "operation", "CREATE") != "UPDATE"
	obj.spec.replicas != 1
}

set_by_request(obj) if {
	input.review.operation == "UPDATE"
	obj.spec.replicas != object.get(input.review, ["oldObject", "spec", "replicas"], 1)
}
