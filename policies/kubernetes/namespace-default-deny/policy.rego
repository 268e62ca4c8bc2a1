# METADATA
# title: Namespaces deny traffic by default, and policies admit each workload's
# description: >-
#   Without a NetworkPolicy every pod accepts connections from, and opens
#   them to, every pod of the cluster and the internet: one compromised pod
#   reaches every database. A namespace that runs workloads has a default-deny
#   policy for both directions (podSelector {}, policyTypes [Ingress,
#   Egress], no rules; one policy or two), and each workload is selected by a
#   policy that allows the traffic it needs, or it can reach nothing (DNS
#   included). The check reviews each workload and reads its namespace's
#   NetworkPolicies from data.inventory (sync NetworkPolicies and
#   Namespaces). Pods owned by a controller are left to their owner. When
#   neither a NetworkPolicy nor the Namespace object is in the inventory, the
#   check cannot tell and says so at warn level. NetworkPolicies take effect
#   only where the network plugin enforces them (network-policy-support).
# custom:
#   section: 二.10 查错步骤 安全组是否配置有误 (F)
#   input: kubernetes
#   kinds: [workloads]
#   action: warn
#   sync:
#     - networking.k8s.io/v1/NetworkPolicy
#     - v1/Namespace
package shipshape.kubernetes.namespace_default_deny

import data.lib.exemptions
import data.lib.inventory
import data.lib.network
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "namespace-default-deny", findings)

findings contains finding if {
	obj := reviewed
	ns := inventory.namespace_of(obj)
	count(network.policies(ns)) == 0
	inventory.namespace_known(ns)
	finding := {
		"msg": sprintf("%s runs in namespace %s, which has no NetworkPolicy, so every pod may reach it and it may reach everything; add a default-deny policy (podSelector: {}, policyTypes: [Ingress, Egress]) and policies that allow what each workload needs", [workload.describe(obj), ns]),
		"details": {"field": "metadata.namespace", "namespace": ns},
	}
}

findings contains finding if {
	obj := reviewed
	ns := inventory.namespace_of(obj)
	count(network.policies(ns)) == 0
	not inventory.namespace_known(ns)
	finding := inventory.not_found(workload.describe(obj), sprintf("Namespace %s (and any NetworkPolicy in it)", [ns]), "metadata.namespace")
}

findings contains finding if {
	obj := reviewed
	ns := inventory.namespace_of(obj)
	pols := network.policies(ns)
	count(pols) > 0
	some direction in ["Ingress", "Egress"]
	not denied(pols, direction)
	finding := {
		"msg": sprintf("%s runs in namespace %s, which has no default-deny NetworkPolicy for %s; add one with podSelector: {}, policyTypes: [%s] and no %s rules", [workload.describe(obj), ns, lower(direction), direction, lower(direction)]),
		"details": {"field": "metadata.namespace", "namespace": ns, "direction": direction},
	}
}

findings contains finding if {
	obj := reviewed
	ns := inventory.namespace_of(obj)
	pols := network.policies(ns)
	count(pols) > 0
	labels := object.get(workload.pod_metadata(obj), "labels", {})
	not admitted(pols, labels)
	finding := {
		"msg": sprintf("%s: no NetworkPolicy of namespace %s with a rule selects its pods, so under a default deny it can reach nothing, DNS included; add one that allows the traffic it needs", [workload.describe(obj), ns]),
		"details": {"field": sprintf("%s.labels", [workload.pod_metadata_path(obj)]), "namespace": ns},
	}
}

reviewed := obj if {
	obj := input.review.object
	workload.is_workload(obj)
	not workload.controlled(obj)
}

denied(pols, direction) if {
	some np in pols
	network.default_deny(np, direction)
}

admitted(pols, labels) if {
	some np in pols
	network.allows_something(np)
	network.selects(np, labels)
}
