# METADATA
# title: Creating Pods and workloads is granted to allowed roles only
# description: >-
#   Whoever may create a Pod, or a workload that makes Pods, may run any
#   image with any ServiceAccount of the namespace and mount any of its
#   Secrets and ConfigMaps: creating workloads reaches everything the
#   namespace's ServiceAccounts can reach. Grant it to deployment pipelines
#   and controllers, list those in allowedRoles (a ClusterRole by name, a
#   Role as namespace/name), and give people read access. Counted are create
#   on pods, replicationcontrollers, deployments, replicasets, statefulsets,
#   daemonsets, jobs and cronjobs, reached literally or through "*"; an
#   aggregated ClusterRole grants what the ClusterRoles it aggregates grant.
#   A binding is judged on the rules of its role, read from the inventory
#   (sync Roles and ClusterRoles); when the role is not there the check
#   cannot tell and says so at warn level. Roles that grant everything are
#   left to rbac-no-wildcards and rbac-no-cluster-admin-binding.
# custom:
#   section: 二.10 查错步骤 使用子账户，授权是否正确 (F)
#   input: kubernetes
#   kinds: [Role, ClusterRole, RoleBinding, ClusterRoleBinding]
#   action: warn
#   parameters:
#     allowedRoles:
#       type: array
#       items:
#         type: string
#       description: Roles that may create Pods and workloads, a ClusterRole by name and a Role as namespace/name.
#       default: []
#   sync:
#     - rbac.authorization.k8s.io/v1/Role
#     - rbac.authorization.k8s.io/v1/ClusterRole
package shipshape.kubernetes.rbac_workload_creation

import data.lib.exemptions
import data.lib.rbac

violation contains v if some v in exemptions.enforce(input.review.object, "rbac-workload-creation", findings)

capabilities := [{"group": g, "resource": r, "verbs": ["create"]} |
	some [g, r] in [
		["", "pods"], ["", "replicationcontrollers"],
		["apps", "deployments"], ["apps", "replicasets"], ["apps", "statefulsets"], ["apps", "daemonsets"],
		["batch", "jobs"], ["batch", "cronjobs"],
	]
]

findings := rbac.capability_findings(input.review.object, capabilities, input.parameters.allowedRoles, "creating Pods or workloads")
