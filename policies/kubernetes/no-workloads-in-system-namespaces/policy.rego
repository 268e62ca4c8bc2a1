# METADATA
# title: Business workloads stay out of the system namespaces
# description: >-
#   kube-system holds the cluster's own components, and admission policies,
#   quotas and monitoring usually exempt it so that the cluster can always
#   repair itself; a business workload placed there escapes all of them, and
#   reads the Secrets of the components beside it. kube-public is readable
#   by everyone, unauthenticated users included. Run business workloads in
#   namespaces of their own; list cluster add-ons that belong in a system
#   namespace in allowedNames. Pods owned by a controller are left to their
#   owner.
# custom:
#   section: 二.1 多集群与Namespace (F)
#   input: kubernetes
#   kinds: [workloads]
#   action: warn
#   parameters:
#     namespaces:
#       type: array
#       items:
#         type: string
#       description: The system namespaces.
#       default: ["kube-system", "kube-public"]
#     allowedNames:
#       type: array
#       items:
#         type: string
#       description: Names of workloads that belong in a system namespace (cluster add-ons).
#       default: []
package shipshape.kubernetes.no_workloads_in_system_namespaces

import data.lib.exemptions
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "no-workloads-in-system-namespaces", findings)

findings contains finding if {
	obj := input.review.object
	workload.is_workload(obj)
	not workload.controlled(obj)
	ns := workload.namespace(input.review)
	ns in input.parameters.namespaces
	not obj.metadata.name in input.parameters.allowedNames
	finding := {
		"msg": sprintf("%s runs in the system namespace %s; move it to a namespace of its own, or add %s to allowedNames if it is a cluster add-on", [workload.describe(obj), ns, obj.metadata.name]),
		"details": {"field": "metadata.namespace"},
	}
}
