package shipshape.kubernetes.rbac_no_cluster_admin_binding_test

import data.shipshape.kubernetes.rbac_no_cluster_admin_binding.violation

binding(role, subjects) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "b"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role}, "subjects": subjects}

review(obj) := {"review": {"object": obj}, "parameters": {"allowedSubjects": ["Group:system:masters"]}}

empty := {"cluster": {}, "namespace": {}}

test_cluster_admin_to_a_user if {
	vs := violation with input as review(binding("cluster-admin", [{"kind": "User", "name": "alice"}, {"kind": "Group", "name": "system:masters"}])) with data.inventory as empty
	[v.msg | some v in vs] == ["ClusterRoleBinding b grants ClusterRole cluster-admin, which allows everything, to User:alice; bind a role that names what it needs, or add User:alice to allowedSubjects if it is a break-glass identity"]
	[v.details.field | some v in vs] == ["subjects[0]"]
}

test_allowed_subject_passes if {
	count(violation) == 0 with input as review(binding("cluster-admin", [{"kind": "Group", "name": "system:masters"}])) with data.inventory as empty
}

test_role_with_everything_in_the_inventory if {
	god := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "god"}, "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]}
	narrow := json.patch(god, [{"op": "replace", "path": "/rules/0/resources", "value": ["pods"]}])
	vs := violation with input as review(binding("god", [{"kind": "ServiceAccount", "name": "ci", "namespace": "tools"}])) with data.inventory as {"cluster": {"rbac.authorization.k8s.io/v1": {"ClusterRole": {"god": god}}}}
	[v.msg | some v in vs] == ["ClusterRoleBinding b grants ClusterRole god, which allows everything, to ServiceAccount:tools/ci; bind a role that names what it needs, or add ServiceAccount:tools/ci to allowedSubjects if it is a break-glass identity"]
	count(violation) == 0 with input as review(binding("god", [{"kind": "User", "name": "alice"}])) with data.inventory as {"cluster": {"rbac.authorization.k8s.io/v1": {"ClusterRole": {"god": narrow}}}}
}

test_role_not_in_the_inventory if {
	vs := violation with input as review(binding("ops", [{"kind": "User", "name": "alice"}, {"kind": "User", "name": "bob"}])) with data.inventory as empty
	[v.msg | some v in vs] == ["ClusterRoleBinding b: its ClusterRole ops is not found in the inventory, so this check cannot tell; include it in the input (or sync it into Gatekeeper)"]
}
