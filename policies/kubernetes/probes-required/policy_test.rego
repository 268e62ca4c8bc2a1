package shipshape.kubernetes.probes_required_test

import data.shipshape.kubernetes.probes_required.violation

probe := {"httpGet": {"path": "/healthz", "port": 8080}}

healthy := {"name": "app", "livenessProbe": probe, "readinessProbe": probe}

deployment(containers) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": {"containers": containers}}}}

review(obj) := {"review": {"object": obj}, "parameters": {}}

test_both_probes_pass if {
	count(violation) == 0 with input as review(deployment([healthy]))
}

test_missing_readiness if {
	vs := violation with input as review(deployment([{"name": "app", "livenessProbe": probe}]))
	count(vs) == 1
	some v in vs
	v.msg == "Deployment web: container app has no readiness probe; add readinessProbe (httpGet, tcpSocket, exec or grpc)"
	v.details.field == "spec.template.spec.containers[0].readinessProbe"
}

test_missing_both if {
	count(violation) == 2 with input as review(deployment([{"name": "app"}]))
}

test_two_handlers_is_wrong if {
	bad := {"name": "app", "livenessProbe": {"httpGet": {"port": 80}, "exec": {"command": ["true"]}}, "readinessProbe": probe}
	vs := violation with input as review(deployment([bad]))
	count(vs) == 1
	some v in vs
	contains(v.msg, "with 2 handlers (httpGet, exec)")
}

test_no_handler_is_wrong if {
	bad := {"name": "app", "livenessProbe": {"periodSeconds": 10}, "readinessProbe": probe}
	count(violation) == 1 with input as review(deployment([bad]))
}

test_jobs_and_cronjobs_are_left_out if {
	count(violation) == 0 with input as review({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}, "spec": {"template": {"spec": {"containers": [{"name": "a"}]}}}})
	count(violation) == 0 with input as review({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "a"}]}}}}}})
	count(violation) == 0 with input as review({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"restartPolicy": "Never", "containers": [{"name": "a"}]}})
}

test_init_containers_need_no_probes_but_sidecars_do if {
	obj := {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"}, "spec": {"template": {"spec": {
		"initContainers": [{"name": "init"}, {"name": "sidecar", "restartPolicy": "Always"}],
		"containers": [healthy],
	}}}}
	vs := violation with input as review(obj)
	count(vs) == 2
	every v in vs {
		contains(v.msg, "init container sidecar")
	}
}

test_every_long_running_kind if {
	every kind in ["DaemonSet", "ReplicaSet", "ReplicationController", "StatefulSet"] {
		count(violation) == 2 with input as review({"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": "x"}, "spec": {"template": {"spec": {"containers": [{"name": "a"}]}}}})
	}
}
