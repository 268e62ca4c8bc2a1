# METADATA
# title: Workloads run as their own ServiceAccount
# description: >-
#   A Pod that names no ServiceAccount runs as its namespace's default one,
#   which every other such Pod of the namespace shares: a right granted to
#   one of them is granted to all, and a token stolen from one is the token of
#   all. Give each workload a ServiceAccount of its own
#   (spec.serviceAccountName), even one with no rights, so that rights can be
#   granted to exactly the workload that needs them and audit logs name it.
# custom:
#   section: 二.10 查错步骤 使用子账户，授权是否正确 (F)
#   input: kubernetes
#   kinds: [workloads]
#   action: warn
package shipshape.kubernetes.no_default_serviceaccount

import data.lib.exemptions
import data.lib.serviceaccounts
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "no-default-serviceaccount", findings)

findings contains finding if {
	obj := input.review.object
	workload.is_workload(obj)
	not workload.controlled(obj)
	serviceaccounts.name(obj) == "default"
	finding := {
		"msg": sprintf("%s runs as the namespace's default ServiceAccount, shared by every Pod that names none; create a ServiceAccount for it and set %s.serviceAccountName", [workload.describe(obj), workload.pod_spec_path(obj)]),
		"details": {"field": sprintf("%s.serviceAccountName", [workload.pod_spec_path(obj)])},
	}
}
