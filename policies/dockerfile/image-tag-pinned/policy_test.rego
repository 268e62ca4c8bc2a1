package shipshape.dockerfile.image_tag_pinned_test

import data.shipshape.dockerfile.image_tag_pinned.violation

stage(i, name, base, extra) := object.union({"index": i, "name": name, "base": base, "baseResolved": base, "baseUnknown": [], "line": i + 1, "instructions": []}, extra)

doc(stages) := {"review": {"object": {"apiVersion": "shipshape.dev/v1alpha1", "kind": "Dockerfile", "metadata": {"name": "Dockerfile"}, "stages": stages}}, "parameters": {"disallowedTags": ["latest"]}}

test_tagged_base_passes if {
	count(violation) == 0 with input as doc([stage(0, "", "alpine:3.20", {})])
}

test_untagged_base_is_denied_with_its_line if {
	vs := violation with input as doc([stage(0, "", "golang:1.22", {}), stage(1, "", "alpine", {})])
	count(vs) == 1
	some v in vs
	contains(v.msg, `stage 1 (FROM, line 2) uses base image "alpine" with neither tag nor digest`)
	v.details.line == 2
	v.details.field == "stages[1].base"
}

test_latest_is_denied_but_digest_pins if {
	vs := violation with input as doc([stage(0, "", "alpine:latest", {})])
	count(vs) == 1
	some v in vs
	contains(v.msg, `tag "latest" does not pin a version`)
	count(violation) == 0 with input as doc([stage(0, "", "alpine:latest@sha256:abc", {})])
}

test_stage_base_and_scratch_are_not_images if {
	stages := [stage(0, "build", "golang:1.22", {}), stage(1, "", "build", {"baseStage": 0}), stage(2, "", "scratch", {})]
	count(violation) == 0 with input as doc(stages)
}

test_arg_default_is_used if {
	vs := violation with input as doc([stage(0, "", "alpine:${V}", {"baseResolved": "alpine"})])
	count(vs) == 1
}

test_arg_without_default_is_unknown if {
	vs := violation with input as doc([stage(0, "", "${BASE}", {"baseResolved": "", "baseUnknown": ["BASE"]})])
	count(vs) == 1
	some v in vs
	v.msg == `Dockerfile Dockerfile: stage 0 (FROM, line 1) uses base image "${BASE}", but ARG BASE has no default, so this check cannot tell which image the build uses; give the ARG a pinned default, e.g. ARG BASE=name:1.2.3`
	v.details.severity == "warn"
}

test_parameters_choose_tags if {
	custom := object.union(doc([stage(0, "", "alpine:edge", {})]), {"parameters": {"disallowedTags": ["edge"]}})
	count(violation) == 1 with input as custom
}

test_registry_port_is_not_a_tag if {
	count(violation) == 1 with input as doc([stage(0, "", "host:5000/base", {})])
}
