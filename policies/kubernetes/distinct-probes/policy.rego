# METADATA
# title: Liveness and readiness probes are not the same
# description: >-
#   The two probes answer different questions: readiness asks whether the
#   container should get traffic now, liveness whether it is stuck beyond
#   repair. When they are one and the same probe, a container that is only
#   busy (a slow dependency, a full queue) fails liveness at the moment it
#   stops being ready, and is restarted, often all replicas at once, instead
#   of being taken out of the Service until it recovers. Give liveness a
#   cheaper check of the process itself, or at least a higher
#   failureThreshold than readiness.
# custom:
#   section: 三.开发 健康检查 (F)
#   input: kubernetes
#   kinds: [workloads]
#   action: warn
package shipshape.kubernetes.distinct_probes

import data.lib.exemptions
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "distinct-probes", findings)

findings contains finding if {
	obj := input.review.object
	some c in workload.containers(obj)
	liveness := c.container.livenessProbe
	liveness == c.container.readinessProbe
	finding := {
		"msg": sprintf("%s: %s has identical liveness and readiness probes, so a busy container is restarted instead of taken out of traffic; make livenessProbe check the process only, or give it a higher failureThreshold", [workload.describe(obj), workload.container_label(c)]),
		"details": {"field": sprintf("%s.livenessProbe", [c.path])},
	}
}
