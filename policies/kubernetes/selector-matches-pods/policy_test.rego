package shipshape.kubernetes.selector_matches_pods_test

import data.shipshape.kubernetes.selector_matches_pods.violation

review(obj) := {"review": {"object": obj}, "parameters": {}}

service(selector) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"selector": selector, "ports": [{"port": 80}]}}

np(selector) := {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "web-in", "namespace": "shop"}, "spec": {"podSelector": selector}}

deployment := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"template": {"metadata": {"labels": {"app": "web", "tier": "front"}}, "spec": {"containers": [{"name": "a"}]}}}}

inv := {"cluster": {}, "namespace": {"shop": {"apps/v1": {"Deployment": {"web": deployment}}}}}

test_matching_selectors_pass if {
	count(violation) == 0 with input as review(service({"app": "web"})) with data.inventory as inv
	count(violation) == 0 with input as review(np({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["front"]}]})) with data.inventory as inv
}

test_service_matches_nothing if {
	vs := violation with input as review(service({"app": "web", "tier": "back"})) with data.inventory as inv
	[v.msg | some v in vs] == ["Service web selects app=web,tier=back, which matches no pod of the workloads in namespace shop; fix the selector or the pod template labels"]
	not [v.details.severity | some v in vs][0]
}

test_network_policy_matches_nothing if {
	vs := violation with input as review(np({"matchLabels": {"app": "wbe"}})) with data.inventory as inv
	[v.msg | some v in vs] == ["NetworkPolicy web-in selects {\"matchLabels\":{\"app\":\"wbe\"}}, which matches no pod of the workloads in namespace shop; fix the selector or the pod template labels"]
}

test_cannot_tell if {
	vs := violation with input as review(service({"app": "db"})) with data.inventory as {"cluster": {}, "namespace": {}}
	[v.msg | some v in vs] == ["Service web: a pod that matches app=db in namespace shop (it may be made by an operator) is not found in the inventory, so this check cannot tell; include it in the input (or sync it into Gatekeeper)"]
	with_operator := json.patch(inv, [{"op": "add", "path": "/namespace/shop/postgresql.cnpg.io~1v1", "value": {"Cluster": {"db": {}}}}])
	vs2 := violation with input as review(service({"app": "db"})) with data.inventory as with_operator
	[v.details.severity | some v in vs2] == ["warn"]
}

test_no_selector_not_checked if {
	count(violation) == 0 with input as review(json.remove(service({}), ["spec/selector"])) with data.inventory as inv
	count(violation) == 0 with input as review(np({})) with data.inventory as inv
	ext := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "x", "namespace": "shop"}, "spec": {"type": "ExternalName", "externalName": "db.example.com", "selector": {"app": "none"}}}
	count(violation) == 0 with input as review(ext) with data.inventory as inv
}
