package shipshape.kubernetes.rbac_pod_exec_test

import data.shipshape.kubernetes.rbac_pod_exec.violation

role(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "debug", "namespace": "shop"}, "rules": rules}

review(obj, allowed) := {"review": {"object": obj}, "parameters": {"allowedRoles": allowed}}

test_exec_and_portforward if {
	vs := violation with input as review(role([{"apiGroups": [""], "resources": ["pods/exec", "pods/portforward"], "verbs": ["create"]}]), [])
	count(vs) == 1
	some v in vs
	v.msg == "Role debug grants create pods/exec; create pods/portforward (a shell in, or a tunnel to, running containers); narrow its rules, or add shop/debug to allowedRoles if it must"
}

test_subresource_wildcard if {
	vs := violation with input as review(role([{"apiGroups": [""], "resources": ["*/attach"], "verbs": ["get"]}]), [])
	some v in vs
	v.msg == "Role debug grants get pods/attach (a shell in, or a tunnel to, running containers); narrow its rules, or add shop/debug to allowedRoles if it must"
}

test_pods_star_is_not_a_wildcard if {
	# Kubernetes matches "pods/*" only against a subresource literally named "*".
	count(violation) == 0 with input as review(role([{"apiGroups": [""], "resources": ["pods/*", "pods/log"], "verbs": ["create", "get"]}]), [])
}

test_allowed if {
	count(violation) == 0 with input as review(role([{"apiGroups": [""], "resources": ["pods/exec"], "verbs": ["create"]}]), ["shop/debug"])
}
