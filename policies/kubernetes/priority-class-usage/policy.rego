# METADATA
# title: Priority classes are used as intended
# description: >-
#   PriorityClasses are cluster-wide and drive preemption, so their use is
#   kept in bounds. The system-node-critical and system-cluster-critical
#   classes (any system-*-critical) are for cluster components, only in the
#   system namespaces: a business pod holding them can preempt what keeps the
#   cluster running. When allowedClasses is set, workloads use only those
#   classes (the system ones stay allowed in the system namespaces). At most
#   one PriorityClass is a globalDefault, the priority of every pod that names
#   none. The last rule and the existence of the class a workload names are
#   read from data.inventory (sync PriorityClasses); a class that is not in
#   the inventory is reported as its own finding, marked "not found in the
#   inventory", which the offline CLI reports at warn level
#   (details.severity), since the API server rejects pods naming a class that
#   does not exist.
# custom:
#   section: 二.8 POD优先级 (B)
#   input: kubernetes
#   kinds: [workloads, PriorityClass]
#   action: deny
#   parameters:
#     allowedClasses:
#       type: array
#       items:
#         type: string
#       description: The priority classes workloads may use; empty allows any.
#       default: []
#     systemNamespaces:
#       type: array
#       items:
#         type: string
#       description: The namespaces where system-*-critical classes may be used.
#       default: [kube-system]
#   sync:
#     - scheduling.k8s.io/v1/PriorityClass
package shipshape.kubernetes.priority_class_usage

import data.lib.exemptions
import data.lib.inventory
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "priority-class-usage", findings)

findings contains finding if {
	obj := input.review.object
	class := priority_class(obj)
	system_class(class)
	not inventory.namespace_of(obj) in input.parameters.systemNamespaces
	finding := {
		"msg": sprintf("%s uses priority class %s outside the system namespaces (%s); system-*-critical classes are for cluster components, which a business pod would preempt; create a PriorityClass of your own", [workload.describe(obj), class, concat(", ", input.parameters.systemNamespaces)]),
		"details": {"field": field(obj)},
	}
}

findings contains finding if {
	obj := input.review.object
	class := priority_class(obj)
	count(input.parameters.allowedClasses) > 0
	not class in input.parameters.allowedClasses
	not system_class(class)
	finding := {
		"msg": sprintf("%s uses priority class %s, which is not one of the allowed classes (%s); use one of them", [workload.describe(obj), class, concat(", ", input.parameters.allowedClasses)]),
		"details": {"field": field(obj)},
	}
}

findings contains finding if {
	obj := input.review.object
	class := priority_class(obj)
	not system_class(class)
	count(inventory.cluster_scoped("scheduling.k8s.io", "PriorityClass", class)) == 0
	finding := inventory.not_found(workload.describe(obj), sprintf("its PriorityClass %s", [class]), field(obj))
}

findings contains finding if {
	obj := input.review.object
	obj.kind == "PriorityClass"
	obj.globalDefault == true
	others := sort({other.metadata.name |
		some other in inventory.kind_in_cluster("scheduling.k8s.io", "PriorityClass")
		other.globalDefault == true
		other.metadata.name != obj.metadata.name
	})
	count(others) > 0
	finding := {
		"msg": sprintf("PriorityClass %s is a globalDefault, and so is PriorityClass %s; keep one globalDefault (the priority of every pod that names no class) and set globalDefault: false on the others", [obj.metadata.name, concat(", PriorityClass ", others)]),
		"details": {"field": "globalDefault", "otherDefaults": others},
	}
}

priority_class(obj) := class if {
	workload.is_workload(obj)
	class := workload.pod_spec(obj).priorityClassName
	class != ""
}

system_class(class) if regex.match(`^system-.+-critical$`, class)

field(obj) := sprintf("%s.priorityClassName", [workload.pod_spec_path(obj)])
