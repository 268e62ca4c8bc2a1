# METADATA
# title: Autoscaled workloads request what they scale on
# description: >-
#   A HorizontalPodAutoscaler that scales on the utilization of a resource
#   (cpu or memory) needs every container of its target to request that
#   resource: utilization is usage divided by request, and without a request
#   the autoscaler cannot compute it and does not scale. An autoscaler with no
#   metrics scales on cpu utilization; ContainerResource metrics need the
#   request on the named container only; AverageValue targets need no request.
#   minReplicas (1 when unset) must be at least the minReplicas parameter, so
#   losing one pod does not take the service down. The target is read from
#   data.inventory (sync Deployments, StatefulSets, ReplicaSets and
#   ReplicationControllers); a target that is not in the inventory is
#   reported as its own finding, marked "not found in the inventory", which
#   the offline CLI reports at warn level (details.severity) and Gatekeeper
#   at the constraint's action.
# custom:
#   section: 二.9 容器伸缩 (B)
#   input: kubernetes
#   kinds: [HorizontalPodAutoscaler]
#   action: deny
#   parameters:
#     minReplicas:
#       type: integer
#       minimum: 1
#       description: The lowest spec.minReplicas allowed.
#       default: 2
#   sync:
#     - apps/v1/Deployment
#     - apps/v1/StatefulSet
#     - apps/v1/ReplicaSet
#     - v1/ReplicationController
package shipshape.kubernetes.hpa_requires_requests

import data.lib.exemptions
import data.lib.inventory
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "hpa-requires-requests", findings)

findings contains finding if {
	obj := input.review.object
	min_replicas := object.get(obj.spec, "minReplicas", 1)
	min_replicas < input.parameters.minReplicas
	finding := {
		"msg": sprintf("%s has minReplicas %d; set spec.minReplicas to at least %d so that losing one pod does not take the workload down", [workload.describe(obj), min_replicas, input.parameters.minReplicas]),
		"details": {"field": "spec.minReplicas"},
	}
}

findings contains finding if {
	obj := input.review.object
	some target in targets(obj)
	some metric in utilization_metrics(obj)
	some c in workload.containers(target)
	c.list == "containers"
	metric.container in {"", c.name}
	not requested(c.container, metric.resource)
	finding := {
		"msg": sprintf("%s scales %s on %s utilization, but %s requests no %s, so the autoscaler cannot compute it; set resources.requests.%s on it", [workload.describe(obj), workload.describe(target), metric.resource, workload.container_label(c), metric.resource, metric.resource]),
		"details": {"field": "spec.scaleTargetRef", "target": workload.describe(target), "targetField": sprintf("%s.resources.requests.%s", [c.path, metric.resource])},
	}
}

findings contains finding if {
	obj := input.review.object
	count(targets(obj)) == 0
	ref := obj.spec.scaleTargetRef
	finding := inventory.not_found(
		workload.describe(obj),
		sprintf("its target %s %s/%s", [ref.kind, inventory.namespace_of(obj), ref.name]),
		"spec.scaleTargetRef",
	)
}

targets(obj) := inventory.namespaced(
	inventory.namespace_of(obj),
	inventory.group_of(object.get(obj.spec.scaleTargetRef, "apiVersion", "apps/v1")),
	obj.spec.scaleTargetRef.kind,
	obj.spec.scaleTargetRef.name,
)

# utilization_metrics lists {"resource", "container"} the autoscaler scales
# on by utilization; container "" means every container.
utilization_metrics(obj) := [{"resource": "cpu", "container": ""}] if {
	inventory.group_of(obj.apiVersion) == "autoscaling"
	count(object.get(obj.spec, "metrics", [])) == 0
}

utilization_metrics(obj) := [m |
	some metric in obj.spec.metrics
	some m in metric_needs(metric)
] if count(object.get(obj.spec, "metrics", [])) > 0

metric_needs(metric) := [{"resource": metric.resource.name, "container": ""}] if {
	metric.type == "Resource"
	metric.resource.target.type == "Utilization"
}

metric_needs(metric) := [{"resource": metric.containerResource.name, "container": metric.containerResource.container}] if {
	metric.type == "ContainerResource"
	metric.containerResource.target.type == "Utilization"
}

requested(container, resource) if {
	value := container.resources.requests[resource]
	value != null
	value != ""
}
