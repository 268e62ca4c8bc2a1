package shipshape.kubernetes.selinux_options_test

import data.shipshape.kubernetes.selinux_options.violation

deployment(pod_spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": pod_spec}}}

review(obj) := {"review": {"object": obj}, "parameters": {}}

se(opts) := {"seLinuxOptions": opts}

test_unset_passes if {
	count(violation) == 0 with input as review(deployment({"containers": [{"name": "a"}]}))
}

test_every_allowed_type_and_any_level_passes if {
	every t in ["container_t", "container_init_t", "container_kvm_t", "container_engine_t", ""] {
		count(violation) == 0 with input as review(deployment({"securityContext": se({"type": t, "level": "s0:c123,c456"}), "containers": [{"name": "a"}]}))
	}
}

test_pod_level_bad_type if {
	vs := violation with input as review(deployment({"securityContext": se({"type": "spc_t"}), "containers": [{"name": "a"}]}))
	count(vs) == 1
	some v in vs
	v.msg == `Deployment web: container a runs with SELinux type "spc_t" (spec.template.spec.securityContext.seLinuxOptions.type); leave it unset or use container_t, container_init_t, container_kvm_t or container_engine_t`
	v.details.field == "spec.template.spec.securityContext.seLinuxOptions.type"
}

test_container_level_user_and_role if {
	obj := deployment({"containers": [{"name": "a", "securityContext": se({"user": "system_u", "role": "system_r", "type": "container_t"})}]})
	vs := violation with input as review(obj)
	count(vs) == 2
	{v.details.field | some v in vs} == {"spec.template.spec.containers[0].securityContext.seLinuxOptions.user", "spec.template.spec.containers[0].securityContext.seLinuxOptions.role"}
	some v in vs
	v.msg == `Deployment web: container a runs with a custom SELinux user "system_u" (spec.template.spec.containers[0].securityContext.seLinuxOptions.user); remove it, the container policy sets the user`
}

test_conflict_container_object_wins_whole if {
	# The container's options replace the pod's whole, so the pod's user does not reach it.
	obj := deployment({"securityContext": se({"user": "system_u"}), "containers": [{"name": "a", "securityContext": se({"type": "container_t"})}, {"name": "b"}]})
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	contains(v.msg, "container b runs with a custom SELinux user \"system_u\" (spec.template.spec.securityContext.seLinuxOptions.user)")
}

test_conflict_bad_container_under_good_pod if {
	obj := deployment({"securityContext": se({"type": "container_t"}), "containers": [{"name": "a", "securityContext": se({"type": "unconfined_t"})}]})
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.template.spec.containers[0].securityContext.seLinuxOptions.type"
}

test_init_container_breaks_rule_main_fine if {
	obj := deployment({"initContainers": [{"name": "relabel", "securityContext": se({"type": "spc_t"})}], "containers": [{"name": "a"}]})
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	startswith(v.msg, "Deployment web: init container relabel runs with SELinux type \"spc_t\"")
}

test_ephemeral_container if {
	obj := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}], "ephemeralContainers": [{"name": "debug", "securityContext": se({"role": "sysadm_r"})}]}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.ephemeralContainers[0].securityContext.seLinuxOptions.role"
}

test_cronjob_nesting if {
	obj := {"kind": "CronJob", "metadata": {"name": "nightly"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"securityContext": se({"type": "spc_t"}), "containers": [{"name": "run"}]}}}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.jobTemplate.spec.template.spec.securityContext.seLinuxOptions.type"
	startswith(v.msg, "CronJob nightly: container run")
}

test_every_kind if {
	bad := {"containers": [{"name": "a", "securityContext": se({"type": "spc_t"})}]}
	count(violation) == 1 with input as review({"kind": "Pod", "metadata": {"name": "p"}, "spec": bad})
	every kind in ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"] {
		count(violation) == 1 with input as review({"kind": kind, "metadata": {"name": "x"}, "spec": {"template": {"spec": bad}}})
	}
}

test_exemption if {
	obj := object.union(deployment({"containers": [{"name": "a", "securityContext": se({"type": "spc_t"})}]}), {"metadata": {"annotations": {"shipshape.dev/exempt.selinux-options": "CSI node plugin needs spc_t (STOR-4)"}}})
	count(violation) == 0 with input as review(obj)
}
