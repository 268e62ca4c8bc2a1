# METADATA
# title: Pods shut down gracefully
# description: >-
#   No pod spec sets terminationGracePeriodSeconds to 0, and every container
#   of a long-running workload (not a Job, a CronJob or a pod that runs to
#   completion; native sidecars included) defines a lifecycle.preStop hook
#   with a handler (exec, httpGet or sleep). With a grace period of 0 the
#   process is killed before it can finish requests or release resources;
#   without preStop it receives SIGTERM while endpoints still send it
#   traffic. The grace period starts before preStop runs, so keep the hook
#   shorter than the period. Remove the 0 (the default is 30 seconds) and add
#   e.g. `lifecycle: {preStop: {sleep: {seconds: 5}}}` or an exec that drains.
# custom:
#   section: 三.4 优雅退出 (D)
#   input: kubernetes
#   kinds: [workloads]
#   action: warn
package shipshape.kubernetes.graceful_shutdown

import data.lib.exemptions
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "graceful-shutdown", findings)

# Handlers the kubelet runs for preStop; tcpSocket is accepted by the API
# but never executed.
handlers := ["exec", "httpGet", "sleep"]

findings contains finding if {
	obj := input.review.object
	spec := workload.pod_spec(obj)
	spec.terminationGracePeriodSeconds == 0
	path := sprintf("%s.terminationGracePeriodSeconds", [workload.pod_spec_path(obj)])
	finding := {
		"msg": sprintf("%s: %s is 0, so containers are killed without time to shut down; remove it (default 30) or set the seconds a clean shutdown needs", [workload.describe(obj), path]),
		"details": {"field": path},
	}
}

findings contains finding if {
	obj := input.review.object
	workload.long_running(obj)
	some c in workload.containers(obj)
	sidecar_or_main(c)
	not c.container.lifecycle.preStop
	finding := {
		"msg": sprintf("%s: %s has no preStop hook, so it gets SIGTERM while still receiving traffic; add %s.lifecycle.preStop (e.g. sleep: {seconds: 5}, or an exec that drains)", [workload.describe(obj), workload.container_label(c), c.path]),
		"details": {"field": sprintf("%s.lifecycle.preStop", [c.path])},
	}
}

findings contains finding if {
	obj := input.review.object
	workload.long_running(obj)
	some c in workload.containers(obj)
	sidecar_or_main(c)
	hook := c.container.lifecycle.preStop
	count([h | some h in handlers; hook[h]]) == 0
	finding := {
		"msg": sprintf("%s: %s has a preStop hook with no handler the kubelet runs; give %s.lifecycle.preStop one of exec, httpGet or sleep", [workload.describe(obj), workload.container_label(c), c.path]),
		"details": {"field": sprintf("%s.lifecycle.preStop", [c.path])},
	}
}

sidecar_or_main(c) if c.list == "containers"

sidecar_or_main(c) if {
	c.list == "initContainers"
	c.container.restartPolicy == "Always"
}
