# METADATA
# title: Exec, attach and port-forward are granted to allowed roles only
# description: >-
#   pods/exec and pods/attach open a shell or a terminal in a running
#   container, with its files, its environment (Secrets included) and its
#   ServiceAccount token; pods/portforward reaches the container's ports past
#   every NetworkPolicy. These are break-glass rights: grant them to an
#   on-call role and list it in allowedRoles (a ClusterRole by name, a Role as
#   namespace/name). Counted are create and get on the three subresources
#   (kubectl uses create, websocket clients get), reached literally, through
#   "*" or through "*/exec"; an aggregated ClusterRole grants what the
#   ClusterRoles it aggregates grant. A binding is judged on the rules of its
#   role, read from the inventory (sync Roles and ClusterRoles); when the
#   role is not there the check cannot tell and says so at warn level. Roles
#   that grant everything are left to rbac-no-wildcards and
#   rbac-no-cluster-admin-binding.
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
#       description: Roles that may exec into, attach to and port-forward to Pods, a ClusterRole by name and a Role as namespace/name.
#       default: []
#   sync:
#     - rbac.authorization.k8s.io/v1/Role
#     - rbac.authorization.k8s.io/v1/ClusterRole
package shipshape.kubernetes.rbac_pod_exec

import data.lib.exemptions
import data.lib.rbac

violation contains v if some v in exemptions.enforce(input.review.object, "rbac-pod-exec", findings)

capabilities := [{"group": "", "resource": r, "verbs": ["create", "get"]} | some r in ["pods/exec", "pods/attach", "pods/portforward"]]

findings := rbac.capability_findings(input.review.object, capabilities, input.parameters.allowedRoles, "a shell in, or a tunnel to, running containers")
