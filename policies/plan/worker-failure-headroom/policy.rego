# METADATA
# title: The workers survive losing the largest one
# description: >-
#   After losing the largest worker the others still hold every request of
#   the run (N+1), so its pods have somewhere to go; and no worker holds more
#   than maxNodeShare of the workers' capacity (the source: 1000 cores with
#   10% tolerated loss means workers of at most 100 cores, e.g. ten
#   96-core machines). Add workers of the same size: smaller ones would
#   go against worker-size, which prefers few large workers.
# custom:
#   section: 一.3 集群ECS选型 (A)
#   input: plan
#   kinds: [ClusterPlan]
#   action: deny
#   parameters:
#     maxNodeShare:
#       type: number
#       description: Largest share of the workers' CPU one worker may hold (0.10 is 10%).
#       minimum: 0
#       maximum: 1
#       default: 0.10
package shipshape.plan.worker_failure_headroom

import data.lib.capacity
import data.lib.exemptions
import data.lib.plan

violation contains v if some v in exemptions.enforce(input.review.object, "worker-failure-headroom", findings)

obj := input.review.object

needed := capacity.totals(capacity.workloads(data.inventory, plan.worker_nodes(obj)))

findings contains finding if {
	left := plan.worker_cpu(obj) - plan.largest_worker_cpu(obj)
	needed.cpu > left
	finding := {
		"msg": sprintf("%s: after losing the largest worker (%v CPU) the others have %v CPU, less than the %v CPU the workloads request; add a worker so any one can fail", [plan.describe(obj), plan.round2(plan.largest_worker_cpu(obj)), plan.round2(left), plan.round2(needed.cpu)]),
		"details": {"field": "spec.nodePools", "resource": "cpu"},
	}
}

findings contains finding if {
	left := plan.worker_memory(obj) - plan.largest_worker_memory(obj)
	needed.memory > left
	finding := {
		"msg": sprintf("%s: after losing the largest worker (%v GiB) the others have %v GiB, less than the %v GiB the workloads request; add a worker so any one can fail", [plan.describe(obj), plan.round2(plan.largest_worker_memory(obj) / plan.gib), plan.round2(left / plan.gib), plan.round2(needed.memory / plan.gib)]),
		"details": {"field": "spec.nodePools", "resource": "memory"},
	}
}

findings contains finding if {
	total := plan.worker_cpu(obj)
	total > 0
	some p in plan.workers(obj)
	p.count > 0
	share := p.allocCPU / total
	share > input.parameters.maxNodeShare
	finding := {
		"msg": sprintf("%s: one worker of %s holds %v%% of the workers' CPU (%v of %v), more than the %v%% tolerated; add workers of this size until the pool has %d, so losing one costs less (smaller workers would go against worker-size)", [plan.describe(obj), plan.pool_label(obj, p), round(share * 100), p.allocCPU, plan.round2(total), round(input.parameters.maxNodeShare * 100), workers_needed(p, total)]),
		"details": {"field": sprintf("%s.cpu", [p.path])},
	}
}

# workers_needed is the pool's node count at which one of its workers holds
# at most maxNodeShare, adding workers of the same size:
# alloc / (total + k * alloc) <= share, so k >= 1 / share - total / alloc.
workers_needed(p, total) := p.count + ceil(((1 / input.parameters.maxNodeShare) - (total / p.allocCPU)) - 0.000001)
