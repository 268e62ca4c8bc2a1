# METADATA
# title: Ingress controller workers match its CPU limit
# description: >-
#   The NGINX ingress controller's worker-processes setting (in the ConfigMap
#   named by its --configmap argument, or -nginx-configmaps for NGINX Inc's
#   controller) equals its container's CPU limit. The default, auto, starts
#   one worker per CPU of the node, not of the limit: on a 96-core node a
#   controller limited to 16 cores runs 96 workers that fight over 16 cores
#   of quota. Set a whole-number CPU limit and worker-processes to the same
#   number. The controller container is the one started as
#   /nginx-ingress-controller or given a ConfigMap argument; $(POD_NAMESPACE)
#   in that argument stands for the workload's namespace. The ConfigMap is
#   read from data.inventory (sync ConfigMaps); one that is not there is
#   reported as its own finding, marked "not found in the inventory", which
#   the offline CLI reports at warn level (details.severity).
# custom:
#   section: 二.2 独立部署Ingress Controller (B)
#   input: kubernetes
#   kinds: [Deployment, DaemonSet]
#   action: warn
#   sync:
#     - v1/ConfigMap
package shipshape.kubernetes.ingress_worker_processes

import data.lib.exemptions
import data.lib.inventory
import data.lib.quantity
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "ingress-worker-processes", findings)

configmap_flags := ["--configmap=", "-nginx-configmaps=", "--nginx-configmaps="]

findings contains finding if {
	obj := input.review.object
	some c in controllers(obj)
	not cpu_limit(c.container)
	finding := {
		"msg": sprintf("%s: ingress %s sets no CPU limit, so worker-processes cannot match it; set resources.limits.cpu to a whole number of CPUs and worker-processes to the same number", [workload.describe(obj), workload.container_label(c)]),
		"details": {"field": sprintf("%s.resources.limits.cpu", [c.path])},
	}
}

findings contains finding if {
	obj := input.review.object
	some c in controllers(obj)
	cpu_limit(c.container)
	not configmap_ref(obj, c.container)
	finding := {
		"msg": sprintf("%s: ingress %s is given no ConfigMap (--configmap), so worker-processes is auto: one worker per CPU of the node, not of its CPU limit %v; pass --configmap and set worker-processes in it", [workload.describe(obj), workload.container_label(c), cpu_limit(c.container)]),
		"details": {"field": sprintf("%s.args", [c.path])},
	}
}

findings contains finding if {
	obj := input.review.object
	some c in controllers(obj)
	limit := cpu_limit(c.container)
	ref := configmap_ref(obj, c.container)
	some cm in inventory.namespaced(ref.namespace, "", "ConfigMap", ref.name)
	value := object.get(object.get(cm, "data", {}), "worker-processes", "auto")
	not matches(value, limit)
	finding := {
		"msg": sprintf("%s: ingress %s has CPU limit %v but ConfigMap %s/%s sets worker-processes %q%s; %s", [workload.describe(obj), workload.container_label(c), limit, ref.namespace, ref.name, value, auto_note(value), fix(limit)]),
		"details": {"field": sprintf("%s.resources.limits.cpu", [c.path]), "configMap": sprintf("%s/%s", [ref.namespace, ref.name]), "workerProcesses": value},
	}
}

findings contains finding if {
	obj := input.review.object
	some c in controllers(obj)
	cpu_limit(c.container)
	ref := configmap_ref(obj, c.container)
	count(inventory.namespaced(ref.namespace, "", "ConfigMap", ref.name)) == 0
	finding := inventory.not_found(
		sprintf("%s: ingress %s", [workload.describe(obj), workload.container_label(c)]),
		sprintf("its ConfigMap %s/%s", [ref.namespace, ref.name]),
		sprintf("%s.args", [c.path]),
	)
}

# controllers are the NGINX ingress controller containers of the workload.
controllers(obj) := [c |
	some c in workload.containers(obj)
	c.list == "containers"
	is_controller(c.container)
]

command_line(container) := array.concat(object.get(container, "command", []), object.get(container, "args", []))

is_controller(container) if "/nginx-ingress-controller" in command_line(container)

is_controller(container) if {
	some arg in command_line(container)
	some flag in configmap_flags
	startswith(arg, flag)
}

cpu_limit(container) := limit if {
	limit := container.resources.limits.cpu
	limit != ""
}

configmap_ref(obj, container) := {"namespace": ns, "name": name} if {
	some arg in command_line(container)
	some flag in configmap_flags
	startswith(arg, flag)
	value := replace(substring(arg, count(flag), -1), "$(POD_NAMESPACE)", inventory.namespace_of(obj))
	[ns, name] := split(value, "/")
}

cores(limit) := quantity.parse(limit)

matches(value, limit) if {
	regex.match(`^[0-9]+$`, sprintf("%v", [value]))
	to_number(value) == cores(limit)
}

auto_note(value) := " (one worker per CPU of the node, not of the limit)" if value == "auto"

auto_note(value) := "" if value != "auto"

fix(limit) := sprintf("set worker-processes: \"%d\"", [cores(limit)]) if cores(limit) == floor(cores(limit))

fix(limit) := "set a whole-number CPU limit and worker-processes to the same number" if cores(limit) != floor(cores(limit))
