# METADATA
# title: No rights that escalate privileges outside allowed roles
# description: >-
#   Some rights are worth every other right, because they let their holder
#   take more: escalate on roles and clusterroles writes a role with rights
#   its author does not have, bind binds any role, impersonate acts as any
#   user, group or ServiceAccount, nodes/proxy talks to the kubelet (exec in
#   every pod of the node, past admission and audit), approving
#   CertificateSigningRequests (update on certificatesigningrequests/approval,
#   approve on signers) mints client certificates for any identity, managing
#   admission webhook configurations intercepts or switches off every
#   admission check, this one included, and create on serviceaccounts/token
#   mints tokens of any ServiceAccount. Grant them to the few components that
#   need them and list those in allowedRoles (a ClusterRole by name, a Role as
#   namespace/name). Rules reach the verbs through "*" as well, and an
#   aggregated ClusterRole grants what the ClusterRoles it aggregates grant.
#   A binding is judged on the rules of its role, read from the inventory
#   (sync Roles and ClusterRoles); when the role is not there the check
#   cannot tell and says so at warn level. Roles that grant everything are
#   left to rbac-no-wildcards and rbac-no-cluster-admin-binding.
# custom:
#   section: 二.10 查错步骤 使用子账户，授权是否正确 (F)
#   input: kubernetes
#   kinds: [Role, ClusterRole, RoleBinding, ClusterRoleBinding]
#   action: deny
#   parameters:
#     allowedRoles:
#       type: array
#       items:
#         type: string
#       description: Roles that may hold these rights, a ClusterRole by name and a Role as namespace/name.
#       default: []
#   sync:
#     - rbac.authorization.k8s.io/v1/Role
#     - rbac.authorization.k8s.io/v1/ClusterRole
package shipshape.kubernetes.rbac_privilege_escalation_verbs

import data.lib.exemptions
import data.lib.rbac

violation contains v if some v in exemptions.enforce(input.review.object, "rbac-privilege-escalation-verbs", findings)

webhook_verbs := ["create", "update", "patch", "delete"]

capabilities := [
	{"group": "rbac.authorization.k8s.io", "resource": "roles", "verbs": ["escalate", "bind"]},
	{"group": "rbac.authorization.k8s.io", "resource": "clusterroles", "verbs": ["escalate", "bind"]},
	{"group": "", "resource": "users", "verbs": ["impersonate"]},
	{"group": "", "resource": "groups", "verbs": ["impersonate"]},
	{"group": "", "resource": "serviceaccounts", "verbs": ["impersonate"]},
	{"group": "", "resource": "nodes/proxy", "verbs": ["get", "create"]},
	{"group": "certificates.k8s.io", "resource": "certificatesigningrequests/approval", "verbs": ["update", "patch"]},
	{"group": "certificates.k8s.io", "resource": "signers", "verbs": ["approve"]},
	{"group": "admissionregistration.k8s.io", "resource": "validatingwebhookconfigurations", "verbs": webhook_verbs},
	{"group": "admissionregistration.k8s.io", "resource": "mutatingwebhookconfigurations", "verbs": webhook_verbs},
	{"group": "", "resource": "serviceaccounts/token", "verbs": ["create"]},
]

findings := rbac.capability_findings(input.review.object, capabilities, input.parameters.allowedRoles, "rights that take further rights")
