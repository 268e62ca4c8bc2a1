package shipshape.kubernetes.ephemeral_storage_bounds_test

import data.shipshape.kubernetes.ephemeral_storage_bounds.violation

deployment(resources) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": {"containers": [{"name": "a", "resources": resources}], "ephemeralContainers": [{"name": "dbg"}]}}}}

review(obj, params) := {"review": {"object": obj}, "parameters": object.union({"requireRequests": true, "requireLimits": true}, params)}

test_missing_both if {
	vs := violation with input as review(deployment({"requests": {"cpu": "1"}}), {})
	{v.msg | some v in vs} == {
		"Deployment web: container a requests no ephemeral-storage; set spec.template.spec.containers[0].resources.requests.ephemeral-storage",
		"Deployment web: container a limits no ephemeral-storage; set spec.template.spec.containers[0].resources.limits.ephemeral-storage",
	}
}

test_bounded_passes if {
	count(violation) == 0 with input as review(deployment({"requests": {"ephemeral-storage": "1Gi"}, "limits": {"ephemeral-storage": "2Gi"}}), {})
}

test_parameters_turn_parts_off if {
	vs := violation with input as review(deployment({}), {"requireRequests": false})
	[v.details.field | some v in vs] == ["spec.template.spec.containers[0].resources.limits.ephemeral-storage"]
	count(violation) == 0 with input as review(deployment({}), {"requireRequests": false, "requireLimits": false})
}
