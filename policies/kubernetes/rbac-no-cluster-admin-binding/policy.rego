# METADATA
# title: cluster-admin is bound to allowed subjects only
# description: >-
#   cluster-admin, and any role whose rules grant every verb on every
#   resource of every API group, is everything: every Secret, every node
#   through the kubelet's proxy, every role to grant further. Bound through a
#   ClusterRoleBinding it holds in the whole cluster, through a RoleBinding in
#   the namespace. Bind it only to the break-glass identities listed in
#   allowedSubjects (User:alice, Group:system:masters,
#   ServiceAccount:namespace/name), and give everyone else a role that names
#   what they need. The built-in cluster-admin is known by name; any other
#   role is judged on its rules, read from the inventory (sync Roles and
#   ClusterRoles, aggregated ClusterRoles with the roles they aggregate). When
#   the role is not there the check cannot tell and says so at warn level.
# custom:
#   section: 二.10 查错步骤 使用子账户，授权是否正确 (F)
#   input: kubernetes
#   kinds: [RoleBinding, ClusterRoleBinding]
#   action: deny
#   parameters:
#     allowedSubjects:
#       type: array
#       items:
#         type: string
#       description: Subjects that may hold cluster-admin, as Kind:name (ServiceAccount:namespace/name).
#       default: ["Group:system:masters"]
#   sync:
#     - rbac.authorization.k8s.io/v1/Role
#     - rbac.authorization.k8s.io/v1/ClusterRole
package shipshape.kubernetes.rbac_no_cluster_admin_binding

import data.lib.exemptions
import data.lib.inventory
import data.lib.rbac
import data.lib.subjects
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "rbac-no-cluster-admin-binding", findings)

findings contains finding if {
	obj := input.review.object
	rbac.full_admin(rbac.bound_rules(obj))
	some i, s in object.get(obj, "subjects", [])
	key := subjects.key(obj, s)
	not key in input.parameters.allowedSubjects
	finding := {
		"msg": sprintf("%s grants %s %s, which allows everything, to %s; bind a role that names what it needs, or add %s to allowedSubjects if it is a break-glass identity", [workload.describe(obj), obj.roleRef.kind, obj.roleRef.name, key, key]),
		"details": {"field": sprintf("subjects[%d]", [i])},
	}
}

findings contains finding if {
	obj := input.review.object
	not rbac.bound_rules(obj)
	some s in object.get(obj, "subjects", [])
	not subjects.key(obj, s) in input.parameters.allowedSubjects
	finding := inventory.not_found(workload.describe(obj), sprintf("its %s %s", [obj.roleRef.kind, rbac.ref_key(obj)]), "roleRef")
}
