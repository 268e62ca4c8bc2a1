# METADATA
# title: NetworkPolicy helpers
# description: >-
#   What a NetworkPolicy selects and allows, as the NetworkPolicy API defines
#   it: policyTypes default to Ingress, plus Egress when the policy has
#   egress rules; a direction the policy names with no rules denies all of
#   it; a rule with no peers allows every peer and a rule with no ports every
#   port. Also the pods a namespace's workloads make, from data.inventory.
package lib.network

import data.lib.inventory
import data.lib.selectors
import data.lib.workload

group := "networking.k8s.io"

# policy_types are the directions a NetworkPolicy applies to.
policy_types(np) := {t | some t in np.spec.policyTypes} if np.spec.policyTypes

policy_types(np) := {"Ingress"} | {"Egress" | count(object.get(np.spec, "egress", [])) > 0} if not np.spec.policyTypes

rules_of(np, "Ingress") := object.get(np.spec, "ingress", [])

rules_of(np, "Egress") := object.get(np.spec, "egress", [])

# Helpers that hold or not default to false: OPA caches a function's value
# but not its undefinedness.
default all_pods(_) := false

# all_pods holds for a policy whose podSelector selects every pod of the
# namespace.
all_pods(np) if selectors.empty(object.get(np.spec, "podSelector", {}))

default default_deny(_, _) := false

# default_deny holds for a policy that denies direction (Ingress or Egress)
# to every pod of its namespace.
default_deny(np, direction) if {
	all_pods(np)
	direction in policy_types(np)
	count(rules_of(np, direction)) == 0
}

default allows_something(_) := false

# allows_something holds for a policy with at least one rule.
allows_something(np) if count(rules_of(np, "Ingress")) + count(rules_of(np, "Egress")) > 0

default selects(_, _) := false

selects(np, labels) if selectors.matches(object.get(np.spec, "podSelector", {}), labels)

# policies are the NetworkPolicies of namespace ns in the inventory.
policies(ns) := inventory.kind_in_namespace(ns, group, "NetworkPolicy")

default rule_reaches(_, _, _) := false

# rule_reaches holds when an egress rule allows TCP traffic to address on
# port: no peers (every destination), or an ipBlock whose cidr holds the
# address and whose except does not; and no ports, or a port that covers it.
rule_reaches(rule, address, port) if {
	peer_reaches(rule, address)
	port_reaches(rule, port)
}

default peer_reaches(_, _) := false

peer_reaches(rule, _) if count(object.get(rule, "to", [])) == 0

peer_reaches(rule, address) if {
	some peer in rule.to
	net.cidr_contains(peer.ipBlock.cidr, address)
	not excepted(peer.ipBlock, address)
}

excepted(block, address) if {
	some e in object.get(block, "except", [])
	net.cidr_contains(e, address)
}

default port_reaches(_, _) := false

port_reaches(rule, _) if count(object.get(rule, "ports", [])) == 0

port_reaches(rule, port) if {
	some p in rule.ports
	object.get(p, "protocol", "TCP") == "TCP"
	port_covers(p, port)
}

port_covers(p, _) if not p.port

port_covers(p, port) if p.port == port

port_covers(p, port) if {
	is_number(p.port)
	p.port <= port
	port <= p.endPort
}

# Workload kinds by API group, to read each from the inventory.
workload_groups := {"Pod": "", "ReplicationController": "", "Deployment": "apps", "StatefulSet": "apps", "DaemonSet": "apps", "ReplicaSet": "apps", "Job": "batch", "CronJob": "batch"}

# pod_labels are the labels of the pods of every workload of namespace ns
# in the inventory (one entry per workload).
pod_labels(ns) := [object.get(workload.pod_metadata(obj), "labels", {}) |
	some kind, g in workload_groups
	some obj in inventory.kind_in_namespace(ns, g, kind)
]

default custom_resources(_) := false

# custom_resources holds when namespace ns holds objects of an API group
# that is not Kubernetes' own (a dotted group outside *.k8s.io): an
# operator's custom resources, which may make pods the inventory does not
# show.
custom_resources(ns) if {
	data.inventory.namespace[ns][gv]
	g := inventory.group_of(gv)
	contains(g, ".")
	not endswith(g, ".k8s.io")
}
