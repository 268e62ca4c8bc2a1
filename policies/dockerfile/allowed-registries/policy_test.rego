package shipshape.dockerfile.allowed_registries_test

import data.shipshape.dockerfile.allowed_registries.violation

stage(i, base) := {"index": i, "name": "", "base": base, "baseResolved": base, "baseUnknown": [], "line": i + 1, "instructions": []}

doc(bases, registries) := {"review": {"object": {"kind": "Dockerfile", "metadata": {"name": "Dockerfile"}, "stages": [stage(i, b) | some i, b in bases]}}, "parameters": {"registries": registries}}

test_off_without_registries if {
	count(violation) == 0 with input as doc(["nginx:1.27"], [])
}

test_host_allows_its_images if {
	count(violation) == 0 with input as doc(["registry.example.com/base/alpine:3.20"], ["registry.example.com"])
}

test_other_registry_is_denied if {
	vs := violation with input as doc(["golang:1.22", "registry.example.com/alpine:3.20"], ["registry.example.com"])
	count(vs) == 1
	some v in vs
	contains(v.msg, `stage 0 (FROM, line 1) uses base image "golang:1.22" from registry docker.io, which is not allowed`)
	v.details.line == 1
}

test_prefix_is_a_path_boundary if {
	vs := violation with input as doc(["registry.example.com/basement/x:1"], ["registry.example.com/base/"])
	count(vs) == 1
	count(violation) == 0 with input as doc(["registry.example.com/base/x:1"], ["registry.example.com/base"])
}

test_docker_hub_by_name if {
	count(violation) == 0 with input as doc(["alpine:3.20"], ["docker.io"])
}

test_stage_bases_are_skipped if {
	obj := {"kind": "Dockerfile", "metadata": {"name": "D"}, "stages": [
		stage(0, "registry.example.com/go:1"),
		object.union(stage(1, "build"), {"baseStage": 0}),
	]}
	count(violation) == 0 with input as {"review": {"object": obj}, "parameters": {"registries": ["registry.example.com"]}}
}
