package shipshape.kubernetes.apparmor_profile_test

import data.shipshape.kubernetes.apparmor_profile.violation

runtime_default := {"appArmorProfile": {"type": "RuntimeDefault"}}

unconfined := {"appArmorProfile": {"type": "Unconfined"}}

localhost := {"appArmorProfile": {"type": "Localhost", "localhostProfile": "k8s-deny-write"}}

deployment(pod_spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": pod_spec}}}

annotated(annotations, pod_spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"metadata": {"annotations": annotations}, "spec": pod_spec}}}

review(obj) := {"review": {"object": obj}, "parameters": {}}

test_unset_passes if {
	count(violation) == 0 with input as review(deployment({"containers": [{"name": "a"}]}))
}

test_pod_level_only_allowed_values_pass if {
	count(violation) == 0 with input as review(deployment({"securityContext": runtime_default, "containers": [{"name": "a"}]}))
	count(violation) == 0 with input as review(deployment({"securityContext": localhost, "containers": [{"name": "a"}]}))
}

test_pod_level_unconfined_denies_each_container if {
	obj := deployment({"securityContext": unconfined, "initContainers": [{"name": "i"}], "containers": [{"name": "a"}]})
	vs := violation with input as review(obj)
	count(vs) == 2
	some v in vs
	v.msg == `Deployment web: container a runs with AppArmor profile type "Unconfined" (spec.template.spec.securityContext.appArmorProfile.type); set it to RuntimeDefault or Localhost, or remove it`
	v.details.field == "spec.template.spec.securityContext.appArmorProfile.type"
}

test_container_level_only if {
	obj := deployment({"initContainers": [{"name": "setup", "securityContext": unconfined}], "containers": [{"name": "a", "securityContext": runtime_default}]})
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	contains(v.msg, "init container setup runs with AppArmor profile type \"Unconfined\" (spec.template.spec.initContainers[0].securityContext.appArmorProfile.type)")
}

test_conflict_container_wins if {
	# The container's RuntimeDefault wins over the pod's Unconfined ...
	count(violation) == 0 with input as review(deployment({"securityContext": unconfined, "containers": [{"name": "a", "securityContext": localhost}]}))

	# ... and its Unconfined wins over the pod's RuntimeDefault.
	vs := violation with input as review(deployment({"securityContext": runtime_default, "containers": [{"name": "a", "securityContext": unconfined}]}))
	count(vs) == 1
}

test_ephemeral_container if {
	obj := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}], "ephemeralContainers": [{"name": "debug", "securityContext": unconfined}]}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	startswith(v.msg, "Pod p: ephemeral container debug runs with AppArmor profile type \"Unconfined\"")
}

test_annotation_values if {
	ok := {
		"container.apparmor.security.beta.kubernetes.io/a": "runtime/default",
		"container.apparmor.security.beta.kubernetes.io/b": "localhost/k8s-deny-write",
		"container.apparmor.security.beta.kubernetes.io/c": "",
		"apparmor.example.com/unrelated": "unconfined",
	}
	count(violation) == 0 with input as review(annotated(ok, {"containers": [{"name": "a"}]}))
}

test_annotation_unconfined_denied if {
	obj := annotated({"container.apparmor.security.beta.kubernetes.io/a": "unconfined"}, {"containers": [{"name": "a"}]})
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.msg == `Deployment web: annotation container.apparmor.security.beta.kubernetes.io/a sets AppArmor profile "unconfined" for container a; remove it, or use securityContext.appArmorProfile.type RuntimeDefault (or Localhost) on the container`
	v.details.field == "spec.template.metadata.annotations.container.apparmor.security.beta.kubernetes.io/a"
}

# The API server copies a Pod's annotation into the field on create: the
# annotation and its copy are one fact, said once, before and after.
test_annotation_and_its_copy_reported_once if {
	written := {"kind": "Pod", "metadata": {"name": "p", "annotations": {"container.apparmor.security.beta.kubernetes.io/a": "unconfined"}}, "spec": {"containers": [{"name": "a"}]}}
	created := json.patch(written, [{"op": "add", "path": "/spec/containers/0/securityContext", "value": unconfined}])
	before := {v.msg | some v in violation} with input as review(written)
	after := {v.msg | some v in violation} with input as review(created)
	count(before) == 1
	before == after
}

test_pod_annotation_on_pod_metadata if {
	obj := {"kind": "Pod", "metadata": {"name": "p", "annotations": {"container.apparmor.security.beta.kubernetes.io/a": "unconfined"}}, "spec": {"containers": [{"name": "a"}]}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "metadata.annotations.container.apparmor.security.beta.kubernetes.io/a"
}

test_cronjob_nesting if {
	obj := {"kind": "CronJob", "metadata": {"name": "nightly"}, "spec": {"jobTemplate": {"spec": {"template": {
		"metadata": {"annotations": {"container.apparmor.security.beta.kubernetes.io/run": "unconfined"}},
		"spec": {"containers": [{"name": "run", "securityContext": unconfined}, {"name": "other", "securityContext": unconfined}]},
	}}}}}
	vs := violation with input as review(obj)
	fields := {v.details.field | some v in vs}
	fields == {
		"spec.jobTemplate.spec.template.metadata.annotations.container.apparmor.security.beta.kubernetes.io/run",
		"spec.jobTemplate.spec.template.spec.containers[1].securityContext.appArmorProfile.type",
	}
}

test_every_kind if {
	bad := {"containers": [{"name": "a", "securityContext": unconfined}]}
	count(violation) == 1 with input as review({"kind": "Pod", "metadata": {"name": "p"}, "spec": bad})
	every kind in ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"] {
		count(violation) == 1 with input as review({"kind": kind, "metadata": {"name": "x"}, "spec": {"template": {"spec": bad}}})
	}
}

test_exemption if {
	obj := object.union(deployment({"securityContext": unconfined, "containers": [{"name": "a"}]}), {"metadata": {"annotations": {"shipshape.dev/exempt.apparmor-profile": "node debugger, SEC-31"}}})
	count(violation) == 0 with input as review(obj)
}
