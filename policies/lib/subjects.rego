# METADATA
# title: Binding subject helpers
# description: >-
#   How a RoleBinding's or ClusterRoleBinding's subjects are named in
#   allow-lists and messages. It reads the binding only (no inventory).
package lib.subjects

import data.lib.workload

# key names a subject: User:alice, Group:system:masters,
# ServiceAccount:shop/web.
key(binding, s) := sprintf("ServiceAccount:%s/%s", [namespace(binding, s), s.name]) if s.kind == "ServiceAccount"

key(_, s) := sprintf("%s:%s", [s.kind, s.name]) if s.kind != "ServiceAccount"

# A ServiceAccount subject names its namespace; the API server requires it
# on ClusterRoleBindings, and the RoleBinding's own namespace (that of the
# admission request) stands in otherwise.
namespace(_, s) := s.namespace if s.namespace != ""

namespace(binding, s) := workload.namespace({"object": binding, "namespace": object.get(input.review, "namespace", "")}) if not s.namespace

# all lists every subject of a binding, sorted.
all(binding) := concat(", ", sort([key(binding, s) | some s in object.get(binding, "subjects", [])]))
