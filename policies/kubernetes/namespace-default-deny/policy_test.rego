package shipshape.kubernetes.namespace_default_deny_test

import data.shipshape.kubernetes.namespace_default_deny.violation

deployment := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "a"}]}}}}

np(name, spec) := {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": name, "namespace": "shop"}, "spec": spec}

deny_all := np("default-deny", {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]})

allow_web := np("web", {"podSelector": {"matchLabels": {"app": "web"}}, "ingress": [{}], "egress": [{}], "policyTypes": ["Ingress", "Egress"]})

inv(pols) := {"cluster": {"v1": {"Namespace": {"shop": {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}}}}, "namespace": {"shop": {"networking.k8s.io/v1": {"NetworkPolicy": {p.metadata.name: p | some p in pols}}}}}

review(obj) := {"review": {"object": obj}, "parameters": {}}

test_deny_and_allow_pass if {
	count(violation) == 0 with input as review(deployment) with data.inventory as inv([deny_all, allow_web])
	split := [np("deny-in", {"podSelector": {}}), np("deny-out", {"podSelector": {}, "policyTypes": ["Egress"]}), allow_web]
	count(violation) == 0 with input as review(deployment) with data.inventory as inv(split)
}

test_no_policy if {
	vs := violation with input as review(deployment) with data.inventory as inv([])
	[v.msg | some v in vs] == ["Deployment web runs in namespace shop, which has no NetworkPolicy, so every pod may reach it and it may reach everything; add a default-deny policy (podSelector: {}, policyTypes: [Ingress, Egress]) and policies that allow what each workload needs"]
}

test_ingress_only_deny if {
	vs := violation with input as review(deployment) with data.inventory as inv([np("deny-in", {"podSelector": {}}), allow_web])
	[v.msg | some v in vs] == ["Deployment web runs in namespace shop, which has no default-deny NetworkPolicy for egress; add one with podSelector: {}, policyTypes: [Egress] and no egress rules"]
}

test_not_selected if {
	vs := violation with input as review(deployment) with data.inventory as inv([deny_all])
	[v.msg | some v in vs] == ["Deployment web: no NetworkPolicy of namespace shop with a rule selects its pods, so under a default deny it can reach nothing, DNS included; add one that allows the traffic it needs"]
	[v.details.field | some v in vs] == ["spec.template.metadata.labels"]
}

test_namespace_unknown if {
	vs := violation with input as review(deployment) with data.inventory as {"cluster": {}, "namespace": {}}
	[v.msg | some v in vs] == ["Deployment web: Namespace shop (and any NetworkPolicy in it) is not found in the inventory, so this check cannot tell; include it in the input (or sync it into Gatekeeper)"]
}

test_controlled_and_non_workloads if {
	pod := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-1", "namespace": "shop", "ownerReferences": [{"kind": "ReplicaSet", "name": "web", "controller": true}]}, "spec": {"containers": [{"name": "a"}]}}
	count(violation) == 0 with input as review(pod) with data.inventory as inv([])
}
