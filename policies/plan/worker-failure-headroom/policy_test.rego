package shipshape.plan.worker_failure_headroom_test

import data.shipshape.plan.worker_failure_headroom.violation

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

test_many_workers_pass if {
	count(violation) == 0 with input as review(base, {"maxNodeShare": 0.1}) with data.inventory as seed_inventory
}

test_losing_one_of_two_workers if {
	vs := violation with input as review(with_workers({"count": 2, "cpu": 64, "memory": "256Gi"}), {"maxNodeShare": 0.5}) with data.inventory as seed_inventory
	count(vs) == 1
	some v in vs
	contains(v.msg, "after losing the largest worker (64 CPU) the others have 64 CPU, less than the 72 CPU")
}

test_share_of_one_worker if {
	vs := violation with input as review(with_workers({"count": 4}), {"maxNodeShare": 0.1}) with data.inventory as {}
	count(vs) == 1
	some v in vs
	contains(v.msg, "holds 25% of the workers' CPU (32 of 128), more than the 10% tolerated")
}

test_seed_ten_96_core_workers if {
	count(violation) == 0 with input as review(with_workers({"count": 10, "cpu": 96, "memory": "384Gi"}), {"maxNodeShare": 0.1}) with data.inventory as seed_inventory
}
