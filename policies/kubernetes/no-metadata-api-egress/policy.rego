# METADATA
# title: Pods cannot reach the cloud metadata address
# description: >-
#   The cloud's instance metadata service (169.254.169.254 on most clouds,
#   100.100.100.200 on Alibaba Cloud, whose container service the source
#   document describes) answers every process on the node, pods included,
#   with the node's identity and often the temporary credentials of its
#   cloud role: a pod that can reach it can act as the node in the cloud's
#   API. Egress to it must be closed: a NetworkPolicy egress rule that allows
#   it (a rule with no destinations, or an ipBlock that holds the address
#   without listing it in except) is reported, unless its ports leave out
#   TCP port 80, where the service listens. A workload whose pods no egress
#   NetworkPolicy selects reaches it too: the check reads its namespace's
#   NetworkPolicies from data.inventory (sync NetworkPolicies and
#   Namespaces) and says it cannot tell, at warn level, when neither a
#   NetworkPolicy nor the Namespace object is there. Pods owned by a
#   controller are left to their owner. hostNetwork pods are not governed by
#   NetworkPolicies at all (no-host-namespaces).
# custom:
#   section: 二.10 查错步骤 安全组是否配置有误 (F)
#   input: kubernetes
#   kinds: [workloads, NetworkPolicy]
#   action: warn
#   parameters:
#     addresses:
#       type: array
#       items:
#         type: string
#       description: The metadata addresses that pods must not reach (IPv4 or IPv6 addresses).
#       default: ["169.254.169.254", "100.100.100.200"]
#   sync:
#     - networking.k8s.io/v1/NetworkPolicy
#     - v1/Namespace
package shipshape.kubernetes.no_metadata_api_egress

import data.lib.exemptions
import data.lib.inventory
import data.lib.network
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "no-metadata-api-egress", findings)

# The metadata service listens on TCP port 80 on every cloud.
metadata_port := 80

findings contains finding if {
	obj := input.review.object
	obj.kind == "NetworkPolicy"
	"Egress" in network.policy_types(obj)
	some i, rule in object.get(obj.spec, "egress", [])
	some address in input.parameters.addresses
	network.rule_reaches(rule, address, metadata_port)
	finding := {
		"msg": sprintf("%s: spec.egress[%d] allows the cloud metadata address %s, which hands out the node's cloud credentials; add %s to the except of its ipBlock, or name narrower destinations", [workload.describe(obj), i, address, host_cidr(address)]),
		"details": {"field": sprintf("spec.egress[%d]", [i]), "address": address},
	}
}

findings contains finding if {
	obj := reviewed
	ns := inventory.namespace_of(obj)
	pols := network.policies(ns)
	known(ns, pols)
	labels := object.get(workload.pod_metadata(obj), "labels", {})
	not egress_restricted(pols, labels)
	finding := {
		"msg": sprintf("%s: no NetworkPolicy of namespace %s restricts its pods' egress, so they reach the cloud metadata address %s and the node's cloud credentials; select them with a policy of policyTypes [Egress] that leaves it out", [workload.describe(obj), ns, concat(", ", input.parameters.addresses)]),
		"details": {"field": sprintf("%s.labels", [workload.pod_metadata_path(obj)]), "namespace": ns},
	}
}

findings contains finding if {
	obj := reviewed
	ns := inventory.namespace_of(obj)
	count(network.policies(ns)) == 0
	not inventory.namespace_known(ns)
	finding := inventory.not_found(workload.describe(obj), sprintf("Namespace %s (and any NetworkPolicy in it)", [ns]), "metadata.namespace")
}

reviewed := obj if {
	obj := input.review.object
	workload.is_workload(obj)
	not workload.controlled(obj)
	not workload.pod_spec(obj).hostNetwork == true
}

known(_, pols) if count(pols) > 0

known(ns, _) if inventory.namespace_known(ns)

egress_restricted(pols, labels) if {
	some np in pols
	"Egress" in network.policy_types(np)
	network.selects(np, labels)
}

host_cidr(address) := sprintf("%s/128", [address]) if contains(address, ":")

host_cidr(address) := sprintf("%s/32", [address]) if not contains(address, ":")
