# METADATA
# title: Namespaces that run workloads have a ResourceQuota
# description: >-
#   Every namespace holding workloads has a ResourceQuota, so one team's
#   namespace cannot take the whole cluster's CPU, memory or object counts.
#   The check reviews each workload and looks its namespace up in
#   data.inventory (sync ResourceQuotas and Namespaces). Pods owned by a
#   controller are left to their owner. When neither a ResourceQuota nor the
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
#     - v1/ResourceQuota
#     - v1/Namespace
package shipshape.kubernetes.namespace_resource_quota

import data.lib.exemptions
import data.lib.inventory
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "namespace-resource-quota", findings)

findings contains finding if {
	obj := input.review.object
	not workload.controlled(obj)
	ns := inventory.namespace_of(obj)
	count(inventory.kind_in_namespace(ns, "", "ResourceQuota")) == 0
	inventory.namespace_known(ns)
	finding := {
		"msg": sprintf("%s runs in namespace %s, which has no ResourceQuota; add one so the namespace's requests, limits and object counts are capped", [workload.describe(obj), ns]),
		"details": {"field": "metadata.namespace", "namespace": ns},
	}
}

findings contains finding if {
	obj := input.review.object
	not workload.controlled(obj)
	ns := inventory.namespace_of(obj)
	count(inventory.kind_in_namespace(ns, "", "ResourceQuota")) == 0
	not inventory.namespace_known(ns)
	finding := inventory.not_found(workload.describe(obj), sprintf("Namespace %s (and any ResourceQuota in it)", [ns]), "metadata.namespace")
}
