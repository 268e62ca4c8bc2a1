package shipshape.kubernetes.rbac_no_wildcards_test

import data.shipshape.kubernetes.rbac_no_wildcards.violation

role(kind, rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": {"name": "ops", "namespace": "shop"}, "rules": rules}

review(obj) := {"review": {"object": obj}, "parameters": {}}

test_each_wildcard if {
	vs := violation with input as review(role("Role", [
		{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]},
		{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]},
	]))
	{v.msg | some v in vs} == {
		"Role ops: rules[1] grants every verb (\"*\"); list the verbs it needs",
		"Role ops: rules[1] grants every resource (\"*\"); list the resources it needs",
		"Role ops: rules[1] grants every API group (\"*\"); list the apiGroups it needs",
	}
	{v.details.field | some v in vs} == {"rules[1].verbs", "rules[1].resources", "rules[1].apiGroups"}
}

test_named_rules_pass if {
	count(violation) == 0 with input as review(role("ClusterRole", [{"apiGroups": ["apps"], "resources": ["deployments", "deployments/scale", "*/scale"], "verbs": ["get", "patch"], "resourceNames": ["web"]}]))
}

test_aggregated_wildcard if {
	part := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "crd-admin", "labels": {"aggregate-to-ops": "true"}}, "rules": [{"apiGroups": ["example.com"], "resources": ["widgets"], "verbs": ["*"]}]}
	agg := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "ops"}, "aggregationRule": {"clusterRoleSelectors": [{"matchLabels": {"aggregate-to-ops": "true"}}]}}
	inv := {"cluster": {"rbac.authorization.k8s.io/v1": {"ClusterRole": {"crd-admin": part}}}, "namespace": {}}
	vs := violation with input as review(agg) with data.inventory as inv
	[v.msg | some v in vs] == ["ClusterRole ops aggregates ClusterRole crd-admin, whose rules[0] grants every verb (\"*\"); list the verbs it needs there"]
	count(violation) == 0 with input as review(json.patch(agg, [{"op": "replace", "path": "/aggregationRule/clusterRoleSelectors/0/matchLabels/aggregate-to-ops", "value": "false"}])) with data.inventory as inv
}
