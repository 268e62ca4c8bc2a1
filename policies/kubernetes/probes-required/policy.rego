# METADATA
# title: Long-running containers have liveness and readiness probes
# description: >-
#   Every container of a long-running workload (not a Job, a CronJob or a pod
#   that runs to completion) has a liveness and a readiness probe, each with
#   exactly one handler: httpGet, tcpSocket, exec or grpc. Without them a hung
#   process keeps receiving traffic and is never restarted. Native sidecars
#   (init containers with restartPolicy Always) count as long-running too.
# custom:
#   section: 三.开发 健康检查 (D)
#   input: kubernetes
#   kinds: [workloads]
#   action: deny
package shipshape.kubernetes.probes_required

import data.lib.exemptions
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "probes-required", findings)

probes := {"livenessProbe": "liveness", "readinessProbe": "readiness"}

handlers := ["httpGet", "tcpSocket", "exec", "grpc"]

findings contains finding if {
	obj := input.review.object
	workload.long_running(obj)
	some c in long_running_containers(obj)
	some field, label in probes
	not c.container[field]
	finding := {
		"msg": sprintf("%s: %s has no %s probe; add %s (httpGet, tcpSocket, exec or grpc)", [workload.describe(obj), workload.container_label(c), label, field]),
		"details": {"field": sprintf("%s.%s", [c.path, field])},
	}
}

findings contains finding if {
	obj := input.review.object
	workload.long_running(obj)
	some c in long_running_containers(obj)
	some field, label in probes
	probe := c.container[field]
	used := [h | some h in handlers; probe[h]]
	count(used) != 1
	finding := {
		"msg": sprintf("%s: %s has a %s probe with %d handlers (%s); give it exactly one of httpGet, tcpSocket, exec or grpc", [workload.describe(obj), workload.container_label(c), label, count(used), concat(", ", used)]),
		"details": {"field": sprintf("%s.%s", [c.path, field])},
	}
}

long_running_containers(obj) := [c |
	some c in workload.containers(obj)
	sidecar_or_main(c)
]

sidecar_or_main(c) if c.list == "containers"

sidecar_or_main(c) if {
	c.list == "initContainers"
	c.container.restartPolicy == "Always"
}
