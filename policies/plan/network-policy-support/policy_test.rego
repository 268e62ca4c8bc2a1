package shipshape.plan.network_policy_support_test

import data.shipshape.plan.network_policy_support.violation

base := {"apiVersion": "shipshape.dev/v1alpha1", "kind": "ClusterPlan", "metadata": {"name": "p"}, "spec": {
	"environment": "production",
	"network": {
		"plugin": "terway", "vpcCIDR": "192.168.0.0/16", "serviceCIDR": "172.21.0.0/20", "podIPsPerNode": 64, "snat": true,
		"podVSwitches": [{"cidr": "192.168.64.0/19"}, {"cidr": "192.168.96.0/19"}],
		"peers": [{"name": "idc", "cidr": "10.0.0.0/8"}],
	},
	"nodePools": [
		{"name": "masters", "role": "master", "count": 3, "cpu": 8, "memory": "32Gi", "systemDisk": {"size": "120Gi", "category": "cloud_essd"}},
		{"name": "workers", "role": "worker", "count": 12, "zones": ["a", "b"], "cpu": 32, "memory": "128Gi", "systemDisk": {"size": "120Gi", "category": "cloud_essd"}, "dataDisks": [{"size": "200Gi"}], "autoscaler": {"max": 20}},
	],
}}

with_spec(patch) := object.union(base, {"spec": patch})

with_workers(patch) := with_spec({"nodePools": [base.spec.nodePools[0], object.union(base.spec.nodePools[1], patch)]})

review(plan, params) := {"review": {"object": plan}, "parameters": params}

deploy(name, replicas, cpu, memory) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": "shop"}, "spec": {"replicas": replicas, "template": {"spec": {"containers": [{"name": "app", "resources": {"requests": {"cpu": cpu, "memory": memory}}}]}}}}

# The source's example as an inventory: 18 services x 2 replicas x 2 CPU / 4 GiB.
seed_inventory := {"namespace": {"shop": {"apps/v1": {"Deployment": {sprintf("svc-%d", [i]): deploy(sprintf("svc-%d", [i]), 2, "2", "4Gi") | some i in numbers.range(1, 18)}}}}}

np_inventory := {"namespace": {"shop": {"networking.k8s.io/v1": {"NetworkPolicy": {"deny-all": {"kind": "NetworkPolicy"}}}}}}

flannel := with_spec({"network": object.union(base.spec.network, {"plugin": "flannel"})})

test_terway_enforces if {
	count(violation) == 0 with input as review(base, {}) with data.inventory as np_inventory
}

test_flannel_with_network_policy_is_denied if {
	vs := violation with input as review(flannel, {}) with data.inventory as np_inventory
	count(vs) == 1
	some v in vs
	contains(v.msg, "network plugin flannel does not enforce NetworkPolicy, yet the run has 1 (shop/deny-all)")
	v.details.field == "spec.network.plugin"
}

test_flannel_without_network_policy_passes if {
	count(violation) == 0 with input as review(flannel, {}) with data.inventory as {"namespace": {}}
}

test_plugin_case_does_not_matter if {
	count(violation) == 0 with input as review(with_spec({"network": object.union(base.spec.network, {"plugin": "Cilium"})}), {}) with data.inventory as np_inventory
}
