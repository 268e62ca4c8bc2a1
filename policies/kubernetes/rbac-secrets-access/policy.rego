# METADATA
# title: Reading Secrets is granted to allowed roles only
# description: >-
#   A role that may get, list or watch Secrets reads every credential of its
#   namespace (of every namespace, for a ClusterRole bound cluster-wide):
#   ServiceAccount tokens, registry credentials, TLS keys. list and watch
#   return the values as much as get does. Grant it to the few roles that
#   need it (an operator that manages one Secret can name it in
#   resourceNames) and list those in allowedRoles (a ClusterRole by name, a
#   Role as namespace/name). Rules reach the verbs through "*" as well, and
#   an aggregated ClusterRole grants what the ClusterRoles it aggregates
#   grant. A binding is judged on the rules of its role, read from the
#   inventory (sync Roles and ClusterRoles); when the role is not there the
#   check cannot tell and says so at warn level. Roles that grant everything
#   are left to rbac-no-wildcards and rbac-no-cluster-admin-binding.
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
#       description: Roles that may read Secrets, a ClusterRole by name and a Role as namespace/name.
#       default: []
#   sync:
#     - rbac.authorization.k8s.io/v1/Role
#     - rbac.authorization.k8s.io/v1/ClusterRole
package shipshape.kubernetes.rbac_secrets_access

import data.lib.exemptions
import data.lib.rbac

violation contains v if some v in exemptions.enforce(input.review.object, "rbac-secrets-access", findings)

capabilities := [{"group": "", "resource": "secrets", "verbs": ["get", "list", "watch"]}]

findings := rbac.capability_findings(input.review.object, capabilities, input.parameters.allowedRoles, "reading Secrets")
