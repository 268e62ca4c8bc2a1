# METADATA
# title: Pods are run by a controller
# description: >-
#   A Pod created on its own (no Deployment, StatefulSet, DaemonSet, Job or
#   other controller owning it) is not recreated when its node fails or is
#   drained, is not rolled to a new version, and is not counted by a
#   PodDisruptionBudget's controller: it is gone at the first maintenance.
#   Run it from a workload controller. Pods in the system namespaces, and the
#   mirror Pods the kubelet creates for static Pods, are not checked.
# custom:
#   section: 三.开发 容器运行 (F)
#   input: kubernetes
#   kinds: [Pod]
#   action: warn
#   parameters:
#     systemNamespaces:
#       type: array
#       items:
#         type: string
#       description: Namespaces whose Pods are not checked.
#       default: ["kube-system"]
package shipshape.kubernetes.no_bare_pods

import data.lib.exemptions
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "no-bare-pods", findings)

findings contains finding if {
	obj := input.review.object
	obj.kind == "Pod"
	not workload.controlled(obj)
	not workload.namespace(input.review) in input.parameters.systemNamespaces
	not obj.metadata.annotations["kubernetes.io/config.mirror"]
	finding := {
		"msg": sprintf("%s has no controller, so it is not recreated when its node fails or is drained; run it from a Deployment, StatefulSet, DaemonSet or Job", [workload.describe(obj)]),
		"details": {"field": "metadata.ownerReferences"},
	}
}
