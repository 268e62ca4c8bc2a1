package shipshape.kubernetes.rbac_workload_creation_test

import data.shipshape.kubernetes.rbac_workload_creation.violation

role(name, rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": name}, "rules": rules}

review(obj) := {"review": {"object": obj}, "parameters": {"allowedRoles": ["deployer"]}}

test_creating_deployments if {
	vs := violation with input as review(role("dev", [{"apiGroups": ["apps"], "resources": ["deployments", "statefulsets"], "verbs": ["get", "create"]}]))
	count(vs) == 1
	some v in vs
	v.msg == "ClusterRole dev grants create deployments.apps; create statefulsets.apps (creating Pods or workloads); narrow its rules, or add dev to allowedRoles if it must"
}

test_pods_through_resource_wildcard if {
	vs := violation with input as review(role("dev", [{"apiGroups": [""], "resources": ["*"], "verbs": ["create"]}]))
	some v in vs
	v.msg == "ClusterRole dev grants create pods; create replicationcontrollers (creating Pods or workloads); narrow its rules, or add dev to allowedRoles if it must"
}

test_reading_passes if {
	count(violation) == 0 with input as review(role("dev", [{"apiGroups": ["", "apps", "batch"], "resources": ["pods", "deployments", "jobs"], "verbs": ["get", "list", "watch"]}]))
}

test_allowed_role_passes if {
	count(violation) == 0 with input as review(role("deployer", [{"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["create"]}]))
}

test_binding_to_cluster_admin_is_left_to_its_check if {
	b := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "b"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"}, "subjects": [{"kind": "User", "name": "alice"}]}
	count(violation) == 0 with input as review(b) with data.inventory as {"cluster": {}, "namespace": {}}
}
