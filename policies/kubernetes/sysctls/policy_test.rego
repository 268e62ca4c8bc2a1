package shipshape.kubernetes.sysctls_test

import data.shipshape.kubernetes.sysctls.violation

safe := [
	"kernel.shm_rmid_forced",
	"net.ipv4.ip_local_port_range",
	"net.ipv4.ip_unprivileged_port_start",
	"net.ipv4.tcp_syncookies",
	"net.ipv4.ping_group_range",
	"net.ipv4.ip_local_reserved_ports",
	"net.ipv4.tcp_keepalive_time",
	"net.ipv4.tcp_fin_timeout",
	"net.ipv4.tcp_keepalive_intvl",
	"net.ipv4.tcp_keepalive_probes",
	"net.ipv4.tcp_rmem",
	"net.ipv4.tcp_wmem",
]

deployment(sysctls) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": {
	"securityContext": {"sysctls": sysctls},
	"containers": [{"name": "a"}],
}}}}

review(obj) := {"review": {"object": obj}, "parameters": {"allowed": safe}}

review_with(obj, allowed) := {"review": {"object": obj}, "parameters": {"allowed": allowed}}

named(names) := [{"name": n, "value": "1"} | some n in names]

test_no_sysctls_pass if {
	count(violation) == 0 with input as review({"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]}})
	count(violation) == 0 with input as review(deployment([]))
}

test_whole_safe_set_passes if {
	count(violation) == 0 with input as review(deployment(named(safe)))
}

test_unsafe_sysctl_denied if {
	vs := violation with input as review(deployment(named(["net.ipv4.tcp_syncookies", "kernel.msgmax", "net.core.somaxconn"])))
	count(vs) == 2
	some v in vs
	v.msg == `Deployment web: sysctl "kernel.msgmax" (spec.template.spec.securityContext.sysctls[1].name) is not in the safe set and would apply to every container of the pod; remove it, or tune it on the nodes and add it to allowed`
	v.details.field == "spec.template.spec.securityContext.sysctls[1].name"
}

test_custom_allowed_list_and_prefix if {
	obj := deployment(named(["net.core.somaxconn", "kernel.msgmax", "kernel.shm_rmid_forced"]))
	vs := violation with input as review_with(obj, ["net.core.somaxconn", "kernel.msg*"])
	count(vs) == 1
	some v in vs
	contains(v.msg, `sysctl "kernel.shm_rmid_forced"`)
}

test_empty_name_never_allowed if {
	count(violation) == 1 with input as review_with(deployment([{"value": "1"}]), ["*"])
}

test_without_parameters_nothing_is_allowed if {
	count(violation) == 1 with input as {"review": {"object": deployment(named(["kernel.shm_rmid_forced"]))}}
}

test_cronjob_nesting if {
	obj := {"kind": "CronJob", "metadata": {"name": "nightly"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"securityContext": {"sysctls": named(["vm.swappiness"])}, "containers": [{"name": "run"}]}}}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.jobTemplate.spec.template.spec.securityContext.sysctls[0].name"
	startswith(v.msg, "CronJob nightly: sysctl \"vm.swappiness\"")
}

test_every_kind if {
	bad := {"securityContext": {"sysctls": named(["kernel.sem"])}, "containers": [{"name": "a"}]}
	count(violation) == 1 with input as review({"kind": "Pod", "metadata": {"name": "p"}, "spec": bad})
	every kind in ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"] {
		count(violation) == 1 with input as review({"kind": kind, "metadata": {"name": "x"}, "spec": {"template": {"spec": bad}}})
	}
}

test_container_security_context_has_no_sysctls if {
	obj := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "securityContext": {"sysctls": named(["kernel.sem"])}}]}}
	count(violation) == 0 with input as review(obj)
}

test_exemption if {
	obj := object.union(deployment(named(["net.core.somaxconn"])), {"metadata": {"annotations": {"shipshape.dev/exempt.sysctls": "nodes allow somaxconn for the gateway pool (NET-9)"}}})
	count(violation) == 0 with input as review(obj)
}
