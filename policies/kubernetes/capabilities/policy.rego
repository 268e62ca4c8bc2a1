# METADATA
# title: Containers drop ALL capabilities and add back only allowed ones
# description: >-
#   Every container, init container and ephemeral container lists ALL in
#   securityContext.capabilities.drop and adds back only capabilities of the
#   allowed list (NET_BIND_SERVICE by default, as the Pod Security Standards'
#   restricted profile). The runtime's default set (CHOWN, SETUID, NET_RAW...)
#   is more than most processes need, and every extra capability is a way out
#   of the container. Names compare exactly as Kubernetes passes them on
#   (ALL, NET_BIND_SERVICE; no CAP_ prefix). Pods with spec.os.name windows
#   are skipped: Kubernetes rejects capabilities on them.
# custom:
#   section: 三.1 容器安全 (D)
#   input: kubernetes
#   kinds: [workloads]
#   action: deny
#   parameters:
#     allowed:
#       type: array
#       description: Capabilities a container may add after dropping ALL.
#       items:
#         type: string
#       default: [NET_BIND_SERVICE]
package shipshape.kubernetes.capabilities

import data.lib.exemptions
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "capabilities", findings)

findings contains finding if {
	obj := input.review.object
	not workload.windows(obj)
	some c in workload.containers(obj)
	not drops_all(c)
	finding := {
		"msg": sprintf("%s: %s does not drop ALL capabilities; add ALL to %s.securityContext.capabilities.drop and add back only what it needs", [workload.describe(obj), workload.container_label(c), c.path]),
		"details": {"field": sprintf("%s.securityContext.capabilities.drop", [c.path])},
	}
}

findings contains finding if {
	obj := input.review.object
	not workload.windows(obj)
	some c in workload.containers(obj)
	extra := [cap |
		some cap in object.get(c.container, ["securityContext", "capabilities", "add"], [])
		not cap in allowed
	]
	count(extra) > 0
	finding := {
		"msg": sprintf("%s: %s adds capabilities %s, which are not allowed (allowed: %s); remove them from %s.securityContext.capabilities.add", [workload.describe(obj), workload.container_label(c), concat(", ", extra), allowed_text, c.path]),
		"details": {"field": sprintf("%s.securityContext.capabilities.add", [c.path]), "disallowed": extra},
	}
}

allowed := {cap | some cap in input.parameters.allowed}

allowed_text := concat(", ", sort(allowed)) if count(allowed) > 0

allowed_text := "none" if count(allowed) == 0

drops_all(c) if "ALL" in c.container.securityContext.capabilities.drop
