# METADATA
# title: NetworkPolicies only where the plugin enforces them
# description: >-
#   NetworkPolicy objects do nothing unless the network plugin enforces them:
#   terway, calico and cilium do, flannel does not. A NetworkPolicy in a
#   cluster whose plugin ignores it gives a false sense of isolation. Choose
#   a plugin that enforces them, or remove the objects.
# custom:
#   section: 一.4 集群网络选型 (A)
#   input: plan
#   kinds: [ClusterPlan]
#   action: deny
package shipshape.plan.network_policy_support

import data.lib.exemptions
import data.lib.plan

violation contains v if some v in exemptions.enforce(input.review.object, "network-policy-support", findings)

enforcing := {"terway", "calico", "cilium"}

policies := [sprintf("%s/%s", [ns, name]) |
	some ns, gvs in data.inventory.namespace
	some name, _ in gvs["networking.k8s.io/v1"].NetworkPolicy
]

findings contains finding if {
	obj := input.review.object
	not plan.from_nodes(obj)
	count(policies) > 0
	not plan.plugin(obj) in enforcing
	finding := {
		"msg": sprintf("%s: network plugin %s does not enforce NetworkPolicy, yet the run has %d (%s); use terway, calico or cilium, or the policies isolate nothing", [plan.describe(obj), plan.plugin(obj), count(policies), concat(", ", policies)]),
		"details": {"field": "spec.network.plugin"},
	}
}
