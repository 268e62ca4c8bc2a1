package shipshape.plan.pod_ip_capacity_test

import data.shipshape.plan.pod_ip_capacity.violation

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

test_terway_fits if {
	# 2 x 8192 addresses at 64 per node: 256 nodes; the plan grows to 23.
	count(violation) == 0 with input as review(base, {})
}

test_terway_too_many_per_node if {
	vs := violation with input as review(with_spec({"network": object.union(base.spec.network, {"podIPsPerNode": 1024})}), {})
	count(vs) == 1
	some v in vs
	contains(v.msg, "grows to 23 nodes (autoscaler maxima), but the pod network has room for 16 (16384 pod vSwitch address(es) at 1024 per node)")
}

test_terway_needs_ips_per_node if {
	vs := violation with input as review(json.remove(base, ["spec/network/podIPsPerNode"]), {})
	count(vs) == 1
	some v in vs
	contains(v.msg, "set spec.network.podIPsPerNode")
}

test_overlay_blocks if {
	overlay := {"plugin": "flannel", "vpcCIDR": "192.168.0.0/16", "serviceCIDR": "172.21.0.0/20", "podCIDR": "172.20.0.0/20"}
	count(violation) == 1 with input as review(with_spec({"network": overlay}), {})
	count(violation) == 0 with input as review(with_spec({"network": object.union(overlay, {"nodeCIDRMaskSize": 26})}), {})
}

test_max_pods_does_not_matter if {
	count(violation) == 0 with input as review(with_workers({"maxPods": 250}), {})
}
