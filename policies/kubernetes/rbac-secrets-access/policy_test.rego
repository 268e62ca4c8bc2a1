package shipshape.kubernetes.rbac_secrets_access_test

import data.shipshape.kubernetes.rbac_secrets_access.violation

role(kind, name, rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": {"name": name, "namespace": "shop"}, "rules": rules}

binding(kind, name) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "ci", "namespace": "shop"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": kind, "name": name}, "subjects": [{"kind": "ServiceAccount", "name": "ci"}]}

review(obj, allowed) := {"review": {"object": obj}, "parameters": {"allowedRoles": allowed}}

reader := role("Role", "reader", [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list"]}])

inv := {"namespace": {"shop": {"rbac.authorization.k8s.io/v1": {"Role": {"reader": reader}}}}, "cluster": {}}

test_role_reading_secrets if {
	vs := violation with input as review(reader, [])
	count(vs) == 1
	some v in vs
	v.msg == "Role reader grants get, list secrets (reading Secrets); narrow its rules, or add shop/reader to allowedRoles if it must"
}

test_allowed_role if {
	count(violation) == 0 with input as review(reader, ["shop/reader"])
	count(violation) == 1 with input as review(reader, ["reader"])
}

test_verbs_through_wildcard if {
	r := role("ClusterRole", "all-secrets", [{"apiGroups": ["*"], "resources": ["secrets", "configmaps"], "verbs": ["*"]}])
	vs := violation with input as review(r, [])
	some v in vs
	v.msg == "ClusterRole all-secrets grants get, list, watch secrets (reading Secrets); narrow its rules, or add all-secrets to allowedRoles if it must"
}

test_other_resources_and_groups_pass if {
	count(violation) == 0 with input as review(role("Role", "cm", [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["*"]}]), [])
	count(violation) == 0 with input as review(role("Role", "other", [{"apiGroups": ["example.com"], "resources": ["secrets"], "verbs": ["get"]}]), [])
	count(violation) == 0 with input as review(role("Role", "create", [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["create", "delete"]}]), [])
}

test_full_admin_is_left_to_other_checks if {
	count(violation) == 0 with input as review(role("ClusterRole", "god", [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]), [])
}

test_binding_judged_with_its_role if {
	vs := violation with input as review(binding("Role", "reader"), []) with data.inventory as inv
	count(vs) == 1
	some v in vs
	v.msg == "RoleBinding ci gives ServiceAccount:shop/ci reading Secrets through Role reader (get, list secrets); bind a narrower role, or add shop/reader to allowedRoles if it must"
	count(violation) == 0 with input as review(binding("Role", "reader"), ["shop/reader"]) with data.inventory as inv
}

test_binding_role_not_in_inventory if {
	vs := violation with input as review(binding("ClusterRole", "edit"), []) with data.inventory as inv
	count(vs) == 1
	some v in vs
	v.msg == "RoleBinding ci: its ClusterRole edit is not found in the inventory, so this check cannot tell; include it in the input (or sync it into Gatekeeper)"
	v.details.severity == "warn"
}

test_aggregated_cluster_role if {
	part := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "secrets-part", "labels": {"shop.example/aggregate-to-ops": "true"}}, "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["watch"]}]}
	ops := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "ops"}, "aggregationRule": {"clusterRoleSelectors": [{"matchLabels": {"shop.example/aggregate-to-ops": "true"}}]}, "rules": []}
	cinv := {"cluster": {"rbac.authorization.k8s.io/v1": {"ClusterRole": {"secrets-part": part}}}, "namespace": {}}
	vs := violation with input as review(ops, ["secrets-part"]) with data.inventory as cinv
	some v in vs
	v.msg == "ClusterRole ops grants watch secrets (reading Secrets); narrow its rules, or add ops to allowedRoles if it must"
	count(violation) == 0 with input as review(ops, []) with data.inventory as {"cluster": {}, "namespace": {}}
}

test_exemption if {
	obj := json.patch(reader, [{"op": "add", "path": "/metadata/annotations", "value": {"shipshape.dev/exempt.rbac-secrets-access": "external-secrets operator (OPS-9)"}}])
	count(violation) == 0 with input as review(obj, [])
}
