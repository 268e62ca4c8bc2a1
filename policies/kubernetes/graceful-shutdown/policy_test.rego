package shipshape.kubernetes.graceful_shutdown_test

import data.shipshape.kubernetes.graceful_shutdown.violation

review(obj) := {"review": {"object": obj}, "parameters": {}}

template_kinds := ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController"]

wrap(kind, spec) := {"kind": kind, "metadata": {"name": "w"}, "spec": {"template": {"spec": spec}}}

cronjob(spec) := {"kind": "CronJob", "metadata": {"name": "w"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": spec}}}}}

pre_stop := {"preStop": {"sleep": {"seconds": 5}}}

test_pre_stop_passes_in_every_long_running_kind if {
	spec := {"containers": [{"name": "app", "lifecycle": pre_stop}]}
	count(violation) == 0 with input as review({"kind": "Pod", "metadata": {"name": "w"}, "spec": spec})
	every kind in template_kinds {
		count(violation) == 0 with input as review(wrap(kind, spec))
	}
}

test_missing_pre_stop_denied_in_every_long_running_kind if {
	spec := {"containers": [{"name": "app"}]}
	count(violation) == 1 with input as review({"kind": "Pod", "metadata": {"name": "w"}, "spec": spec})
	every kind in template_kinds {
		count(violation) == 1 with input as review(wrap(kind, spec))
	}
}

test_batch_pods_need_no_pre_stop if {
	spec := {"restartPolicy": "Never", "containers": [{"name": "job"}]}
	count(violation) == 0 with input as review(wrap("Job", spec))
	count(violation) == 0 with input as review(cronjob(spec))
	count(violation) == 0 with input as review({"kind": "Pod", "metadata": {"name": "w"}, "spec": spec})
}

test_missing_pre_stop_message if {
	obj := wrap("Deployment", {"containers": [{"name": "web"}]})
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.msg == "Deployment w: container web has no preStop hook, so it gets SIGTERM while still receiving traffic; add spec.template.spec.containers[0].lifecycle.preStop (e.g. sleep: {seconds: 5}, or an exec that drains)"
	v.details.field == "spec.template.spec.containers[0].lifecycle.preStop"
}

test_pre_stop_without_runnable_handler if {
	obj := wrap("StatefulSet", {"containers": [{"name": "db", "lifecycle": {"preStop": {"tcpSocket": {"port": 5432}}}}]})
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	contains(v.msg, "StatefulSet w: container db has a preStop hook with no handler the kubelet runs")
}

test_every_handler_accepted if {
	every hook in [{"exec": {"command": ["drain"]}}, {"httpGet": {"path": "/drain", "port": 8080}}, {"sleep": {"seconds": 3}}] {
		count(violation) == 0 with input as review(wrap("Deployment", {"containers": [{"name": "a", "lifecycle": {"preStop": hook}}]}))
	}
}

test_zero_grace_period_denied_in_every_kind if {
	spec := {"terminationGracePeriodSeconds": 0, "containers": [{"name": "app", "lifecycle": pre_stop}]}
	count(violation) == 1 with input as review({"kind": "Pod", "metadata": {"name": "w"}, "spec": spec})
	every kind in array.concat(template_kinds, ["Job"]) {
		count(violation) == 1 with input as review(wrap(kind, spec))
	}
	count(violation) == 1 with input as review(cronjob(spec))
}

test_zero_grace_period_message_in_cronjob if {
	vs := violation with input as review(cronjob({"terminationGracePeriodSeconds": 0, "containers": [{"name": "job"}]}))
	count(vs) == 1
	some v in vs
	v.msg == "CronJob w: spec.jobTemplate.spec.template.spec.terminationGracePeriodSeconds is 0, so containers are killed without time to shut down; remove it (default 30) or set the seconds a clean shutdown needs"
	v.details.field == "spec.jobTemplate.spec.template.spec.terminationGracePeriodSeconds"
}

test_positive_grace_period_passes if {
	spec := {"terminationGracePeriodSeconds": 60, "containers": [{"name": "app", "lifecycle": pre_stop}]}
	count(violation) == 0 with input as review(wrap("Deployment", spec))
}

test_native_sidecar_needs_pre_stop_but_init_container_does_not if {
	obj := wrap("Deployment", {
		"initContainers": [{"name": "migrate"}, {"name": "proxy", "restartPolicy": "Always"}],
		"containers": [{"name": "web", "lifecycle": pre_stop}],
		"ephemeralContainers": [{"name": "debug"}],
	})
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	contains(v.msg, "init container proxy has no preStop hook")
	v.details.field == "spec.template.spec.initContainers[1].lifecycle.preStop"
}

test_exemption_with_reason_silences if {
	obj := {"kind": "Deployment", "metadata": {"name": "w", "annotations": {"shipshape.dev/exempt.graceful-shutdown": "stateless worker, drops nothing on kill"}}, "spec": {"template": {"spec": {"terminationGracePeriodSeconds": 0, "containers": [{"name": "a"}]}}}}
	count(violation) == 0 with input as review(obj)
}
