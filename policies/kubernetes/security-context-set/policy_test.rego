package shipshape.kubernetes.security_context_set_test

import data.shipshape.kubernetes.security_context_set.violation

review(obj) := {"review": {"object": obj}, "parameters": {}}

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_nothing_set if {
	vs := violation with input as review(pod({"initContainers": [{"name": "init"}], "containers": [{"name": "a", "securityContext": {}}]}))
	{v.msg | some v in vs} == {
		"Pod p sets no pod securityContext; set spec.securityContext (runAsNonRoot, runAsUser, seccompProfile, fsGroup)",
		"Pod p: init container init sets no securityContext; set spec.initContainers[0].securityContext (allowPrivilegeEscalation: false, capabilities.drop: [ALL], readOnlyRootFilesystem: true)",
		"Pod p: container a sets no securityContext; set spec.containers[0].securityContext (allowPrivilegeEscalation: false, capabilities.drop: [ALL], readOnlyRootFilesystem: true)",
	}
}

test_all_set_passes if {
	count(violation) == 0 with input as review(pod({"securityContext": {"runAsNonRoot": true}, "containers": [{"name": "a", "securityContext": {"allowPrivilegeEscalation": false}}]}))
}

test_non_workloads_ignored if {
	count(violation) == 0 with input as review({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {}})
}
