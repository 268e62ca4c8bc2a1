package shipshape.kubernetes.no_workloads_in_system_namespaces_test

import data.shipshape.kubernetes.no_workloads_in_system_namespaces.violation

deployment(name, ns) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": ns}, "spec": {"template": {"spec": {"containers": [{"name": "a"}]}}}}

review(obj) := {"review": {"object": obj}, "parameters": {"namespaces": ["kube-system", "kube-public"], "allowedNames": ["coredns"]}}

test_business_workload_in_kube_system if {
	vs := violation with input as review(deployment("shop-web", "kube-system"))
	[v.msg | some v in vs] == ["Deployment shop-web runs in the system namespace kube-system; move it to a namespace of its own, or add shop-web to allowedNames if it is a cluster add-on"]
	count(violation) == 1 with input as review(deployment("x", "kube-public"))
}

test_add_ons_and_other_namespaces_pass if {
	count(violation) == 0 with input as review(deployment("coredns", "kube-system"))
	count(violation) == 0 with input as review(deployment("shop-web", "shop"))
}

test_namespace_from_the_request if {
	obj := json.remove(deployment("x", "kube-system"), ["metadata/namespace"])
	count(violation) == 1 with input as {"review": {"object": obj, "namespace": "kube-system"}, "parameters": {"namespaces": ["kube-system"], "allowedNames": []}}
}
