# METADATA
# title: Cluster networks do not overlap
# description: >-
#   The service CIDR overlaps no other network (it is virtual, and a clash
#   hides the real addresses); with an overlay plugin the pod CIDR overlaps
#   neither the VPC, the service CIDR nor any peer; with a VPC-native plugin
#   (terway) every pod vSwitch lies inside the VPC; and no peer network (a
#   leased line to an IDC, a database, another VPC) overlaps the VPC, the pod
#   or the service networks, or routes to it break. Pick disjoint ranges.
# custom:
#   section: 一.2 集群网络规划 (A)
#   input: plan
#   kinds: [ClusterPlan]
#   action: deny
package shipshape.plan.network_cidr_overlap

import data.lib.exemptions
import data.lib.plan

violation contains v if some v in exemptions.enforce(input.review.object, "network-cidr-overlap", findings)

nw := plan.network(input.review.object)

# networks lists every named range of the plan: {name, cidr, field}.
networks contains {"name": "the VPC", "cidr": nw.vpcCIDR, "field": "spec.network.vpcCIDR", "kind": "vpc"}

networks contains {"name": "the service CIDR", "cidr": nw.serviceCIDR, "field": "spec.network.serviceCIDR", "kind": "service"}

networks contains {"name": "the pod CIDR", "cidr": nw.podCIDR, "field": "spec.network.podCIDR", "kind": "pod"} if {
	plan.pod_network_mode(input.review.object) == "overlay"
}

networks contains {"name": sprintf("peer network %s", [p.name]), "cidr": p.cidr, "field": sprintf("spec.network.peers[%d].cidr", [i]), "kind": "peer"} if {
	some i, p in object.get(nw, "peers", [])
}

# Pairs that must not overlap: the service CIDR with anything, the overlay
# pod CIDR with anything, peers with anything. (Pod vSwitches of a
# VPC-native plugin are meant to be inside the VPC.)
must_be_disjoint(a, _) if a.kind in {"service", "pod", "peer"}

must_be_disjoint(_, b) if b.kind in {"service", "pod", "peer"}

# Overlaps are found through prefixes, not by comparing every pair (5,000
# peers made 25 million comparisons): each network is filed under its
# prefix bits, and the networks containing one are those filed under a
# prefix of its own bits, at most 33 look-ups.
#
# A comprehension, not a rule with a key in its head (filed[bits] contains
# a): OPA checks each new key of such a rule against every key before it,
# which made 94,000 peers quadratic (past 10 minutes). The inner set is
# built once for all keys (OPA indexes a comprehension on a variable the
# outer body binds, here bits).
by_prefix := {bits: group |
	some a in networks
	bits := plan.prefix_bits(a.cidr)
	group := {b | some b in networks; bits = plan.prefix_bits(b.cidr)}
}

# overlapping holds each overlapping pair once, ordered by field.
overlapping contains ordered(a, b) if {
	some b in networks
	own := plan.prefix_bits(b.cidr)
	some n in numbers.range(0, count(own))
	some a in by_prefix[substring(own, 0, n)]
	a.field != b.field
}

ordered(x, y) := [x, y] if x.field < y.field

ordered(x, y) := [y, x] if x.field > y.field

findings contains finding if {
	not plan.from_nodes(input.review.object)
	some [a, b] in overlapping
	must_be_disjoint(a, b)
	finding := {
		"msg": sprintf("%s: %s %s overlaps %s %s; choose ranges that do not overlap", [plan.describe(input.review.object), a.name, a.cidr, b.name, b.cidr]),
		"details": {"field": b.field},
	}
}

findings contains finding if {
	plan.pod_network_mode(input.review.object) == "vpc"
	some i, vsw in object.get(nw, "podVSwitches", [])
	not net.cidr_contains(nw.vpcCIDR, vsw.cidr)
	finding := {
		"msg": sprintf("%s: pod vSwitch %s lies outside the VPC %s; a VPC-native plugin gives pods addresses from vSwitches inside the VPC", [plan.describe(input.review.object), vsw.cidr, nw.vpcCIDR]),
		"details": {"field": sprintf("spec.network.podVSwitches[%d].cidr", [i])},
	}
}

findings contains finding if {
	plan.pod_network_mode(input.review.object) == "vpc"
	some i, vsw in object.get(nw, "podVSwitches", [])
	some p in networks
	p.kind in {"service", "peer"}
	net.cidr_intersects(vsw.cidr, p.cidr)
	finding := {
		"msg": sprintf("%s: pod vSwitch %s overlaps %s %s; choose ranges that do not overlap", [plan.describe(input.review.object), vsw.cidr, p.name, p.cidr]),
		"details": {"field": sprintf("spec.network.podVSwitches[%d].cidr", [i])},
	}
}
