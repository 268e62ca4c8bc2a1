# METADATA
# title: Capacity helpers
# description: >-
#   What the workloads of a run ask for: every workload's pod requests
#   (init containers as the scheduler counts them) times its pods
#   (replicas; DaemonSets once per node; Jobs their parallelism). Used by the
#   section A policies and by `shipshape capacity`.
package lib.capacity

import data.lib.plan
import data.lib.workload

# workloads lists what each workload of the inventory requests:
# {namespace, kind, name, pods, pod: {cpu, memory}, cpu, memory}.
workloads(inventory, nodes) := [entry(obj, nodes) |
	some ns, gvs in object.get(inventory, "namespace", {})
	some gv, kinds in gvs
	some kind, objs in kinds
	kind in workload.workload_kinds
	some name, obj in objs
	not owned(obj)
]

# Pods a controller made are counted through their controller.
owned(obj) if count(object.get(object.get(obj, "metadata", {}), "ownerReferences", [])) > 0

entry(obj, nodes) := {
	"namespace": object.get(obj.metadata, "namespace", ""),
	"kind": obj.kind,
	"name": obj.metadata.name,
	"pods": n,
	"pod": req,
	"cpu": n * req.cpu,
	"memory": n * req.memory,
} if {
	n := pods(obj, nodes)
	req := pod_requests(workload.pod_spec(obj))
}

totals(ws) := {"cpu": sum([w.cpu | some w in ws]), "memory": sum([w.memory | some w in ws])}

pods(obj, _) := object.get(obj.spec, "replicas", 1) if obj.kind in {"Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"}

pods(obj, nodes) := nodes if obj.kind == "DaemonSet"

pods(obj, _) := job_pods(obj.spec) if obj.kind == "Job"

pods(obj, _) := job_pods(obj.spec.jobTemplate.spec) if obj.kind == "CronJob"

pods(obj, _) := 1 if obj.kind == "Pod"

# A Job runs parallelism pods at once, never more than its completions.
job_pods(spec) := min([object.get(spec, "parallelism", 1), object.get(spec, "completions", object.get(spec, "parallelism", 1))])

# pod_requests is what the scheduler reserves for one pod: for each
# resource, the larger of the largest init container and the sum of the
# app containers (sidecars, init containers that keep running, count with
# the app containers).
pod_requests(spec) := {"cpu": pod_request(spec, "cpu"), "memory": pod_request(spec, "memory")}

pod_request(spec, res) := max([init_max(spec, res), app_sum(spec, res)])

init_max(spec, res) := max(array.concat([0], [request(c, res) | some c in object.get(spec, "initContainers", []); not sidecar(c)]))

app_sum(spec, res) := sum([request(c, res) | some c in object.get(spec, "containers", [])]) + sum([request(c, res) | some c in object.get(spec, "initContainers", []); sidecar(c)])

sidecar(c) if c.restartPolicy == "Always"

request(c, "cpu") := plan.cpu(object.get(object.get(object.get(c, "resources", {}), "requests", {}), "cpu", 0))

request(c, "memory") := plan.bytes(object.get(object.get(object.get(c, "resources", {}), "requests", {}), "memory", 0))
