package shipshape.kubernetes.rbac_no_anonymous_subjects_test

import data.shipshape.kubernetes.rbac_no_anonymous_subjects.violation

binding(subjects) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "b", "namespace": "shop"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}, "subjects": subjects}

review(obj) := {"review": {"object": obj}, "parameters": {}}

test_anonymous_and_unauthenticated if {
	vs := violation with input as review(binding([
		{"kind": "User", "name": "system:anonymous", "apiGroup": "rbac.authorization.k8s.io"},
		{"kind": "Group", "name": "system:unauthenticated", "apiGroup": "rbac.authorization.k8s.io"},
		{"kind": "User", "name": "alice", "apiGroup": "rbac.authorization.k8s.io"},
	]))
	{v.msg | some v in vs} == {
		"RoleBinding b grants ClusterRole view to User:system:anonymous, that is to every unauthenticated request; bind it to the identities that need it",
		"RoleBinding b grants ClusterRole view to Group:system:unauthenticated, that is to every unauthenticated request; bind it to the identities that need it",
	}
}

test_default_service_account if {
	vs := violation with input as review(binding([{"kind": "ServiceAccount", "name": "default", "namespace": "blog"}, {"kind": "ServiceAccount", "name": "web"}]))
	[v.msg | some v in vs] == ["RoleBinding b grants ClusterRole view to ServiceAccount:blog/default, which every Pod of the namespace that names no ServiceAccount runs as; create a ServiceAccount for the workload and bind that"]
	[v.details.field | some v in vs] == ["subjects[0]"]
}

test_named_subjects_pass if {
	count(violation) == 0 with input as review(binding([{"kind": "ServiceAccount", "name": "web"}, {"kind": "Group", "name": "system:authenticated"}]))
	count(violation) == 0 with input as review(json.remove(binding([]), ["subjects"]))
}
