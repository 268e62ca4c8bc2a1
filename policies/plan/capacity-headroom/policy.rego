# METADATA
# title: Worker capacity covers the workloads' requests with a margin
# description: >-
#   The allocatable CPU and memory of the workers cover what the workloads of
#   the run request, times (1 + redundancy): each workload's pod requests
#   times its pods (replicas; DaemonSets once per worker; Jobs their
#   parallelism; init containers as the scheduler counts them). The source's
#   example: 18 services x 2 replicas x 2 CPU / 4 GiB = 72 CPU / 144 GiB,
#   x 110% = 79.2 CPU / 158.4 GiB. Add workers or larger ones, or lower the
#   requests. Run `shipshape capacity` for the per-workload table.
# custom:
#   section: 一.1 集群容量规划 (A)
#   input: plan
#   kinds: [ClusterPlan]
#   action: deny
#   parameters:
#     redundancy:
#       type: number
#       description: Share of the requests kept free on top of them (0.10 is 10%).
#       minimum: 0
#       default: 0.10
package shipshape.plan.capacity_headroom

import data.lib.capacity
import data.lib.exemptions
import data.lib.plan

violation contains v if some v in exemptions.enforce(input.review.object, "capacity-headroom", findings)

needed := capacity.totals(capacity.workloads(data.inventory, plan.worker_nodes(input.review.object)))

factor := 1 + input.parameters.redundancy

findings contains finding if {
	obj := input.review.object
	want := needed.cpu * factor
	have := plan.worker_cpu(obj)
	want > have
	finding := {
		"msg": sprintf("%s: the workers have %v allocatable CPU, but the workloads request %v CPU, %v with %v%% redundancy; add %v CPU of workers or lower the requests", [plan.describe(obj), plan.round2(have), plan.round2(needed.cpu), plan.round2(want), plan.round2(input.parameters.redundancy * 100), plan.round2(want - have)]),
		"details": {"field": "spec.nodePools", "resource": "cpu", "needed": want, "allocatable": have},
	}
}

findings contains finding if {
	obj := input.review.object
	want := needed.memory * factor
	have := plan.worker_memory(obj)
	want > have
	finding := {
		"msg": sprintf("%s: the workers have %v GiB allocatable memory, but the workloads request %v GiB, %v GiB with %v%% redundancy; add %v GiB of workers or lower the requests", [plan.describe(obj), plan.round2(have / plan.gib), plan.round2(needed.memory / plan.gib), plan.round2(want / plan.gib), plan.round2(input.parameters.redundancy * 100), plan.round2((want - have) / plan.gib)]),
		"details": {"field": "spec.nodePools", "resource": "memory", "needed": want, "allocatable": have},
	}
}
