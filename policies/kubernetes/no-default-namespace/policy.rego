# METADATA
# title: Objects do not live in the default namespace
# description: >-
#   Every namespaced object (workloads, Services, ConfigMaps, Secrets,
#   Ingresses, claims, service accounts, RBAC roles and bindings, autoscalers,
#   network policies, disruption budgets) lives in a namespace named after
#   its business domain, not in default. Namespaces separate business
#   domains: quotas, RBAC, network policies and ownership all attach to them,
#   and default is where everything unplanned ends up. An object that says
#   namespace default is denied. An object that names no namespace goes
#   where kubectl apply is pointed: the namespace of -n, else of the current
#   context, else default; in the cluster the API server knows which.
#   Offline, tell shipshape the target with --namespace (-n) or namespace in
#   .shipshape.yaml: objects that name none are then checked in it (denied
#   when it is default). Not told, shipshape cannot know the context, so
#   such an object is a warning that says so, not a deny.
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
	not input.review.namespaceAssumed
	obj := input.review.object
	finding := {
		"msg": sprintf("%s is in namespace default; set metadata.namespace to the namespace of its business domain (or apply it with -n <namespace>)", [workload.describe(obj)]),
		"details": {"field": "metadata.namespace"},
	}
}

# Offline, an object that names no namespace when the run was not told the
# target (input.review.namespaceAssumed): whether it lands in default is up
# to the kubectl context, which the check cannot see.
findings contains finding if {
	input.review.namespaceAssumed == true
	obj := input.review.object
	finding := {
		"msg": sprintf("%s names no namespace, so kubectl apply puts it in the namespace of -n, else of the current context, else default; this check was not told which (run shipshape with --namespace, or set namespace in .shipshape.yaml), or set metadata.namespace", [workload.describe(obj)]),
		"details": {"field": "metadata.namespace", "severity": "warn"},
	}
}
