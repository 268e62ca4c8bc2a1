package shipshape.kubernetes.no_metadata_api_egress_test

import data.shipshape.kubernetes.no_metadata_api_egress.violation

params := {"addresses": ["169.254.169.254", "100.100.100.200"]}

review(obj) := {"review": {"object": obj}, "parameters": params}

np(spec) := {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "web-out", "namespace": "shop"}, "spec": object.union({"podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Egress"]}, spec)}

deployment := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "a"}]}}}}

test_open_egress_rule if {
	vs := violation with input as review(np({"egress": [{"to": [{"podSelector": {}}]}, {"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}]}]}))
	{v.msg | some v in vs} == {
		"NetworkPolicy web-out: spec.egress[1] allows the cloud metadata address 169.254.169.254, which hands out the node's cloud credentials; add 169.254.169.254/32 to the except of its ipBlock, or name narrower destinations",
		"NetworkPolicy web-out: spec.egress[1] allows the cloud metadata address 100.100.100.200, which hands out the node's cloud credentials; add 100.100.100.200/32 to the except of its ipBlock, or name narrower destinations",
	}
}

test_closed_rules_pass if {
	count(violation) == 0 with input as review(np({"egress": [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["169.254.169.254/32", "100.100.100.200/32"]}}]}]}))
	count(violation) == 0 with input as review(np({"egress": [{"ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}]}]}))
	count(violation) == 0 with input as review(np({"egress": [{"to": [{"ipBlock": {"cidr": "10.0.0.0/8"}}]}]}))

	# Ingress rules do not open egress.
	count(violation) == 0 with input as review(np({"policyTypes": ["Ingress"], "ingress": [{}]}))
}

inv(pols) := {"cluster": {"v1": {"Namespace": {"shop": {"metadata": {"name": "shop"}}}}}, "namespace": {"shop": {"networking.k8s.io/v1": {"NetworkPolicy": {p.metadata.name: p | some p in pols}}}}}

test_workload_without_egress_policy if {
	vs := violation with input as review(deployment) with data.inventory as inv([])
	[v.msg | some v in vs] == ["Deployment web: no NetworkPolicy of namespace shop restricts its pods' egress, so they reach the cloud metadata address 169.254.169.254, 100.100.100.200 and the node's cloud credentials; select them with a policy of policyTypes [Egress] that leaves it out"]
	ingress_only := np({"policyTypes": ["Ingress"]})
	count(violation) == 1 with input as review(deployment) with data.inventory as inv([ingress_only])
}

test_workload_with_egress_policy if {
	count(violation) == 0 with input as review(deployment) with data.inventory as inv([np({})])
	deny_all := {"metadata": {"name": "deny"}, "spec": {"podSelector": {}, "policyTypes": ["Egress"]}}
	count(violation) == 0 with input as review(deployment) with data.inventory as {"namespace": {"shop": {"networking.k8s.io/v1": {"NetworkPolicy": {"deny": deny_all}}}}}
}

test_host_network_and_unknown_namespace if {
	hn := json.patch(deployment, [{"op": "add", "path": "/spec/template/spec/hostNetwork", "value": true}])
	count(violation) == 0 with input as review(hn) with data.inventory as inv([])
	vs := violation with input as review(deployment) with data.inventory as {"cluster": {}, "namespace": {}}
	[v.details.severity | some v in vs] == ["warn"]
}
