package shipshape.kubernetes.no_privileged_test

import data.shipshape.kubernetes.no_privileged.violation

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

privileged := {"privileged": true}

test_unset_and_false_pass_in_every_kind if {
	spec := {"containers": [{"name": "a"}, {"name": "b", "securityContext": {"privileged": false}}]}
	every obj in every_kind(spec) {
		count(violation) == 0 with input as review(obj)
	}
}

test_all_three_lists_denied_in_every_kind if {
	spec := {
		"initContainers": [{"name": "i", "securityContext": privileged}],
		"containers": [{"name": "a", "securityContext": privileged}],
		"ephemeralContainers": [{"name": "e", "securityContext": privileged}],
	}
	every obj in every_kind(spec) {
		count(violation) == 3 with input as review(obj)
	}
}

test_message_names_object_container_field_and_fix if {
	obj := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "securityContext": privileged}]}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.msg == "Pod p: container app is privileged (spec.containers[0].securityContext.privileged: true) and so has full access to the node; remove privileged and add only the capabilities it needs"
	v.details.field == "spec.containers[0].securityContext.privileged"
}

test_pod_level_privileged_is_not_a_kubernetes_field if {
	# PodSecurityContext has no privileged field; a stray one changes nothing.
	obj := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"securityContext": privileged, "containers": [{"name": "app"}]}}
	count(violation) == 0 with input as review(obj)
}

test_init_container_breaks_rule_while_main_is_fine if {
	obj := {"kind": "DaemonSet", "metadata": {"name": "agent"}, "spec": {"template": {"spec": {
		"initContainers": [{"name": "sysctl", "securityContext": privileged}],
		"containers": [{"name": "agent", "securityContext": {"privileged": false}}],
	}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	contains(v.msg, "DaemonSet agent: init container sysctl is privileged")
	v.details.field == "spec.template.spec.initContainers[0].securityContext.privileged"
}

test_ephemeral_container_denied if {
	obj := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app"}], "ephemeralContainers": [{"name": "debug", "securityContext": privileged}]}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	contains(v.msg, "ephemeral container debug is privileged")
}

test_cronjob_nesting_path if {
	obj := {"kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "job", "securityContext": privileged}]}}}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged"
}

test_exemption_with_reason_silences if {
	obj := {"kind": "DaemonSet", "metadata": {"name": "csi", "annotations": {"shipshape.dev/exempt.no-privileged": "CSI node plugin mounts volumes for the kubelet"}}, "spec": {"template": {"spec": {"containers": [{"name": "plugin", "securityContext": privileged}]}}}}
	count(violation) == 0 with input as review(obj)
}
