package shipshape.kubernetes.image_tag_pinned_test

import data.shipshape.kubernetes.image_tag_pinned.violation

params := {"disallowedTags": ["latest"]}

pod(containers) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": containers}}

review(obj) := {"review": {"object": obj}, "parameters": params}

test_tagged_image_passes if {
	count(violation) == 0 with input as review(pod([{"name": "a", "image": "nginx:1.27"}]))
}

test_missing_tag_is_denied if {
	vs := violation with input as review(pod([{"name": "a", "image": "nginx"}]))
	count(vs) == 1
	some v in vs
	contains(v.msg, `container a uses image "nginx" with neither tag nor digest`)
	v.details.field == "spec.containers[0].image"
}

test_latest_is_denied if {
	vs := violation with input as review(pod([{"name": "a", "image": "nginx:latest"}]))
	count(vs) == 1
	some v in vs
	contains(v.msg, `tag "latest" does not pin a version`)
}

test_registry_port_is_not_a_tag if {
	vs := violation with input as review(pod([{"name": "a", "image": "host:5000/app"}]))
	count(vs) == 1
	count(violation) == 0 with input as review(pod([{"name": "a", "image": "host:5000/app:1.0"}]))
}

test_digest_pins_even_with_latest if {
	count(violation) == 0 with input as review(pod([{"name": "a", "image": "nginx:latest@sha256:abc"}]))
}

test_init_container_breaks_rule_while_main_is_fine if {
	obj := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {
		"initContainers": [{"name": "init", "image": "busybox"}],
		"containers": [{"name": "main", "image": "app:1"}],
	}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.template.spec.initContainers[0].image"
}

test_cronjob_nesting if {
	obj := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "main", "image": "app"}]}}}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.jobTemplate.spec.template.spec.containers[0].image"
}

test_parameters_choose_tags if {
	custom := {"review": {"object": pod([{"name": "a", "image": "app:stable"}])}, "parameters": {"disallowedTags": ["stable"]}}
	count(violation) == 1 with input as custom
}

test_exemption_with_reason_silences if {
	obj := object.union(pod([{"name": "a", "image": "nginx"}]), {"metadata": {"name": "p", "annotations": {"shipshape.dev/exempt.image-tag-pinned": "vendor image, pinned by the mirror"}}})
	count(violation) == 0 with input as review(obj)
}

test_exemption_with_empty_reason_is_reported if {
	obj := object.union(pod([{"name": "a", "image": "nginx"}]), {"metadata": {"name": "p", "annotations": {"shipshape.dev/exempt.image-tag-pinned": " "}}})
	vs := violation with input as review(obj)
	count(vs) == 2
	some v in vs
	contains(v.msg, "has an empty reason")
}

test_expired_exemption_stops_counting if {
	obj := object.union(pod([{"name": "a", "image": "nginx"}]), {"metadata": {"name": "p", "annotations": {
		"shipshape.dev/exempt.image-tag-pinned": "temporary",
		"shipshape.dev/exempt-until.image-tag-pinned": "2001-01-01",
	}}})
	count(violation) == 1 with input as review(obj)
}
