# METADATA
# title: CMD and ENTRYPOINT use the exec form
# description: >-
#   The CMD and ENTRYPOINT of the final image use the exec (JSON array) form,
#   CMD ["app", "serve"]. The shell form runs the program under /bin/sh -c,
#   which becomes PID 1 and does not pass SIGTERM on, so the program is
#   killed after the grace period instead of shutting down cleanly. A shell
#   form that starts with exec (CMD exec java -jar app.jar) is fine: the
#   shell replaces itself with the program, which becomes PID 1. The exec
#   form is suggested, as JSON, only when it means exactly what the shell
#   form did (plain words: no variables, quotes, globs, redirections, pipes
#   or lists); a single command that needs the shell is told to start with
#   exec, and anything longer to move into a script that ends by exec-ing
#   the program. Builder stages are not checked: their commands never run
#   in the cluster.
# custom:
#   section: 三.4 优雅退出 (D)
#   input: dockerfile
#   kinds: [Dockerfile]
#   action: deny
package shipshape.dockerfile.dockerfile_exec_form

import data.lib.dockerfile
import data.lib.exemptions

violation contains v if some v in exemptions.enforce(input.review.object, "dockerfile-exec-form", findings)

findings contains finding if {
	obj := input.review.object
	some st in obj.stages
	st.index in dockerfile.lineage(obj)
	some i, ins in st.instructions
	ins.cmd in {"CMD", "ENTRYPOINT"}
	ins.form == "shell"
	command := trim_space(concat(" ", ins.args))
	not regex.match(`^exec(\s|$)`, command)
	finding := {
		"msg": sprintf("%s: %s at line %d uses the shell form (%s), so /bin/sh is PID 1 and the program never receives SIGTERM; %s", [dockerfile.describe(obj), ins.cmd, ins.line, ins.original, fix(ins.cmd, command)]),
		"details": {"field": sprintf("stages[%d].instructions[%d]", [st.index, i]), "line": ins.line},
	}
}

# plain_words holds for a command the shell would pass on word for word:
# nothing it expands, quotes, redirects or chains, and no assignment or
# shell keyword in front.
plain_words(command) if {
	regex.match(`^[A-Za-z0-9_./:,@%+=-]+(\s+[A-Za-z0-9_./:,@%+=-]+)*$`, command)
	words := regex.split(`\s+`, command)
	not contains(words[0], "=")
	not words[0] in shell_words
}

# shell_words are builtins and keywords that are no program to exec.
shell_words := {"cd", "export", "set", "source", ".", "if", "for", "while", "case", "until", "eval", "trap", "ulimit", "umask", "wait", "true", "false"}

# single_command holds for one command (maybe with variables, quotes or
# redirections) that exec can replace the shell with.
single_command(command) if {
	not regex.match("[|&;`()\n]", command)
	words := regex.split(`\s+`, command)
	not words[0] in shell_words
	not regex.match(`^[A-Za-z_][A-Za-z0-9_]*=`, words[0])
}

fix(cmd, command) := sprintf("write it in exec form: %s [%s]", [cmd, concat(", ", [json.marshal(w) | some w in regex.split(`\s+`, command)])]) if plain_words(command)

fix(cmd, command) := sprintf("start the program with exec so it replaces the shell: %s exec %s", [cmd, command]) if {
	not plain_words(command)
	single_command(command)
}

fix(_, command) := "move the commands into a script that ends with exec of the program, and run the script in exec form" if {
	not plain_words(command)
	not single_command(command)
}
