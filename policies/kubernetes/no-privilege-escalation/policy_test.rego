package shipshape.kubernetes.no_privilege_escalation_test

import data.shipshape.kubernetes.no_privilege_escalation.violation

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

no_escalation := {"allowPrivilegeEscalation": false}

test_false_everywhere_passes_in_every_kind if {
	spec := {
		"initContainers": [{"name": "i", "securityContext": no_escalation}],
		"containers": [{"name": "a", "securityContext": no_escalation}],
		"ephemeralContainers": [{"name": "e", "securityContext": no_escalation}],
	}
	every obj in every_kind(spec) {
		count(violation) == 0 with input as review(obj)
	}
}

test_unset_denied_in_every_list_and_kind if {
	spec := {"initContainers": [{"name": "i"}], "containers": [{"name": "a"}], "ephemeralContainers": [{"name": "e"}]}
	every obj in every_kind(spec) {
		count(violation) == 3 with input as review(obj)
	}
}

test_unset_message if {
	obj := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app"}]}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.msg == "Pod p: container app does not set allowPrivilegeEscalation, which defaults to true; set spec.containers[0].securityContext.allowPrivilegeEscalation: false"
	v.details.field == "spec.containers[0].securityContext.allowPrivilegeEscalation"
}

test_true_message if {
	obj := {"kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {"containers": [{"name": "app", "securityContext": {"allowPrivilegeEscalation": true}}]}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	contains(v.msg, "Deployment d: container app allows privilege escalation (allowPrivilegeEscalation: true)")
}

test_pod_level_value_does_not_count if {
	# PodSecurityContext has no allowPrivilegeEscalation: only containers decide.
	obj := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"securityContext": no_escalation, "containers": [{"name": "app"}]}}
	count(violation) == 1 with input as review(obj)
}

test_init_container_breaks_rule_while_main_is_fine if {
	obj := {"kind": "StatefulSet", "metadata": {"name": "db"}, "spec": {"template": {"spec": {
		"initContainers": [{"name": "chown", "securityContext": {"allowPrivilegeEscalation": true}}],
		"containers": [{"name": "postgres", "securityContext": no_escalation}],
	}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.template.spec.initContainers[0].securityContext.allowPrivilegeEscalation"
	contains(v.msg, "init container chown")
}

test_cronjob_nesting_path if {
	obj := {"kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "job"}]}}}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.jobTemplate.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation"
}

test_windows_pod_skipped if {
	obj := {"kind": "Deployment", "metadata": {"name": "iis"}, "spec": {"template": {"spec": {"os": {"name": "windows"}, "containers": [{"name": "iis"}]}}}}
	count(violation) == 0 with input as review(obj)
	linux := json.patch(obj, [{"op": "replace", "path": "/spec/template/spec/os/name", "value": "linux"}])
	count(violation) == 1 with input as review(linux)
}

test_exemption_with_reason_silences if {
	obj := {"kind": "Pod", "metadata": {"name": "p", "annotations": {"shipshape.dev/exempt.no-privilege-escalation": "legacy image uses sudo; rewrite tracked in OPS-12"}}, "spec": {"containers": [{"name": "app"}]}}
	count(violation) == 0 with input as review(obj)
}
