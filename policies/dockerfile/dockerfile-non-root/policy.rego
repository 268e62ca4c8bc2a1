# METADATA
# title: The final image runs as a non-root user
# description: >-
#   The final stage (with the stages it is built on) sets USER to a non-root
#   user, so the container does not run as root when the pod does not say
#   otherwise. Add USER 10001 (or a named user the image creates) after the
#   last instruction that needs root.
# custom:
#   section: 三.1 容器安全 (D)
#   input: dockerfile
#   kinds: [Dockerfile]
#   action: warn
package shipshape.dockerfile.dockerfile_non_root

import data.lib.dockerfile
import data.lib.exemptions

violation contains v if some v in exemptions.enforce(input.review.object, "dockerfile-non-root", findings)

users(obj) := [ins | some ins in dockerfile.final_instructions(obj); ins.cmd == "USER"]

findings contains finding if {
	obj := input.review.object
	count(users(obj)) == 0
	final := dockerfile.final_stage(obj)
	finding := {
		"msg": sprintf("%s: the final %s sets no USER, so the image runs as root; add USER 10001 (or a non-root user the image creates)", [dockerfile.describe(obj), dockerfile.stage_label(final)]),
		"details": {"field": sprintf("stages[%d]", [final.index]), "line": final.line},
	}
}

findings contains finding if {
	obj := input.review.object
	us := users(obj)
	last := us[count(us) - 1]
	root_user(last.args[0])
	some st in obj.stages
	some j, ins in st.instructions
	ins == last
	finding := {
		"msg": sprintf("%s: the last USER (line %d) is %q, so the image runs as root; end with USER 10001 (or a non-root user the image creates)", [dockerfile.describe(obj), last.line, last.args[0]]),
		"details": {"field": sprintf("stages[%d].instructions[%d]", [st.index, j]), "line": last.line},
	}
}

root_user(u) if split(u, ":")[0] in {"root", "0"}
