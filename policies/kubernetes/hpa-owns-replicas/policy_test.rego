package shipshape.kubernetes.hpa_owns_replicas_test

import data.shipshape.kubernetes.hpa_owns_replicas.violation

deployment(spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": object.union({"template": {"spec": {"containers": [{"name": "a"}]}}}, spec)}

hpa(kind, name) := {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": kind, "name": name}, "maxReplicas": 10}}

inv(h) := {"cluster": {}, "namespace": {"shop": {"autoscaling/v2": {"HorizontalPodAutoscaler": {"web": h}}}}}

review(obj) := {"review": {"object": obj}, "parameters": {}}

test_replicas_with_autoscaler if {
	vs := violation with input as review(deployment({"replicas": 2})) with data.inventory as inv(hpa("Deployment", "web"))
	[v.msg | some v in vs] == ["Deployment web sets spec.replicas 2, but HorizontalPodAutoscaler web scales it, so every apply resets the scale; remove spec.replicas from the manifest"]
}

test_passes if {
	count(violation) == 0 with input as review(deployment({})) with data.inventory as inv(hpa("Deployment", "web"))
	count(violation) == 0 with input as review(deployment({"replicas": 2})) with data.inventory as inv(hpa("Deployment", "api"))
	count(violation) == 0 with input as review(deployment({"replicas": 2})) with data.inventory as inv(hpa("StatefulSet", "web"))
	count(violation) == 0 with input as review(deployment({"replicas": 2})) with data.inventory as {"cluster": {}, "namespace": {}}
}

# spec.replicas 1 on create is what the API server writes into a Deployment
# that sets none: admission cannot tell them apart, so neither reports it.
test_default_one_on_create_passes if {
	count(violation) == 0 with input as review(deployment({"replicas": 1})) with data.inventory as inv(hpa("Deployment", "web"))
}

test_update_keeps_autoscaler_replicas if {
	upd := {"review": {"operation": "UPDATE", "object": deployment({"replicas": 7}), "oldObject": deployment({"replicas": 7})}, "parameters": {}}
	count(violation) == 0 with input as upd with data.inventory as inv(hpa("Deployment", "web"))
}

test_update_resetting_the_scale_is_reported if {
	upd := {"review": {"operation": "UPDATE", "object": deployment({"replicas": 1}), "oldObject": deployment({"replicas": 7})}, "parameters": {}}
	count(violation) == 1 with input as upd with data.inventory as inv(hpa("Deployment", "web"))
}
