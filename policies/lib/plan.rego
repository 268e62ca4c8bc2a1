# METADATA
# title: Cluster plan helpers
# description: >-
#   Node pools, roles, capacity and networks of a ClusterPlan document
#   (docs/cluster-plan.md), whether written by hand or derived by shipshape
#   from a node dump (spec.source nodes). CPU and memory are Kubernetes
#   quantities (lib.quantity), CIDR sizes from the prefix length.
package lib.plan

import data.lib.quantity

spec(plan) := object.get(plan, "spec", {})

network(plan) := object.get(spec(plan), "network", {})

describe(plan) := sprintf("ClusterPlan %s", [object.get(object.get(plan, "metadata", {}), "name", "<unnamed>")]) if {
	not from_nodes(plan)
} else := sprintf("node dump %s", [object.get(object.get(plan, "metadata", {}), "name", "<unnamed>")])

# from_nodes holds for plans shipshape derived from Node objects: they know
# capacity, roles and zones, not networks or disks.
from_nodes(plan) if spec(plan).source == "nodes"

managed_control_plane(plan) if object.get(spec(plan), "controlPlane", {}).managed == true

production(plan) if lower(object.get(spec(plan), "environment", "")) in {"production", "prod"}

# cpu reads a CPU amount: a number of cores or a quantity such as 500m.
cpu(v) := quantity.parse(v)

# bytes reads a memory or disk quantity such as 32Gi (128m is 0.128 bytes,
# as Kubernetes reads it).
bytes(v) := quantity.parse(v)

gib := (1024 * 1024) * 1024

# pools lists every node pool with its facts read once:
# {index, name, role, count, cpu, memory, allocCPU, allocMemory, zones, raw, path}.
pools(plan) := [pool(i, raw) | some i, raw in object.get(spec(plan), "nodePools", [])]

pool(i, raw) := {
	"index": i,
	"name": object.get(raw, "name", sprintf("nodePools[%d]", [i])),
	"role": object.get(raw, "role", "worker"),
	"count": object.get(raw, "count", 1),
	"cpu": cpu(raw.cpu),
	"memory": bytes(raw.memory),
	"allocCPU": cpu(object.get(object.get(raw, "allocatable", {}), "cpu", raw.cpu)),
	"allocMemory": bytes(object.get(object.get(raw, "allocatable", {}), "memory", raw.memory)),
	"zones": object.get(raw, "zones", []),
	"raw": raw,
	"path": sprintf("spec.nodePools[%d]", [i]),
}

workers(plan) := [p | some p in pools(plan); p.role == "worker"]

masters(plan) := [p | some p in pools(plan); p.role == "master"]

worker_nodes(plan) := sum([p.count | some p in workers(plan)])

# max_nodes is the most nodes the plan can grow to: the autoscaler maximum
# of each pool that has one, its count otherwise.
max_nodes(plan) := sum([n | some p in pools(plan); n := object.get(object.get(p.raw, "autoscaler", {}), "max", p.count)])

planned_nodes(plan) := sum([p.count | some p in pools(plan)])

worker_cpu(plan) := sum([(p.count * p.allocCPU) | some p in workers(plan)])

worker_memory(plan) := sum([(p.count * p.allocMemory) | some p in workers(plan)])

largest_worker_cpu(plan) := max([p.allocCPU | some p in workers(plan); p.count > 0])

largest_worker_memory(plan) := max([p.allocMemory | some p in workers(plan); p.count > 0])

# plugin and pod network mode: terway gives pods VPC addresses from
# vSwitches; the others (flannel, calico, cilium) default to an overlay.
plugin(plan) := lower(object.get(network(plan), "plugin", ""))

vpc_native_plugins := {"terway"}

pod_network_mode(plan) := network(plan).podNetworkMode

pod_network_mode(plan) := "vpc" if {
	not network(plan).podNetworkMode
	plugin(plan) in vpc_native_plugins
}

pod_network_mode(plan) := "overlay" if {
	not network(plan).podNetworkMode
	not plugin(plan) in vpc_native_plugins
}

prefix_length(cidr) := to_number(split(cidr, "/")[1])

# addresses is the number of IPv4 addresses of a CIDR.
addresses(cidr) := bits.lsh(1, 32 - prefix_length(cidr))

# prefix_bits is an IPv4 CIDR's network prefix as a string of "0" and "1":
# two CIDR blocks overlap exactly when one contains the other, that is when
# the prefix bits of one begin those of the other. Undefined for a CIDR
# that is not IPv4 (plan validation refuses those first).
prefix_bits(cidr) := substring(bits32, 0, n) if {
	parts := split(cidr, "/")
	count(parts) == 2
	n := to_number(parts[1])
	octets := [to_number(o) | some o in split(parts[0], ".")]
	count(octets) == 4
	address := (((octets[0] * 16777216) + (octets[1] * 65536)) + (octets[2] * 256)) + octets[3]
	bin := format_int(address, 2)
	bits32 := substring(concat("", ["00000000000000000000000000000000", bin]), count(bin), 32)
}

# pool_label names a pool in messages; a plan derived from a node dump has
# one pool per node.
pool_label(plan, p) := sprintf("%s pool %s", [p.role, p.name]) if not from_nodes(plan)

pool_label(plan, p) := sprintf("%s node %s", [p.role, p.name]) if from_nodes(plan)

round2(x) := round(x * 100) / 100
