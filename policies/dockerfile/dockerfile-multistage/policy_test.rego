package shipshape.dockerfile.dockerfile_multistage_test

import data.shipshape.dockerfile.dockerfile_multistage.violation

stage(i, name, extra) := object.union({"index": i, "name": name, "base": "alpine:3.20", "line": (i * 10) + 1, "instructions": []}, extra)

doc(stages) := {"review": {"object": {"kind": "Dockerfile", "metadata": {"name": "Dockerfile"}, "stages": stages}}, "parameters": {}}

copy_from(from) := {"cmd": "COPY", "from": from, "args": ["/a", "/a"], "line": 99}

test_single_stage_warns if {
	vs := violation with input as doc([stage(0, "", {})])
	count(vs) == 1
	some v in vs
	contains(v.msg, "Dockerfile Dockerfile builds in a single stage (stage 0 (FROM, line 1))")
	v.details.line == 1
}

test_builder_copied_passes if {
	count(violation) == 0 with input as doc([stage(0, "build", {}), stage(1, "", {"instructions": [copy_from("build")]})])
}

test_copy_by_index_passes if {
	count(violation) == 0 with input as doc([stage(0, "build", {}), stage(1, "", {"instructions": [copy_from("0")]})])
}

test_final_copies_nothing if {
	vs := violation with input as doc([stage(0, "build", {}), stage(1, "", {"instructions": [{"cmd": "RUN", "line": 12}]})])
	count(vs) == 1
	some v in vs
	contains(v.msg, "the final stage 1 (FROM, line 11) copies nothing from an earlier stage")
}

test_copy_from_an_image_is_not_a_builder if {
	count(violation) == 1 with input as doc([stage(0, "build", {}), stage(1, "", {"instructions": [copy_from("nginx:1.27")]})])
}

test_copy_in_the_stage_the_final_one_is_built_on if {
	stages := [stage(0, "build", {}), stage(1, "base", {"instructions": [copy_from("build")]}), stage(2, "", {"baseStage": 1})]
	count(violation) == 0 with input as doc(stages)
}
