# METADATA
# title: Ingress controllers run on dedicated nodes with guaranteed resources
# description: >-
#   Workloads of the ingress controller (found by the selector, matched
#   against the pod template's labels or the object's own) tolerate the taint
#   that keeps other pods off the dedicated ingress nodes, select those nodes
#   with a nodeSelector or a required node affinity, and give every container
#   requests equal to limits for cpu and memory (a missing request defaults
#   to the limit), adding up per pod to at least minCPU cores and minMemory.
#   All traffic enters through these pods: sharing nodes with business pods,
#   or being throttled or evicted first under pressure, turns a busy
#   neighbour into an outage. 阿里云容器产品实践 gives the nodes the taint
#   Ingress=:NoExecute and the pods 16 cores and 32 GiB. Init containers are
#   not counted. Jobs and CronJobs are never the controller, nor is a pod
#   labelled app.kubernetes.io/component: admission-webhook: ingress charts
#   label their one-shot admission Jobs (ingress-nginx's admission-create and
#   admission-patch) with the controller's name, but they run once and serve
#   no traffic.
# custom:
#   section: 二.2 独立部署Ingress Controller (B)
#   input: kubernetes
#   kinds: [workloads]
#   action: warn
#   parameters:
#     selector:
#       type: object
#       description: Label selector (matchLabels, matchExpressions) that finds ingress controller workloads.
#       properties:
#         matchLabels:
#           type: object
#           additionalProperties:
#             type: string
#         matchExpressions:
#           type: array
#           items:
#             type: object
#             properties:
#               key:
#                 type: string
#               operator:
#                 type: string
#                 enum: [In, NotIn, Exists, DoesNotExist]
#               values:
#                 type: array
#                 items:
#                   type: string
#       default:
#         matchExpressions:
#           - key: app.kubernetes.io/name
#             operator: In
#             values: [ingress-nginx, nginx-ingress]
#     taint:
#       type: object
#       description: The taint of the dedicated ingress nodes, which the controller must tolerate.
#       properties:
#         key:
#           type: string
#         value:
#           type: string
#         effect:
#           type: string
#           enum: [NoSchedule, PreferNoSchedule, NoExecute]
#       default:
#         key: Ingress
#         effect: NoExecute
#     minCPU:
#       type: number
#       description: Least CPU (cores) the controller's pod requests and is limited to.
#       default: 16
#     minMemory:
#       type: string
#       format: quantity
#       description: Least memory (a Kubernetes quantity) the controller's pod requests and is limited to.
#       default: 32Gi
package shipshape.kubernetes.ingress_dedicated_nodes

import data.lib.exemptions
import data.lib.quantity
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "ingress-dedicated-nodes", findings)

findings contains finding if {
	controller
	obj := input.review.object
	not tolerates_taint(obj)
	finding := {
		"msg": sprintf("%s does not tolerate the dedicated ingress nodes' taint %s; add the toleration {key: %s, operator: %s, effect: %s}", [workload.describe(obj), taint_label, taint.key, toleration_operator, taint.effect]),
		"details": {"field": sprintf("%s.tolerations", [workload.pod_spec_path(obj)])},
	}
}

findings contains finding if {
	controller
	obj := input.review.object
	not selects_nodes(workload.pod_spec(obj))
	finding := {
		"msg": sprintf("%s does not select the dedicated ingress nodes, so its pods may land on any node; add a nodeSelector (or a required node affinity) on the label of the ingress nodes", [workload.describe(obj)]),
		"details": {"field": sprintf("%s.nodeSelector", [workload.pod_spec_path(obj)])},
	}
}

findings contains finding if {
	controller
	obj := input.review.object
	some c in main_containers(obj)
	some res in resources
	not c.container.resources.limits[res]
	finding := {
		"msg": sprintf("%s: %s sets no limits.%s; set requests.%s and limits.%s equal, together at least %v for the pod", [workload.describe(obj), workload.container_label(c), res, res, res, minimum_label[res]]),
		"details": {"field": sprintf("%s.resources.limits.%s", [c.path, res])},
	}
}

findings contains finding if {
	controller
	obj := input.review.object
	some c in main_containers(obj)
	some res in resources
	limit := c.container.resources.limits[res]
	request := c.container.resources.requests[res]
	not same_quantity(request, limit)
	finding := {
		"msg": sprintf("%s: %s requests %s %v but is limited to %v; set requests.%s equal to limits.%s so it is never throttled or evicted first", [workload.describe(obj), workload.container_label(c), res, request, limit, res, res]),
		"details": {"field": sprintf("%s.resources.requests.%s", [c.path, res])},
	}
}

findings contains finding if {
	controller
	obj := input.review.object
	some res in resources
	cs := main_containers(obj)
	limits := [q | some c in cs; q := quantity.parse(c.container.resources.limits[res])]
	count(limits) == count(cs)
	sum(limits) < minimum[res]
	finding := {
		"msg": sprintf("%s: the pod's %s limits add up to %v, less than the %v an ingress controller on dedicated nodes should have; raise requests and limits", [workload.describe(obj), res, shown(res, sum(limits)), minimum_label[res]]),
		"details": {"field": sprintf("%s.containers", [workload.pod_spec_path(obj)])},
	}
}

findings contains finding if {
	not quantity.valid(input.parameters.minMemory)
	finding := {
		"msg": sprintf("parameter minMemory %q is not a Kubernetes quantity (e.g. 32Gi), so pod sizes cannot be checked; fix the Constraint", [input.parameters.minMemory]),
		"details": {"field": "spec.parameters.minMemory"},
	}
}

resources := ["cpu", "memory"]

taint := input.parameters.taint

taint_label := sprintf("%s=%s:%s", [taint.key, object.get(taint, "value", ""), taint.effect])

toleration_operator := "Exists" if object.get(taint, "value", "") == ""

toleration_operator := sprintf("Equal, value: %s", [taint.value]) if object.get(taint, "value", "") != ""

minimum := {"cpu": input.parameters.minCPU, "memory": quantity.parse(input.parameters.minMemory)}

minimum_label := {"cpu": sprintf("%v cores", [input.parameters.minCPU]), "memory": input.parameters.minMemory}

shown("cpu", n) := sprintf("%v cores", [n])

shown("memory", n) := sprintf("%v bytes", [n])

same_quantity(a, b) if quantity.parse(a) == quantity.parse(b)

main_containers(obj) := [c | some c in workload.containers(obj); c.list == "containers"]

# controller holds when the object under review is an ingress controller:
# a rule of no arguments, decided once per review, that every finding
# checks first (most objects are not controllers).
controller if ingress_controller(input.review.object)

# The controller is found by its pods' labels or, failing that, the object's.
ingress_controller(obj) if {
	long_running(obj)
	selected(object.get(workload.pod_metadata(obj), "labels", {}))
}

ingress_controller(obj) if {
	long_running(obj)
	selected(object.get(obj, ["metadata", "labels"], {}))
}

# long_running holds for a workload that serves: not a one-shot Job or
# CronJob, nor the chart's admission-webhook helper pods.
long_running(obj) if {
	workload.is_workload(obj)
	not obj.kind in {"Job", "CronJob"}
	not admission_helper(obj)
}

admission_helper(obj) if object.get(workload.pod_metadata(obj), ["labels", "app.kubernetes.io/component"], "") == "admission-webhook"

admission_helper(obj) if object.get(obj, ["metadata", "labels", "app.kubernetes.io/component"], "") == "admission-webhook"

selected(labels) if {
	selector := input.parameters.selector
	every key, value in object.get(selector, "matchLabels", {}) {
		labels[key] == value
	}
	every expr in object.get(selector, "matchExpressions", []) {
		expression_matches(labels, expr)
	}
}

expression_matches(labels, expr) if {
	expr.operator == "In"
	labels[expr.key] in object.get(expr, "values", [])
}

expression_matches(labels, expr) if {
	expr.operator == "NotIn"
	not has_key(labels, expr.key)
}

expression_matches(labels, expr) if {
	expr.operator == "NotIn"
	not labels[expr.key] in object.get(expr, "values", [])
}

expression_matches(labels, expr) if {
	expr.operator == "Exists"
	_ = labels[expr.key]
}

expression_matches(labels, expr) if {
	expr.operator == "DoesNotExist"
	not has_key(labels, expr.key)
}

has_key(o, k) if _ = o[k]

# Kubernetes toleration matching: an empty key with Exists tolerates every
# taint; an empty effect tolerates every effect.
tolerates_taint(obj) if {
	some t in object.get(workload.pod_spec(obj), "tolerations", [])
	key_matches(t)
	value_matches(t)
	object.get(t, "effect", "") in {"", taint.effect}
}

key_matches(t) if t.key == taint.key

key_matches(t) if {
	object.get(t, "key", "") == ""
	t.operator == "Exists"
}

value_matches(t) if t.operator == "Exists"

value_matches(t) if {
	object.get(t, "operator", "Equal") == "Equal"
	object.get(t, "value", "") == object.get(taint, "value", "")
}

selects_nodes(spec) if count(object.get(spec, "nodeSelector", {})) > 0

selects_nodes(spec) if {
	terms := spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms
	count(terms) > 0
	every term in terms {
		count(object.get(term, "matchExpressions", [])) + count(object.get(term, "matchFields", [])) > 0
	}
}
