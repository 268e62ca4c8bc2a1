# METADATA
# title: Containers request and limit CPU and memory
# description: >-
#   Every container and init container sets cpu and memory requests and
#   limits. Without requests the scheduler packs blind and capacity planning
#   has nothing to add up; without limits one container can starve its node.
#   Ephemeral containers are left out: Kubernetes forbids resources on them.
# custom:
#   section: 三.开发 资源限制 (D)
#   input: kubernetes
#   kinds: [workloads]
#   action: deny
package shipshape.kubernetes.resources_required

import data.lib.exemptions
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "resources-required", findings)

required := ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"]

findings contains finding if {
	obj := input.review.object
	some c in workload.containers(obj)
	c.list != "ephemeralContainers"
	missing := [field |
		some field in required
		[section, resource] := split(field, ".")
		not declared(c.container, section, resource)
	]
	count(missing) > 0
	finding := {
		"msg": sprintf("%s: %s sets no %s; add resources.%s", [workload.describe(obj), workload.container_label(c), concat(", ", missing), concat(", resources.", missing)]),
		"details": {"field": sprintf("%s.resources", [c.path]), "missing": missing},
	}
}

declared(container, section, resource) if {
	value := container.resources[section][resource]
	value != null
	value != ""
}
