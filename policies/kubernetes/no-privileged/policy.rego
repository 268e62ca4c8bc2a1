# METADATA
# title: No privileged containers
# description: >-
#   No container, init container or ephemeral container sets
#   securityContext.privileged: true. A privileged container has every
#   capability and every device of the node: it is root on the node, with no
#   isolation left to fail. Remove privileged, or set it to false and add only
#   the capability the container needs (see the capabilities check).
#   privileged exists only on containers, so the pod's securityContext cannot
#   grant or take it away.
# custom:
#   section: 三.1 容器安全 (D)
#   input: kubernetes
#   kinds: [workloads]
#   action: deny
package shipshape.kubernetes.no_privileged

import data.lib.exemptions
import data.lib.security
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "no-privileged", findings)

findings contains finding if {
	obj := input.review.object
	some c in workload.containers(obj)
	privileged := security.setting(obj, c, "privileged")
	privileged.value == true
	finding := {
		"msg": sprintf("%s: %s is privileged (%s: true) and so has full access to the node; remove privileged and add only the capabilities it needs", [workload.describe(obj), workload.container_label(c), privileged.path]),
		"details": {"field": privileged.path},
	}
}
