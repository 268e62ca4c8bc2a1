package shipshape.kubernetes.seccomp_profile_test

import data.shipshape.kubernetes.seccomp_profile.violation

runtime_default := {"seccompProfile": {"type": "RuntimeDefault"}}

unconfined := {"seccompProfile": {"type": "Unconfined"}}

localhost := {"seccompProfile": {"type": "Localhost", "localhostProfile": "profiles/audit.json"}}

deployment(pod_spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": pod_spec}}}

review(obj) := {"review": {"object": obj}, "parameters": {}}

msgs(obj) := {v.msg | some v in violation with input as review(obj)}

test_pod_level_only_passes if {
	count(violation) == 0 with input as review(deployment({"securityContext": runtime_default, "containers": [{"name": "a"}, {"name": "b"}]}))
}

test_container_level_only_passes if {
	obj := deployment({
		"initContainers": [{"name": "i", "securityContext": localhost}],
		"containers": [{"name": "a", "securityContext": runtime_default}],
	})
	count(violation) == 0 with input as review(obj)
}

test_nothing_set_denies_every_container if {
	obj := deployment({"initContainers": [{"name": "i"}], "containers": [{"name": "a"}]})
	vs := violation with input as review(obj)
	count(vs) == 2
	some v in vs
	v.msg == "Deployment web: container a has no seccomp profile; set spec.template.spec.securityContext.seccompProfile.type to RuntimeDefault (or Localhost), or set it on the container"
	v.details.field == "spec.template.spec.containers[0].securityContext.seccompProfile"
}

test_container_only_on_some_containers if {
	obj := deployment({"initContainers": [{"name": "migrate"}], "containers": [{"name": "a", "securityContext": runtime_default}]})
	msgs(obj) == {"Deployment web: init container migrate has no seccomp profile; set spec.template.spec.securityContext.seccompProfile.type to RuntimeDefault (or Localhost), or set it on the container"}
}

test_pod_unconfined_denied if {
	vs := violation with input as review(deployment({"securityContext": unconfined, "containers": [{"name": "a"}]}))
	count(vs) == 1
	some v in vs
	v.msg == `Deployment web: container a runs with seccomp profile type "Unconfined" (spec.template.spec.securityContext.seccompProfile.type); set it to RuntimeDefault or Localhost`
	v.details.field == "spec.template.spec.securityContext.seccompProfile.type"
}

test_conflict_container_wins_over_unconfined_pod if {
	obj := deployment({"securityContext": unconfined, "containers": [{"name": "a", "securityContext": runtime_default}, {"name": "b"}]})
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	contains(v.msg, "container b runs with seccomp profile type \"Unconfined\"")
}

test_conflict_container_unconfined_under_good_pod if {
	obj := deployment({"securityContext": runtime_default, "containers": [{"name": "a", "securityContext": unconfined}]})
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.template.spec.containers[0].securityContext.seccompProfile.type"
}

test_ephemeral_container_counts if {
	obj := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {
		"containers": [{"name": "a", "securityContext": runtime_default}],
		"ephemeralContainers": [{"name": "debug", "securityContext": unconfined}],
	}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	contains(v.msg, "ephemeral container debug runs with seccomp profile type \"Unconfined\" (spec.ephemeralContainers[0].securityContext.seccompProfile.type)")
}

test_windows_pods_need_no_profile if {
	obj := deployment({"os": {"name": "windows"}, "containers": [{"name": "a"}]})
	count(violation) == 0 with input as review(obj)
}

test_legacy_unconfined_annotation_denied if {
	obj := {"kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {
		"metadata": {"annotations": {"container.seccomp.security.alpha.kubernetes.io/a": "unconfined"}},
		"spec": {"securityContext": runtime_default, "containers": [{"name": "a"}]},
	}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	startswith(v.msg, "Deployment web: annotation container.seccomp.security.alpha.kubernetes.io/a is \"unconfined\"")
	v.details.field == "spec.template.metadata.annotations.container.seccomp.security.alpha.kubernetes.io/a"
}

test_legacy_runtime_default_annotation_does_not_count if {
	obj := {"kind": "Pod", "metadata": {"name": "p", "annotations": {"seccomp.security.alpha.kubernetes.io/pod": "runtime/default"}}, "spec": {"containers": [{"name": "a"}]}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	contains(v.msg, "container a has no seccomp profile")
}

test_cronjob_nesting if {
	obj := {"kind": "CronJob", "metadata": {"name": "nightly"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "run"}]}}}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.msg == "CronJob nightly: container run has no seccomp profile; set spec.jobTemplate.spec.template.spec.securityContext.seccompProfile.type to RuntimeDefault (or Localhost), or set it on the container"
}

test_every_kind if {
	bad := {"containers": [{"name": "a"}]}
	count(violation) == 1 with input as review({"kind": "Pod", "metadata": {"name": "p"}, "spec": bad})
	every kind in ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"] {
		count(violation) == 1 with input as review({"kind": kind, "metadata": {"name": "x"}, "spec": {"template": {"spec": bad}}})
	}
	count(violation) == 0 with input as review({"kind": "ConfigMap", "metadata": {"name": "c", "annotations": {"seccomp.security.alpha.kubernetes.io/pod": "unconfined"}}})
}

test_exemption if {
	obj := object.union(deployment({"containers": [{"name": "a"}]}), {"metadata": {"annotations": {"shipshape.dev/exempt.seccomp-profile": "strace-based profiler (SEC-12)"}}})
	count(violation) == 0 with input as review(obj)
}
