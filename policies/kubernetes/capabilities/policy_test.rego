package shipshape.kubernetes.capabilities_test

import data.shipshape.kubernetes.capabilities.violation

params := {"allowed": ["NET_BIND_SERVICE"]}

review(obj) := {"review": {"object": obj}, "parameters": params}

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

caps(drop, add) := {"capabilities": {"drop": drop, "add": add}}

pod(sc) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "securityContext": sc}]}}

test_drop_all_passes_in_every_list_and_kind if {
	sc := caps(["ALL"], ["NET_BIND_SERVICE"])
	spec := {
		"initContainers": [{"name": "i", "securityContext": sc}],
		"containers": [{"name": "a", "securityContext": sc}],
		"ephemeralContainers": [{"name": "e", "securityContext": caps(["ALL"], [])}],
	}
	every obj in every_kind(spec) {
		count(violation) == 0 with input as review(obj)
	}
}

test_nothing_dropped_denied_in_every_list_and_kind if {
	spec := {"initContainers": [{"name": "i"}], "containers": [{"name": "a"}], "ephemeralContainers": [{"name": "e"}]}
	every obj in every_kind(spec) {
		count(violation) == 3 with input as review(obj)
	}
}

test_drop_message if {
	vs := violation with input as review(pod(caps(["NET_RAW"], [])))
	count(vs) == 1
	some v in vs
	v.msg == "Pod p: container app does not drop ALL capabilities; add ALL to spec.containers[0].securityContext.capabilities.drop and add back only what it needs"
	v.details.field == "spec.containers[0].securityContext.capabilities.drop"
}

test_drop_is_case_sensitive_as_in_pss if {
	count(violation) == 1 with input as review(pod(caps(["all"], [])))
}

test_added_capability_message if {
	vs := violation with input as review(pod(caps(["ALL"], ["NET_BIND_SERVICE", "SYS_ADMIN", "NET_ADMIN"])))
	count(vs) == 1
	some v in vs
	v.msg == "Pod p: container app adds capabilities SYS_ADMIN, NET_ADMIN, which are not allowed (allowed: NET_BIND_SERVICE); remove them from spec.containers[0].securityContext.capabilities.add"
	v.details.field == "spec.containers[0].securityContext.capabilities.add"
	v.details.disallowed == ["SYS_ADMIN", "NET_ADMIN"]
}

test_both_problems_in_one_container if {
	count(violation) == 2 with input as review(pod(caps([], ["SYS_PTRACE"])))
}

test_pod_level_capabilities_are_not_a_kubernetes_field if {
	obj := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"securityContext": caps(["ALL"], []), "containers": [{"name": "app"}]}}
	count(violation) == 1 with input as review(obj)
}

test_parameters_choose_allowed if {
	obj := pod(caps(["ALL"], ["NET_ADMIN"]))
	count(violation) == 0 with input as {"review": {"object": obj}, "parameters": {"allowed": ["NET_ADMIN", "NET_RAW"]}}
	vs := violation with input as {"review": {"object": pod(caps(["ALL"], ["NET_BIND_SERVICE"]))}, "parameters": {"allowed": []}}
	count(vs) == 1
	some v in vs
	contains(v.msg, "(allowed: none)")
}

test_init_container_breaks_rule_while_main_is_fine if {
	obj := {"kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": {
		"initContainers": [{"name": "iptables", "securityContext": caps(["ALL"], ["NET_ADMIN"])}],
		"containers": [{"name": "web", "securityContext": caps(["ALL"], [])}],
	}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	contains(v.msg, "Deployment web: init container iptables adds capabilities NET_ADMIN")
	v.details.field == "spec.template.spec.initContainers[0].securityContext.capabilities.add"
}

test_cronjob_nesting_path if {
	obj := {"kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "job"}]}}}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.jobTemplate.spec.template.spec.containers[0].securityContext.capabilities.drop"
}

test_windows_pod_skipped if {
	obj := {"kind": "Pod", "metadata": {"name": "win"}, "spec": {"os": {"name": "windows"}, "containers": [{"name": "iis"}]}}
	count(violation) == 0 with input as review(obj)
}

test_exemption_with_reason_silences if {
	obj := object.union(pod(caps(["ALL"], ["NET_ADMIN"])), {"metadata": {"annotations": {"shipshape.dev/exempt.capabilities": "VPN gateway manages routes"}}})
	count(violation) == 0 with input as review(obj)
}
