package shipshape.kubernetes.run_as_non_root_test

import data.shipshape.kubernetes.run_as_non_root.violation

review(obj) := {"review": {"object": obj}, "parameters": {}}

every_kind(spec) := [
	{"kind": "Pod", "metadata": {"name": "w"}, "spec": spec},
	{"kind": "Deployment", "metadata": {"name": "w"}, "spec": {"template": {"spec": spec}}},
	{"kind": "StatefulSet", "metadata": {"name": "w"}, "spec": {"template": {"spec": spec}}},
	{"kind": "DaemonSet", "metadata": {"name": "w"}, "spec": {"template": {"spec": spec}}},
	{"kind": "ReplicaSet", "metadata": {"name": "w"}, "spec": {"template": {"spec": spec}}},
	{"kind": "ReplicationController", "metadata": {"name": "w"}, "spec": {"template": {"spec": spec}}},
	{"kind": "Job", "metadata": {"name": "w"}, "spec": {"template": {"spec": spec}}},
	{"kind": "CronJob", "metadata": {"name": "w"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": spec}}}}},
]

pod(pod_sc, container_sc) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {
	"securityContext": pod_sc,
	"containers": [{"name": "app", "image": "app:1", "securityContext": container_sc}],
}}

test_pod_level_only_passes_in_every_kind if {
	spec := {"securityContext": {"runAsNonRoot": true}, "containers": [{"name": "app"}], "initContainers": [{"name": "init"}]}
	every obj in every_kind(spec) {
		count(violation) == 0 with input as review(obj)
	}
}

test_nothing_set_denied_in_every_kind if {
	spec := {"containers": [{"name": "app"}], "initContainers": [{"name": "init"}]}
	every obj in every_kind(spec) {
		count(violation) == 2 with input as review(obj)
	}
}

test_container_level_only_passes if {
	count(violation) == 0 with input as review(pod({}, {"runAsNonRoot": true}))
	count(violation) == 0 with input as review(pod({}, {"runAsUser": 1000}))
}

test_pod_level_non_zero_user_passes if {
	count(violation) == 0 with input as review(pod({"runAsUser": 10001}, {}))
}

test_message_when_nothing_set if {
	vs := violation with input as review(pod({}, {}))
	count(vs) == 1
	some v in vs
	v.msg == "Pod p: container app may run as root: securityContext sets neither runAsNonRoot nor runAsUser; set securityContext.runAsNonRoot: true and a non-zero runAsUser on the pod or the container"
	v.details.field == "spec.containers[0].securityContext.runAsNonRoot"
}

test_container_false_overrides_pod_true if {
	vs := violation with input as review(pod({"runAsNonRoot": true}, {"runAsNonRoot": false}))
	count(vs) == 1
	some v in vs
	contains(v.msg, "container app may run as root: spec.containers[0].securityContext.runAsNonRoot is false")
	v.details.field == "spec.containers[0].securityContext.runAsNonRoot"
}

test_container_true_overrides_pod_false if {
	count(violation) == 0 with input as review(pod({"runAsNonRoot": false}, {"runAsNonRoot": true}))
}

test_pod_false_names_pod_field if {
	vs := violation with input as review(pod({"runAsNonRoot": false}, {}))
	count(vs) == 1
	some v in vs
	v.details.field == "spec.securityContext.runAsNonRoot"
}

test_non_zero_user_satisfies_despite_run_as_non_root_false if {
	count(violation) == 0 with input as review(pod({"runAsNonRoot": false}, {"runAsUser": 1000}))
}

test_root_user_at_pod_level_denied if {
	vs := violation with input as review(pod({"runAsUser": 0}, {}))
	count(vs) == 1
	some v in vs
	v.msg == "Pod p: container app runs as root through spec.securityContext.runAsUser: 0; set a non-zero runAsUser (e.g. 10001) and runAsNonRoot: true"
	v.details.field == "spec.securityContext.runAsUser"
}

test_root_user_denied_even_with_run_as_non_root if {
	vs := violation with input as review(pod({"runAsNonRoot": true}, {"runAsUser": 0}))
	count(vs) == 1
	some v in vs
	v.details.field == "spec.containers[0].securityContext.runAsUser"
}

test_container_user_overrides_pod_root if {
	count(violation) == 0 with input as review(pod({"runAsUser": 0}, {"runAsUser": 1000}))
}

test_container_root_overrides_pod_user if {
	vs := violation with input as review(pod({"runAsUser": 1000}, {"runAsUser": 0}))
	count(vs) == 1
	some v in vs
	v.details.field == "spec.containers[0].securityContext.runAsUser"
}

test_init_container_breaks_rule_while_main_is_fine if {
	obj := {"kind": "StatefulSet", "metadata": {"name": "db"}, "spec": {"template": {"spec": {
		"initContainers": [{"name": "chown", "securityContext": {"runAsUser": 0}}],
		"containers": [{"name": "postgres", "securityContext": {"runAsNonRoot": true, "runAsUser": 999}}],
	}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	contains(v.msg, "StatefulSet db: init container chown runs as root")
	v.details.field == "spec.template.spec.initContainers[0].securityContext.runAsUser"
}

test_ephemeral_container_checked if {
	obj := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {
		"containers": [{"name": "app", "securityContext": {"runAsNonRoot": true}}],
		"ephemeralContainers": [{"name": "debugger", "securityContext": {"runAsNonRoot": false}}],
	}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	contains(v.msg, "ephemeral container debugger may run as root")
}

test_cronjob_nesting_path if {
	obj := {"kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"securityContext": {"runAsNonRoot": false}, "containers": [{"name": "job"}]}}}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.jobTemplate.spec.template.spec.securityContext.runAsNonRoot"
}

test_windows_pod_checked_with_windows_fix if {
	obj := {"kind": "Pod", "metadata": {"name": "win"}, "spec": {"os": {"name": "windows"}, "containers": [{"name": "iis"}]}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	contains(v.msg, "Windows pods cannot set runAsUser")
	count(violation) == 0 with input as review(object.union(obj, {"spec": {"securityContext": {"runAsNonRoot": true}}}))
}

test_exemption_with_reason_silences if {
	obj := object.union(pod({}, {}), {"metadata": {"annotations": {"shipshape.dev/exempt.run-as-non-root": "vendor image needs root until v3"}}})
	count(violation) == 0 with input as review(obj)
}
