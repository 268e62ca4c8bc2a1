# METADATA
# title: The pod network has addresses for every planned node
# description: >-
#   The most nodes a cluster can have is the pod addresses available divided
#   by the pod addresses each node takes, whatever max-pods says: with an
#   overlay plugin each node takes a block of the pod CIDR
#   (nodeCIDRMaskSize, default /24); with a VPC-native plugin each node takes
#   podIPsPerNode addresses from the pod vSwitches. The planned node count
#   and every autoscaler maximum must fit under it; widen the pod network or
#   take fewer addresses per node.
# custom:
#   section: 一.4 集群网络选型 (A)
#   input: plan
#   kinds: [ClusterPlan]
#   action: deny
package shipshape.plan.pod_ip_capacity

import data.lib.exemptions
import data.lib.plan

violation contains v if some v in exemptions.enforce(input.review.object, "pod-ip-capacity", findings)

obj := input.review.object

nw := plan.network(obj)

mask := object.get(nw, "nodeCIDRMaskSize", 24)

max_nodes := bits.lsh(1, mask - plan.prefix_length(nw.podCIDR)) if {
	plan.pod_network_mode(obj) == "overlay"
	mask >= plan.prefix_length(nw.podCIDR)
}

max_nodes := 0 if {
	plan.pod_network_mode(obj) == "overlay"
	mask < plan.prefix_length(nw.podCIDR)
}

max_nodes := floor(sum([plan.addresses(v.cidr) | some v in object.get(nw, "podVSwitches", [])]) / nw.podIPsPerNode) if {
	plan.pod_network_mode(obj) == "vpc"
}

how := sprintf("pod CIDR %s in /%d blocks per node", [nw.podCIDR, mask]) if plan.pod_network_mode(obj) == "overlay"

how := sprintf("%d pod vSwitch address(es) at %d per node", [sum([plan.addresses(v.cidr) | some v in object.get(nw, "podVSwitches", [])]), nw.podIPsPerNode]) if plan.pod_network_mode(obj) == "vpc"

findings contains finding if {
	plan.max_nodes(obj) > max_nodes
	finding := {
		"msg": sprintf("%s: the plan grows to %d nodes (autoscaler maxima), but the pod network has room for %d (%s); widen the pod network or take fewer addresses per node", [plan.describe(obj), plan.max_nodes(obj), max_nodes, how]),
		"details": {"field": "spec.network"},
	}
}

findings contains finding if {
	plan.pod_network_mode(obj) == "vpc"
	not nw.podIPsPerNode
	finding := {
		"msg": sprintf("%s: a VPC-native plugin takes pod addresses per node from the pod vSwitches, but the plan does not say how many; set spec.network.podIPsPerNode", [plan.describe(obj)]),
		"details": {"field": "spec.network"},
	}
}
