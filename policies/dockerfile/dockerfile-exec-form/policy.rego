# METADATA
# title: CMD and ENTRYPOINT use the exec form
# description: >-
#   The CMD and ENTRYPOINT of the final image use the exec (JSON array) form,
#   CMD ["app", "serve"]. The shell form runs the program under /bin/sh -c,
#   which becomes PID 1 and does not pass SIGTERM on, so the program is
#   killed after the grace period instead of shutting down cleanly. Builder
#   stages are not checked: their commands never run in the cluster.
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
	finding := {
		"msg": sprintf("%s: %s at line %d uses the shell form (%s), so /bin/sh is PID 1 and the program never receives SIGTERM; write it in exec form, e.g. %s [\"%s\"]", [dockerfile.describe(obj), ins.cmd, ins.line, ins.original, ins.cmd, exec_hint(ins)]),
		"details": {"field": sprintf("stages[%d].instructions[%d]", [st.index, i]), "line": ins.line},
	}
}

exec_hint(ins) := concat("\", \"", split(trim_space(concat(" ", ins.args)), " "))
