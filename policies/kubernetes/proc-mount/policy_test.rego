package shipshape.kubernetes.proc_mount_test

import data.shipshape.kubernetes.proc_mount.violation

deployment(pod_spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": pod_spec}}}

review(obj) := {"review": {"object": obj}, "parameters": {}}

unmasked := {"procMount": "Unmasked"}

test_unset_and_default_pass if {
	count(violation) == 0 with input as review(deployment({"containers": [{"name": "a"}, {"name": "b", "securityContext": {"procMount": "Default"}}]}))
}

test_unmasked_denied if {
	vs := violation with input as review(deployment({"containers": [{"name": "a", "securityContext": unmasked}]}))
	count(vs) == 1
	some v in vs
	v.msg == "Deployment web: container a sets procMount Unmasked (spec.template.spec.containers[0].securityContext.procMount); remove it or set it to Default so /proc stays masked"
	v.details.field == "spec.template.spec.containers[0].securityContext.procMount"
}

test_pod_level_is_not_a_setting if {
	# procMount exists only on containers; a pod-level value is ignored by Kubernetes.
	count(violation) == 0 with input as review(deployment({"securityContext": unmasked, "containers": [{"name": "a"}]}))
}

test_user_namespace_does_not_relax if {
	count(violation) == 1 with input as review(deployment({"hostUsers": false, "containers": [{"name": "a", "securityContext": unmasked}]}))
}

test_init_container_breaks_rule_main_fine if {
	obj := deployment({"initContainers": [{"name": "sysctl", "securityContext": unmasked}], "containers": [{"name": "a", "securityContext": {"procMount": "Default"}}]})
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	startswith(v.msg, "Deployment web: init container sysctl sets procMount Unmasked (spec.template.spec.initContainers[0].securityContext.procMount)")
}

test_ephemeral_container if {
	obj := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}], "ephemeralContainers": [{"name": "debug", "securityContext": unmasked}]}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.ephemeralContainers[0].securityContext.procMount"
}

test_cronjob_nesting if {
	obj := {"kind": "CronJob", "metadata": {"name": "nightly"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "run", "securityContext": unmasked}]}}}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.jobTemplate.spec.template.spec.containers[0].securityContext.procMount"
}

test_every_kind if {
	bad := {"containers": [{"name": "a", "securityContext": unmasked}]}
	count(violation) == 1 with input as review({"kind": "Pod", "metadata": {"name": "p"}, "spec": bad})
	every kind in ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"] {
		count(violation) == 1 with input as review({"kind": kind, "metadata": {"name": "x"}, "spec": {"template": {"spec": bad}}})
	}
}

test_exemption if {
	obj := object.union(deployment({"containers": [{"name": "a", "securityContext": unmasked}]}), {"metadata": {"annotations": {"shipshape.dev/exempt.proc-mount": "nested container builder (CI-88)"}}})
	count(violation) == 0 with input as review(obj)
}
