# METADATA
# title: Workload helpers
# description: >-
#   The pod spec of any workload kind, the containers of all three lists,
#   and the path of each so messages can name the field.
package lib.workload

# Kinds whose objects carry a pod template at spec.template.
template_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"}

# Every kind that runs pods: template_kinds, Pod and CronJob (a literal, so
# it is not built again for every object; a unit test keeps it in step).
workload_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "Pod", "CronJob"}

# Kinds whose pods run to completion, so probes and preStop hooks do not apply.
batch_kinds := {"Job", "CronJob"}

container_lists := ["initContainers", "containers", "ephemeralContainers"]

# A helper that holds or not has a default of false: OPA caches a function's
# value for the arguments but not its undefinedness, and the policies ask
# these again and again about one object.
default is_workload(_) := false

is_workload(obj) if obj.kind in workload_kinds

# pod_spec_path is the dotted path of the pod spec inside the object.
pod_spec_path(obj) := "spec" if obj.kind == "Pod"

pod_spec_path(obj) := "spec.template.spec" if obj.kind in template_kinds

pod_spec_path(obj) := "spec.jobTemplate.spec.template.spec" if obj.kind == "CronJob"

pod_spec(obj) := obj.spec if obj.kind == "Pod"

pod_spec(obj) := obj.spec.template.spec if obj.kind in template_kinds

pod_spec(obj) := obj.spec.jobTemplate.spec.template.spec if obj.kind == "CronJob"

# pod_metadata is the metadata the pods get: the object's own for a Pod,
# the template's otherwise.
pod_metadata(obj) := object.get(obj, "metadata", {}) if obj.kind == "Pod"

pod_metadata(obj) := object.get(obj.spec.template, "metadata", {}) if obj.kind in template_kinds

pod_metadata(obj) := object.get(obj.spec.jobTemplate.spec.template, "metadata", {}) if obj.kind == "CronJob"

# pod_metadata_path is the dotted path of pod_metadata inside the object.
pod_metadata_path(obj) := "metadata" if obj.kind == "Pod"

pod_metadata_path(obj) := "spec.template.metadata" if obj.kind in template_kinds

pod_metadata_path(obj) := "spec.jobTemplate.spec.template.metadata" if obj.kind == "CronJob"

# containers lists every container of the workload with where it sits:
# {"list", "index", "name", "path", "container"}.
containers(obj) := [entry |
	spec := pod_spec(obj)
	some list in container_lists
	some i, c in object.get(spec, list, [])
	entry := {
		"list": list,
		"index": i,
		"name": object.get(c, "name", sprintf("%s[%d]", [list, i])),
		"path": sprintf("%s.%s[%d]", [pod_spec_path(obj), list, i]),
		"container": c,
	}
]

# long_running holds for workloads whose pods are expected to keep running.
default long_running(_) := false

long_running(obj) if {
	is_workload(obj)
	not obj.kind in batch_kinds
	not run_to_completion_pod(obj)
}

default run_to_completion_pod(_) := false

run_to_completion_pod(obj) if {
	obj.kind == "Pod"
	obj.spec.restartPolicy in {"Never", "OnFailure"}
}

# controlled holds for an object another workload owns (a Deployment's
# ReplicaSet, a ReplicaSet's Pod, through an ownerReference marked
# controller): policies about the namespace leave it to its owner, so one
# missing object is reported once, and no-bare-pods tells bare Pods by it.
# It reads the object only, so a policy that asks it reads no inventory.
default controlled(_) := false

controlled(obj) if {
	some ref in object.get(obj.metadata, "ownerReferences", [])
	ref.controller == true
}

# describe names the object in messages: "Deployment web".
describe(obj) := sprintf("%s %s", [obj.kind, object.get(object.get(obj, "metadata", {}), "name", "<unnamed>")])

# container_label names a container in messages, saying when it is not a
# regular one: "init container migrate".
container_label(entry) := sprintf("container %s", [entry.name]) if entry.list == "containers"

container_label(entry) := sprintf("init container %s", [entry.name]) if entry.list == "initContainers"

container_label(entry) := sprintf("ephemeral container %s", [entry.name]) if entry.list == "ephemeralContainers"

# namespace is the namespace an admission review puts the object in: its
# own metadata.namespace, else the request's (the API server fills an
# empty one from the request, and the offline evaluator puts namespaced
# objects without one into default, as kubectl does); "" when neither says.
namespace(review) := ns if {
	ns := review.object.metadata.namespace
	ns != ""
} else := ns if {
	ns := review.namespace
	ns != ""
} else := ""

# windows holds for pods that declare spec.os.name windows: Kubernetes then
# rejects Linux-only securityContext fields, and the Pod Security Standards
# relax the restricted controls that depend on them.
default windows(_) := false

windows(obj) if pod_spec(obj).os.name == "windows"
