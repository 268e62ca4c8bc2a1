package shipshape.kubernetes.image_digest_test

import data.shipshape.kubernetes.image_digest.violation

digest := "sha256:0d3e5b9a1f7c2e4d6b8a0c1e3f5a7b9d1c3e5f7a9b1d3f5a7c9e1b3d5f7a9c1e"

pod(ns, containers) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": ns}, "spec": {"containers": containers}}

review(obj, namespaces) := {"review": {"object": obj}, "parameters": {"namespaces": namespaces}}

test_digest_passes if {
	count(violation) == 0 with input as review(pod("shop", [{"name": "a", "image": concat("@", ["nginx", digest])}]), [])
}

test_tag_and_digest_together_pass if {
	count(violation) == 0 with input as review(pod("shop", [{"name": "a", "image": concat("@", ["registry.example.com:5000/web:2.4.1", digest])}]), [])
}

test_tag_only_is_reported if {
	vs := violation with input as review(pod("shop", [{"name": "a", "image": "nginx:1.27"}]), [])
	count(vs) == 1
	some v in vs
	v.msg == `Pod p: container a uses image "nginx:1.27" without a digest; reference the scanned image by digest, e.g. nginx:1.27@sha256:<digest>`
	v.details.field == "spec.containers[0].image"
}

test_registry_port_and_no_tag_are_reported if {
	count(violation) == 1 with input as review(pod("shop", [{"name": "a", "image": "host:5000/app"}]), [])
}

test_namespaces_limit_the_check if {
	count(violation) == 0 with input as review(pod("dev", [{"name": "a", "image": "nginx:1.27"}]), ["prod"])
	count(violation) == 1 with input as review(pod("prod", [{"name": "a", "image": "nginx:1.27"}]), ["prod"])
}

test_namespace_from_the_request if {
	obj := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "image": "nginx:1.27"}]}}
	count(violation) == 1 with input as {"review": {"object": obj, "namespace": "prod"}, "parameters": {"namespaces": ["prod"]}}
}

test_init_container_breaks_rule_while_main_is_fine if {
	obj := {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent", "namespace": "ops"}, "spec": {"template": {"spec": {
		"initContainers": [{"name": "init", "image": "busybox:1.36"}],
		"containers": [{"name": "main", "image": concat("@", ["agent:1", digest])}],
	}}}}
	vs := violation with input as review(obj, [])
	count(vs) == 1
	some v in vs
	v.details.field == "spec.template.spec.initContainers[0].image"
	contains(v.msg, "DaemonSet agent: init container init uses image")
}

test_cronjob_nesting if {
	obj := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c", "namespace": "ops"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "main", "image": "app:1"}]}}}}}}
	vs := violation with input as review(obj, [])
	count(vs) == 1
	some v in vs
	v.details.field == "spec.jobTemplate.spec.template.spec.containers[0].image"
}

test_exemption_with_reason_silences if {
	obj := object.union(pod("shop", [{"name": "a", "image": "nginx:1.27"}]), {"metadata": {"annotations": {"shipshape.dev/exempt.image-digest": "internal tool, not scanned by policy"}}})
	count(violation) == 0 with input as review(obj, [])
}
