# METADATA
# title: Containers forbid privilege escalation
# description: >-
#   Every container, init container and ephemeral container sets
#   securityContext.allowPrivilegeEscalation: false. Left unset it defaults
#   to true, so a set-user-ID binary in the image can gain more privileges
#   than the process started with. Add allowPrivilegeEscalation: false to the
#   container's securityContext (the field exists only on containers). Pods
#   with spec.os.name windows are skipped, as the Pod Security Standards'
#   restricted profile does: Kubernetes rejects the field on them.
# custom:
#   section: 三.1 容器安全 (D)
#   input: kubernetes
#   kinds: [workloads]
#   action: deny
package shipshape.kubernetes.no_privilege_escalation

import data.lib.exemptions
import data.lib.security
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "no-privilege-escalation", findings)

findings contains finding if {
	obj := input.review.object
	not workload.windows(obj)
	some c in workload.containers(obj)
	not escalation_forbidden(obj, c)
	finding := {
		"msg": sprintf("%s: %s %s; set %s.securityContext.allowPrivilegeEscalation: false", [workload.describe(obj), workload.container_label(c), state(obj, c), c.path]),
		"details": {"field": sprintf("%s.securityContext.allowPrivilegeEscalation", [c.path])},
	}
}

# A helper rather than `not security.value(...) == false`: OPA evaluates the
# call outside the negation, so an unset field would make the rule undefined.
escalation_forbidden(obj, c) if security.value(obj, c, "allowPrivilegeEscalation") == false

state(obj, c) := "allows privilege escalation (allowPrivilegeEscalation: true)" if security.value(obj, c, "allowPrivilegeEscalation") == true

state(obj, c) := "does not set allowPrivilegeEscalation, which defaults to true" if not security.setting(obj, c, "allowPrivilegeEscalation")

state(obj, c) := sprintf("sets allowPrivilegeEscalation to %v, not false", [v]) if {
	v := security.value(obj, c, "allowPrivilegeEscalation")
	not is_boolean(v)
}
