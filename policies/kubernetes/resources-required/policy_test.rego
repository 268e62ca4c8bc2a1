package shipshape.kubernetes.resources_required_test

import data.shipshape.kubernetes.resources_required.violation

full := {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": 1, "memory": "256Mi"}}

deployment(spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": spec}}}

review(obj) := {"review": {"object": obj}, "parameters": {}}

test_complete_resources_pass if {
	count(violation) == 0 with input as review(deployment({"containers": [{"name": "a", "resources": full}]}))
}

test_no_resources_names_all_four if {
	vs := violation with input as review(deployment({"containers": [{"name": "a"}]}))
	count(vs) == 1
	some v in vs
	v.msg == "Deployment web: container a sets no requests.cpu, requests.memory, limits.cpu, limits.memory; add resources.requests.cpu, resources.requests.memory, resources.limits.cpu, resources.limits.memory"
	v.details.field == "spec.template.spec.containers[0].resources"
}

test_only_limits_missing if {
	vs := violation with input as review(deployment({"containers": [{"name": "a", "resources": {"requests": full.requests}}]}))
	count(vs) == 1
	some v in vs
	v.details.missing == ["limits.cpu", "limits.memory"]
}

test_init_container_without_resources_while_main_is_fine if {
	vs := violation with input as review(deployment({
		"initContainers": [{"name": "migrate"}],
		"containers": [{"name": "a", "resources": full}],
	}))
	count(vs) == 1
	some v in vs
	contains(v.msg, "init container migrate")
}

test_ephemeral_containers_are_left_out if {
	count(violation) == 0 with input as review({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {
		"containers": [{"name": "a", "resources": full}],
		"ephemeralContainers": [{"name": "debug"}],
	}})
}

test_cronjob_nesting if {
	obj := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "a", "resources": {"limits": full.limits}}]}}}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.jobTemplate.spec.template.spec.containers[0].resources"
}

test_empty_quantity_is_missing if {
	bad := object.union(full, {"requests": {"cpu": ""}})
	count(violation) == 1 with input as review(deployment({"containers": [{"name": "a", "resources": bad}]}))
}
