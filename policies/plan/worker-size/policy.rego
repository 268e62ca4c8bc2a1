# METADATA
# title: Workers are large enough
# description: >-
#   Prefer few large workers: fewer nodes for the masters to manage, fewer
#   image pulls, less stranded capacity, fewer evictions. Warn for worker
#   pools below minWorkerCPU cores per node; choose a larger instance type
#   and keep the node count, so worker-failure-headroom's share of one
#   worker does not grow.
# custom:
#   section: 一.3 集群ECS选型 (A)
#   input: plan
#   kinds: [ClusterPlan]
#   action: warn
#   parameters:
#     minWorkerCPU:
#       type: number
#       description: Fewest CPU cores per worker.
#       minimum: 0
#       default: 8
package shipshape.plan.worker_size

import data.lib.exemptions
import data.lib.plan

violation contains v if some v in exemptions.enforce(input.review.object, "worker-size", findings)

findings contains finding if {
	obj := input.review.object
	some p in plan.workers(obj)
	p.cpu < input.parameters.minWorkerCPU
	finding := {
		"msg": sprintf("%s: %s has %v CPU per node, below %v; choose an instance type with at least %v CPU and keep the node count (larger workers: fewer image pulls, less stranded capacity; fewer of them would make losing one cost more)", [plan.describe(obj), plan.pool_label(obj, p), p.cpu, input.parameters.minWorkerCPU, input.parameters.minWorkerCPU]),
		"details": {"field": sprintf("%s.cpu", [p.path])},
	}
}
