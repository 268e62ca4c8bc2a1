package shipshape.kubernetes.no_root_group_test

import data.shipshape.kubernetes.no_root_group.violation

deployment(pod_sc, container_sc) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": {"securityContext": pod_sc, "containers": [{"name": "a", "securityContext": container_sc}]}}}}

review(obj) := {"review": {"object": obj}, "parameters": {}}

test_pod_level_root_group if {
	vs := violation with input as review(deployment({"runAsGroup": 0, "fsGroup": 0, "supplementalGroups": [1000, 0]}, {}))
	{v.msg | some v in vs} == {
		"Deployment web: container a runs with group root (spec.template.spec.securityContext.runAsGroup: 0); set a non-zero runAsGroup",
		"Deployment web makes its volumes owned by group root (spec.template.spec.securityContext.fsGroup: 0); set a non-zero fsGroup",
		"Deployment web adds group root to its containers (spec.template.spec.securityContext.supplementalGroups[1]: 0); remove it",
	}
}

test_container_wins if {
	count(violation) == 0 with input as review(deployment({"runAsGroup": 0}, {"runAsGroup": 1000}))
	vs := violation with input as review(deployment({"runAsGroup": 1000}, {"runAsGroup": 0}))
	[v.details.field | some v in vs] == ["spec.template.spec.containers[0].securityContext.runAsGroup"]
}

test_non_root_and_unset_pass if {
	count(violation) == 0 with input as review(deployment({"runAsGroup": 3000, "fsGroup": 2000}, {}))
	count(violation) == 0 with input as review(deployment({}, {}))
}
