# METADATA
# title: Pods that do not call the API mount no ServiceAccount token
# description: >-
#   Kubernetes mounts a token of the Pod's ServiceAccount into every
#   container unless told not to; most applications never call the API
#   server, and for them the token is only something to steal (a path
#   traversal or a compromised dependency reads it from
#   /var/run/secrets/kubernetes.io/serviceaccount). Set
#   automountServiceAccountToken false on the ServiceAccount, or on the pod
#   spec; a pod that does call the API says so with
#   automountServiceAccountToken true on its own spec, which wins over the
#   ServiceAccount's. The ServiceAccount is read from data.inventory (sync
#   ServiceAccounts); when the pod spec does not decide and the
#   ServiceAccount is not there, the check cannot tell and says so at warn
#   level. Pods owned by a controller are left to their owner.
# custom:
#   section: 二.10 查错步骤 使用子账户，授权是否正确 (F)
#   input: kubernetes
#   kinds: [workloads]
#   action: warn
#   sync:
#     - v1/ServiceAccount
package shipshape.kubernetes.serviceaccount_token_automount

import data.lib.exemptions
import data.lib.inventory
import data.lib.serviceaccounts
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "serviceaccount-token-automount", findings)

findings contains finding if {
	obj := input.review.object
	undecided(obj)
	some sa in accounts(obj)
	object.get(sa, "automountServiceAccountToken", true) != false
	finding := {
		"msg": sprintf("%s mounts a token of ServiceAccount %s, and neither sets automountServiceAccountToken; set it to false on the ServiceAccount (or on %s), or to true on the pod spec if it calls the API", [workload.describe(obj), serviceaccounts.name(obj), workload.pod_spec_path(obj)]),
		"details": {"field": sprintf("%s.automountServiceAccountToken", [workload.pod_spec_path(obj)])},
	}
}

findings contains finding if {
	obj := input.review.object
	undecided(obj)
	count(accounts(obj)) == 0
	finding := inventory.not_found(
		workload.describe(obj),
		sprintf("its ServiceAccount %s/%s", [inventory.namespace_of(obj), serviceaccounts.name(obj)]),
		sprintf("%s.serviceAccountName", [workload.pod_spec_path(obj)]),
	)
}

default undecided(_) := false

# undecided holds for a workload whose pod spec leaves the token to its
# ServiceAccount.
undecided(obj) if {
	workload.is_workload(obj)
	not workload.controlled(obj)
	not has_setting(workload.pod_spec(obj))
}

has_setting(spec) if is_boolean(spec.automountServiceAccountToken)

accounts(obj) := inventory.namespaced(inventory.namespace_of(obj), "", "ServiceAccount", serviceaccounts.name(obj))
