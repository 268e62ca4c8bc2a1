package shipshape.kubernetes.serviceaccount_token_automount_test

import data.shipshape.kubernetes.serviceaccount_token_automount.violation

deployment(spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"template": {"spec": object.union({"containers": [{"name": "a"}], "serviceAccountName": "web"}, spec)}}}

sa(name, automount) := object.union({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name, "namespace": "shop"}}, automount)

inv(account) := {"cluster": {}, "namespace": {"shop": {"v1": {"ServiceAccount": {account.metadata.name: account}}}}}

review(obj) := {"review": {"object": obj}, "parameters": {}}

test_token_mounted if {
	vs := violation with input as review(deployment({})) with data.inventory as inv(sa("web", {}))
	[v.msg | some v in vs] == ["Deployment web mounts a token of ServiceAccount web, and neither sets automountServiceAccountToken; set it to false on the ServiceAccount (or on spec.template.spec), or to true on the pod spec if it calls the API"]
	count(violation) == 1 with input as review(deployment({})) with data.inventory as inv(sa("web", {"automountServiceAccountToken": true}))
}

test_service_account_opts_out if {
	count(violation) == 0 with input as review(deployment({})) with data.inventory as inv(sa("web", {"automountServiceAccountToken": false}))
}

test_pod_decides if {
	count(violation) == 0 with input as review(deployment({"automountServiceAccountToken": false})) with data.inventory as inv(sa("web", {}))
	count(violation) == 0 with input as review(deployment({"automountServiceAccountToken": true})) with data.inventory as {"cluster": {}, "namespace": {}}
}

test_default_service_account if {
	obj := json.remove(deployment({}), ["spec/template/spec/serviceAccountName"])
	count(violation) == 0 with input as review(obj) with data.inventory as inv(sa("default", {"automountServiceAccountToken": false}))
	count(violation) == 1 with input as review(obj) with data.inventory as inv(sa("default", {}))
}

test_service_account_not_found if {
	vs := violation with input as review(deployment({})) with data.inventory as inv(sa("other", {}))
	[v.msg | some v in vs] == ["Deployment web: its ServiceAccount shop/web is not found in the inventory, so this check cannot tell; include it in the input (or sync it into Gatekeeper)"]
	[v.details.severity | some v in vs] == ["warn"]
}
