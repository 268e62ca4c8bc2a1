package shipshape.kubernetes.rbac_privilege_escalation_verbs_test

import data.shipshape.kubernetes.rbac_privilege_escalation_verbs.violation

role(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "tool"}, "rules": rules}

review(obj) := {"review": {"object": obj}, "parameters": {"allowedRoles": []}}

msg(granted) := sprintf("ClusterRole tool grants %s (rights that take further rights); narrow its rules, or add tool to allowedRoles if it must", [granted])

test_each_right if {
	cases := [
		[{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["clusterroles"], "verbs": ["bind", "escalate", "get"]}, "bind, escalate clusterroles.rbac.authorization.k8s.io"],
		[{"apiGroups": [""], "resources": ["users", "groups"], "verbs": ["impersonate"]}, "impersonate groups; impersonate users"],
		[{"apiGroups": [""], "resources": ["nodes/proxy"], "verbs": ["get"]}, "get nodes/proxy"],
		[{"apiGroups": ["certificates.k8s.io"], "resources": ["certificatesigningrequests/approval"], "verbs": ["update"]}, "update certificatesigningrequests/approval.certificates.k8s.io"],
		[{"apiGroups": ["certificates.k8s.io"], "resources": ["signers"], "verbs": ["approve"]}, "approve signers.certificates.k8s.io"],
		[{"apiGroups": ["admissionregistration.k8s.io"], "resources": ["validatingwebhookconfigurations"], "verbs": ["delete"]}, "delete validatingwebhookconfigurations.admissionregistration.k8s.io"],
		[{"apiGroups": [""], "resources": ["serviceaccounts/token"], "verbs": ["create"]}, "create serviceaccounts/token"],
	]
	every c in cases {
		vs := violation with input as review(role([c[0]]))
		[v.msg | some v in vs] == [msg(c[1])]
	}
}

test_verb_wildcard_reaches_bind if {
	vs := violation with input as review(role([{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["roles"], "verbs": ["*"]}]))
	[v.msg | some v in vs] == [msg("bind, escalate roles.rbac.authorization.k8s.io")]
}

test_ordinary_rights_pass if {
	count(violation) == 0 with input as review(role([
		{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["roles", "rolebindings"], "verbs": ["get", "list"]},
		{"apiGroups": [""], "resources": ["nodes", "serviceaccounts"], "verbs": ["get", "list"]},
		{"apiGroups": ["certificates.k8s.io"], "resources": ["certificatesigningrequests"], "verbs": ["create", "get"]},
	]))
}
