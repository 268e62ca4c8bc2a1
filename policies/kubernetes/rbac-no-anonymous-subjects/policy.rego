# METADATA
# title: No bindings to anonymous users or default ServiceAccounts
# description: >-
#   A binding whose subject is the User system:anonymous or the Group
#   system:unauthenticated grants its role to every request that carries no
#   credentials at all: anyone who can reach the API server. A binding to a
#   namespace's default ServiceAccount grants it to every Pod of that
#   namespace that names no ServiceAccount of its own, including Pods created
#   later by people who never saw the binding. Bind the role to a
#   ServiceAccount made for the workload that needs it.
# custom:
#   section: 二.10 查错步骤 使用子账户，授权是否正确 (F)
#   input: kubernetes
#   kinds: [RoleBinding, ClusterRoleBinding]
#   action: deny
package shipshape.kubernetes.rbac_no_anonymous_subjects

import data.lib.exemptions
import data.lib.subjects
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "rbac-no-anonymous-subjects", findings)

anonymous := {"User:system:anonymous", "Group:system:unauthenticated"}

findings contains finding if {
	obj := input.review.object
	some i, s in object.get(obj, "subjects", [])
	key := subjects.key(obj, s)
	key in anonymous
	finding := {
		"msg": sprintf("%s grants %s %s to %s, that is to every unauthenticated request; bind it to the identities that need it", [workload.describe(obj), obj.roleRef.kind, obj.roleRef.name, key]),
		"details": {"field": sprintf("subjects[%d]", [i])},
	}
}

findings contains finding if {
	obj := input.review.object
	some i, s in object.get(obj, "subjects", [])
	s.kind == "ServiceAccount"
	s.name == "default"
	finding := {
		"msg": sprintf("%s grants %s %s to %s, which every Pod of the namespace that names no ServiceAccount runs as; create a ServiceAccount for the workload and bind that", [workload.describe(obj), obj.roleRef.kind, obj.roleRef.name, subjects.key(obj, s)]),
		"details": {"field": sprintf("subjects[%d]", [i])},
	}
}
