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

shell_cmd(command) := doc([stage(0, {"instructions": [{"cmd": "CMD", "form": "shell", "args": [command], "line": 3, "original": sprintf("CMD %s", [command])}]})])

test_exec_in_shell_form_makes_the_program_pid_1 if {
	every command in ["exec java -jar app.jar", "exec gunicorn -b 0.0.0.0:8000 \"app:create()\"", "exec"] {
		count(violation) == 0 with input as shell_cmd(command)
	}
}

test_fix_offered_only_when_equivalent if {
	cases := {
		"java -jar app.jar": `write it in exec form: CMD ["java", "-jar", "app.jar"]`,
		"/app   serve --port=8080": `write it in exec form: CMD ["/app", "serve", "--port=8080"]`,
		"python app.py \"a b\"": `start the program with exec so it replaces the shell: CMD exec python app.py "a b"`,
		"nginx -g 'daemon off;'": "move the commands into a script that ends with exec of the program, and run the script in exec form",
		"java $JAVA_OPTS -jar app.jar": "start the program with exec so it replaces the shell: CMD exec java $JAVA_OPTS -jar app.jar",
		"/app >/var/log/app.log 2>&1": "move the commands into a script that ends with exec of the program, and run the script in exec form",
		"/app > /var/log/app.log": "start the program with exec so it replaces the shell: CMD exec /app > /var/log/app.log",
		"cat /conf/*.yaml": "start the program with exec so it replaces the shell: CMD exec cat /conf/*.yaml",
		"migrate && serve": "move the commands into a script that ends with exec of the program, and run the script in exec form",
		"app | tee log": "move the commands into a script that ends with exec of the program, and run the script in exec form",
		"MODE=prod /app": "move the commands into a script that ends with exec of the program, and run the script in exec form",
		"cd /srv && ./run": "move the commands into a script that ends with exec of the program, and run the script in exec form",
	}
	every command, fix in cases {
		vs := violation with input as shell_cmd(command)
		count(vs) == 1
		some v in vs
		v.msg == sprintf("Dockerfile Dockerfile: CMD at line 3 uses the shell form (CMD %s), so /bin/sh is PID 1 and the program never receives SIGTERM; %s", [command, fix])
	}
}

test_suggested_exec_form_is_valid_json if {
	vs := violation with input as shell_cmd("/bin/app --name=a,b --x=%s")
	some v in vs
	hint := regex.find_n(`\[.*\]`, v.msg, 1)[0]
	json.unmarshal(hint) == ["/bin/app", "--name=a,b", "--x=%s"]
}
