package shipshape.kubernetes.windows_host_process_test

import data.shipshape.kubernetes.windows_host_process.violation

host_process(value) := {"windowsOptions": {"hostProcess": value}}

deployment(pod_spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "win"}, "spec": {"template": {"spec": pod_spec}}}

review(obj) := {"review": {"object": obj}, "parameters": {}}

test_unset_and_false_pass if {
	count(violation) == 0 with input as review(deployment({"containers": [{"name": "a"}]}))
	count(violation) == 0 with input as review(deployment({"securityContext": host_process(false), "containers": [{"name": "a", "securityContext": host_process(false)}]}))
	count(violation) == 0 with input as review(deployment({"securityContext": {"windowsOptions": {"runAsUserName": "ContainerUser"}}, "containers": [{"name": "a"}]}))
}

test_pod_level_only if {
	obj := deployment({"hostNetwork": true, "securityContext": host_process(true), "initContainers": [{"name": "i"}], "containers": [{"name": "a"}]})
	vs := violation with input as review(obj)
	count(vs) == 2
	some v in vs
	v.msg == "Deployment win: container a runs as a Windows HostProcess container (spec.template.spec.securityContext.windowsOptions.hostProcess is true); remove hostProcess so the container stays isolated from the node"
	v.details.field == "spec.template.spec.securityContext.windowsOptions.hostProcess"
}

test_container_level_only if {
	obj := deployment({"containers": [{"name": "a"}, {"name": "agent", "securityContext": host_process(true)}]})
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.template.spec.containers[1].securityContext.windowsOptions.hostProcess"
	contains(v.msg, "container agent runs as a Windows HostProcess container")
}

test_conflict_container_false_wins if {
	obj := deployment({"securityContext": host_process(true), "containers": [{"name": "a", "securityContext": host_process(false)}, {"name": "b"}]})
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	contains(v.msg, "container b runs as")
}

test_conflict_container_true_wins if {
	obj := deployment({"securityContext": host_process(false), "containers": [{"name": "a", "securityContext": host_process(true)}]})
	count(violation) == 1 with input as review(obj)
}

test_fields_merge_one_by_one if {
	# A container that sets other windowsOptions still inherits the pod's hostProcess.
	obj := deployment({"securityContext": host_process(true), "containers": [{"name": "a", "securityContext": {"windowsOptions": {"runAsUserName": "NT AUTHORITY\\SYSTEM"}}}]})
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.template.spec.securityContext.windowsOptions.hostProcess"
}

test_null_container_value_inherits if {
	obj := deployment({"securityContext": host_process(true), "containers": [{"name": "a", "securityContext": host_process(null)}]})
	count(violation) == 1 with input as review(obj)
}

test_init_container_breaks_rule_main_fine if {
	obj := deployment({"initContainers": [{"name": "install", "securityContext": host_process(true)}], "containers": [{"name": "a"}]})
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	startswith(v.msg, "Deployment win: init container install runs as a Windows HostProcess container (spec.template.spec.initContainers[0].securityContext.windowsOptions.hostProcess is true)")
}

test_ephemeral_container if {
	obj := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}], "ephemeralContainers": [{"name": "debug", "securityContext": host_process(true)}]}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.ephemeralContainers[0].securityContext.windowsOptions.hostProcess"
}

test_cronjob_nesting if {
	obj := {"kind": "CronJob", "metadata": {"name": "patch"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"securityContext": host_process(true), "containers": [{"name": "run"}]}}}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.jobTemplate.spec.template.spec.securityContext.windowsOptions.hostProcess"
	startswith(v.msg, "CronJob patch: container run")
}

test_every_kind if {
	bad := {"securityContext": host_process(true), "containers": [{"name": "a"}]}
	count(violation) == 1 with input as review({"kind": "Pod", "metadata": {"name": "p"}, "spec": bad})
	every kind in ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"] {
		count(violation) == 1 with input as review({"kind": kind, "metadata": {"name": "x"}, "spec": {"template": {"spec": bad}}})
	}
}

test_exemption if {
	obj := object.union(deployment({"securityContext": host_process(true), "containers": [{"name": "a"}]}), {"metadata": {"annotations": {"shipshape.dev/exempt.windows-host-process": "CSI proxy for Windows nodes (STOR-9)"}}})
	count(violation) == 0 with input as review(obj)
}
