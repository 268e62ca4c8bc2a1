package shipshape.dockerfile.dockerfile_exec_form_test

import data.shipshape.dockerfile.dockerfile_exec_form.violation

stage(i, extra) := object.union({"index": i, "name": "", "base": "alpine:3.20", "line": (i * 10) + 1, "instructions": []}, extra)

doc(stages) := {"review": {"object": {"kind": "Dockerfile", "metadata": {"name": "Dockerfile"}, "stages": stages}}, "parameters": {}}

ins(cmd, form, line) := {"cmd": cmd, "form": form, "args": ["/app serve"], "line": line, "original": sprintf("%s /app serve", [cmd])}

test_exec_form_passes if {
	count(violation) == 0 with input as doc([stage(0, {"instructions": [ins("ENTRYPOINT", "exec", 2), ins("CMD", "exec", 3)]})])
}

test_shell_cmd_denied_with_line if {
	vs := violation with input as doc([stage(0, {"instructions": [ins("CMD", "shell", 4)]})])
	count(vs) == 1
	some v in vs
	contains(v.msg, `CMD at line 4 uses the shell form (CMD /app serve)`)
	contains(v.msg, `CMD ["/app", "serve"]`)
	v.details.line == 4
	v.details.field == "stages[0].instructions[0]"
}

test_shell_entrypoint_and_cmd_both_denied if {
	count(violation) == 2 with input as doc([stage(0, {"instructions": [ins("ENTRYPOINT", "shell", 2), ins("CMD", "shell", 3)]})])
}

test_shell_run_is_fine if {
	count(violation) == 0 with input as doc([stage(0, {"instructions": [ins("RUN", "shell", 2)]})])
}

test_builder_stage_is_not_checked if {
	stages := [stage(0, {"name": "build", "instructions": [ins("CMD", "shell", 2)]}), stage(1, {"instructions": [ins("CMD", "exec", 12)]})]
	count(violation) == 0 with input as doc(stages)
}

test_inherited_shell_cmd_is_denied if {
	stages := [stage(0, {"name": "base", "instructions": [ins("CMD", "shell", 2)]}), stage(1, {"baseStage": 0})]
	count(violation) == 1 with input as doc(stages)
}
