# METADATA
# title: Workers span several zones
# description: >-
#   The worker node pools together span at least minZones availability
#   zones, so losing one zone leaves workers to move the pods to. List the
#   zones of each worker pool (zones) and spread the pools over them.
# custom:
#   section: 一.2 集群网络规划 (A)
#   input: plan
#   kinds: [ClusterPlan]
#   action: warn
#   parameters:
#     minZones:
#       type: integer
#       description: Fewest zones the workers must span.
#       minimum: 1
#       default: 2
package shipshape.plan.multi_zone

import data.lib.exemptions
import data.lib.plan

violation contains v if some v in exemptions.enforce(input.review.object, "multi-zone", findings)

zones := {z | some p in plan.workers(input.review.object); p.count > 0; some z in p.zones}

findings contains finding if {
	count(plan.workers(input.review.object)) > 0
	count(zones) < input.parameters.minZones
	finding := {
		"msg": sprintf("%s: the workers span %d zone(s) (%s), fewer than %d; spread the worker pools over more zones so one zone's outage leaves room for its pods", [plan.describe(input.review.object), count(zones), concat(", ", sort(zones)), input.parameters.minZones]),
		"details": {"field": "spec.nodePools"},
	}
}
