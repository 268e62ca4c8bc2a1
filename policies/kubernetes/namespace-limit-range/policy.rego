# METADATA
# title: Namespaces that run workloads have a LimitRange
# description: >-
#   Every namespace holding workloads has a LimitRange, so containers
#   that set no requests or limits get defaults, and no container asks for more than the namespace allows.
#   The check reviews each workload and looks its namespace up in
#   data.inventory (sync LimitRanges and Namespaces). Pods owned by a
#   controller are left to their owner. When neither a LimitRange nor the
#   Namespace object itself is in the inventory (manifests checked without
#   their namespace), the check cannot tell and says so in its own finding,
#   marked "not found in the inventory", which the offline CLI reports at warn
#   level (details.severity).
# custom:
#   section: 三.开发 容器运行 (D)
#   input: kubernetes
#   kinds: [workloads]
#   action: warn
#   factOf: namespace
#   sync:
#     - v1/LimitRange
#     - v1/Namespace
package shipshape.kubernetes.namespace_limit_range

import data.lib.exemptions
import data.lib.inventory
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "namespace-limit-range", findings)

findings contains finding if {
	obj := input.review.object
	not workload.controlled(obj)
	ns := inventory.namespace_of(obj)
	count(inventory.kind_in_namespace(ns, "", "LimitRange")) == 0
	inventory.namespace_known(ns)
	finding := {
		"msg": sprintf("%s runs in namespace %s, which has no LimitRange; add one so containers get default requests and limits and stay within bounds", [workload.describe(obj), ns]),
		"details": {"field": "metadata.namespace", "namespace": ns},
	}
}

findings contains finding if {
	obj := input.review.object
	not workload.controlled(obj)
	ns := inventory.namespace_of(obj)
	count(inventory.kind_in_namespace(ns, "", "LimitRange")) == 0
	not inventory.namespace_known(ns)
	finding := inventory.not_found(workload.describe(obj), sprintf("Namespace %s (and any LimitRange in it)", [ns]), "metadata.namespace")
}
