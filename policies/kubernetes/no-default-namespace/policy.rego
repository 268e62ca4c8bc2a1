# METADATA
# title: Objects do not live in the default namespace
# description: >-
#   Every namespaced object (workloads, Services, ConfigMaps, Secrets,
#   Ingresses, claims, service accounts, RBAC roles and bindings, autoscalers,
#   network policies, disruption budgets) lives in a namespace named after
#   its business domain, not in default. Namespaces separate business
#   domains: quotas, RBAC, network policies and ownership all attach to them,
#   and default is where everything unplanned ends up. An object that names
#   no namespace lands in default (kubectl and the offline check both put it
#   there), so set metadata.namespace or apply with -n.
# custom:
#   section: 二.1 多集群与Namespace (B)
#   input: kubernetes
#   kinds:
#     - workloads
#     - Service
#     - ConfigMap
#     - Secret
#     - Ingress
#     - PersistentVolumeClaim
#     - ServiceAccount
#     - Role
#     - RoleBinding
#     - HorizontalPodAutoscaler
#     - NetworkPolicy
#     - PodDisruptionBudget
#   action: deny
package shipshape.kubernetes.no_default_namespace

import data.lib.exemptions
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "no-default-namespace", findings)

findings contains finding if {
	workload.namespace(input.review) == "default"
	obj := input.review.object
	finding := {
		"msg": sprintf("%s is in namespace default; set metadata.namespace to the namespace of its business domain (or apply it with -n <namespace>)", [workload.describe(obj)]),
		"details": {"field": "metadata.namespace"},
	}
}
