# METADATA
# title: Nodes reach the internet through SNAT
# description: >-
#   Nodes have outbound internet access (SNAT on a NAT gateway), or image
#   pulls from public registries, package installs and calls to external
#   services fail. Set spec.network.snat to true once the NAT gateway and its
#   SNAT entries are planned.
# custom:
#   section: 一.5 集群配置设置 (A)
#   input: plan
#   kinds: [ClusterPlan]
#   action: warn
package shipshape.plan.outbound_snat

import data.lib.exemptions
import data.lib.plan

violation contains v if some v in exemptions.enforce(input.review.object, "outbound-snat", findings)

findings contains finding if {
	obj := input.review.object
	not plan.from_nodes(obj)
	not plan.network(obj).snat == true
	finding := {
		"msg": sprintf("%s: the plan gives the nodes no outbound internet access (spec.network.snat is not true); plan a NAT gateway with SNAT so nodes can pull images and reach external services", [plan.describe(obj)]),
		"details": {"field": "spec.network"},
	}
}
