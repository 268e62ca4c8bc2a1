package shipshape.dockerfile.dockerfile_non_root_test

import data.shipshape.dockerfile.dockerfile_non_root.violation

stage(i, extra) := object.union({"index": i, "name": "", "base": "alpine:3.20", "line": (i * 10) + 1, "instructions": []}, extra)

doc(stages) := {"review": {"object": {"kind": "Dockerfile", "metadata": {"name": "Dockerfile"}, "stages": stages}}, "parameters": {}}

user(u, line) := {"cmd": "USER", "args": [u], "line": line}

test_non_root_user_passes if {
	count(violation) == 0 with input as doc([stage(0, {"instructions": [user("10001", 3)]})])
	count(violation) == 0 with input as doc([stage(0, {"instructions": [user("app:app", 3)]})])
}

test_no_user_warns if {
	vs := violation with input as doc([stage(0, {})])
	count(vs) == 1
	some v in vs
	contains(v.msg, "the final stage 0 (FROM, line 1) sets no USER, so the image runs as root")
}

test_last_user_root_warns if {
	vs := violation with input as doc([stage(0, {"instructions": [user("app", 2), user("root", 5)]})])
	count(vs) == 1
	some v in vs
	contains(v.msg, `the last USER (line 5) is "root"`)
	v.details.line == 5
}

test_uid_zero_with_group if {
	count(violation) == 1 with input as doc([stage(0, {"instructions": [user("0:0", 2)]})])
}

test_root_then_non_root_passes if {
	count(violation) == 0 with input as doc([stage(0, {"instructions": [user("root", 2), user("1000", 4)]})])
}

test_builder_user_does_not_count if {
	stages := [stage(0, {"name": "build", "instructions": [user("1000", 2)]}), stage(1, {})]
	count(violation) == 1 with input as doc(stages)
}

test_user_inherited_from_base_stage if {
	stages := [stage(0, {"name": "base", "instructions": [user("1000", 2)]}), stage(1, {"baseStage": 0})]
	count(violation) == 0 with input as doc(stages)
}
