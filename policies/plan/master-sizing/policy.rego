# METADATA
# title: Masters are sized for the cluster
# description: >-
#   Self-managed masters are at least 8 CPU / 32 GiB for up to 100 nodes and
#   16 CPU / 64 GiB for 100 to 200 nodes (memory with 10% slack, as nodes
#   report a little less than nominal); beyond 200
#   nodes the source's table ends, so size the masters by measurement. The
#   node count is the most the plan can grow to (autoscaler maxima). Managed
#   control planes are skipped.
# custom:
#   section: 一.3 集群ECS选型 (A)
#   input: plan
#   kinds: [ClusterPlan]
#   action: warn
package shipshape.plan.master_sizing

import data.lib.exemptions
import data.lib.plan

violation contains v if some v in exemptions.enforce(input.review.object, "master-sizing", findings)

nodes := plan.max_nodes(input.review.object)

# The source's table: nodes up to → minimum CPU and memory (GiB).
required := {"cpu": 8, "memory": 32} if nodes <= 100

required := {"cpu": 16, "memory": 64} if {
	nodes > 100
	nodes <= 200
}

findings contains finding if {
	obj := input.review.object
	not plan.managed_control_plane(obj)
	some p in plan.masters(obj)
	small(p)
	finding := {
		"msg": sprintf("%s: %s has %v CPU / %v GiB, below the %d CPU / %d GiB the source advises for a cluster of up to %d nodes; use larger masters", [plan.describe(obj), plan.pool_label(obj, p), p.cpu, plan.round2(p.memory / plan.gib), required.cpu, required.memory, limit]),
		"details": {"field": sprintf("%s.cpu", [p.path])},
	}
}

limit := 100 if nodes <= 100

limit := 200 if nodes > 100

small(p) if p.cpu < required.cpu

# Memory has 10% slack: a node reports a little less than its nominal size.
small(p) if p.memory < (required.memory * plan.gib) * 0.9

findings contains finding if {
	obj := input.review.object
	not plan.managed_control_plane(obj)
	count(plan.masters(obj)) > 0
	nodes > 200
	finding := {
		"msg": sprintf("%s: the plan grows to %d nodes, past the 200 the source's master table covers; size the masters by load tests, or use a managed control plane", [plan.describe(obj), nodes]),
		"details": {"field": "spec.nodePools"},
	}
}
