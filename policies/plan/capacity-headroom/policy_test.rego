package shipshape.plan.capacity_headroom_test

import data.shipshape.plan.capacity_headroom.violation

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

test_large_plan_holds_the_seed_example if {
	count(violation) == 0 with input as review(base, {"redundancy": 0.1}) with data.inventory as seed_inventory
}

test_seed_example_needs_79_2_cpu_and_158_4_gib if {
	# 84 CPU / 168 GiB holds 79.2 / 158.4; 79 CPU does not.
	count(violation) == 0 with input as review(with_workers({"count": 3, "allocatable": {"cpu": 28, "memory": "56Gi"}}), {"redundancy": 0.1}) with data.inventory as seed_inventory
	vs := violation with input as review(with_workers({"count": 1, "allocatable": {"cpu": 79, "memory": "159Gi"}}), {"redundancy": 0.1}) with data.inventory as seed_inventory
	count(vs) == 1
	some v in vs
	contains(v.msg, "the workers have 79 allocatable CPU, but the workloads request 72 CPU, 79.2 with 10% redundancy; add 0.2 CPU")
}

test_masters_do_not_count if {
	vs := violation with input as review(with_workers({"count": 0}), {"redundancy": 0}) with data.inventory as seed_inventory
	count(vs) == 2
}

test_daemonset_counts_once_per_worker if {
	ds := {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent", "namespace": "kube-system"}, "spec": {"template": {"spec": {"containers": [{"name": "a", "resources": {"requests": {"cpu": "3", "memory": "1Gi"}}}]}}}}
	inv := {"namespace": {"kube-system": {"apps/v1": {"DaemonSet": {"agent": ds}}}}}

	# 12 workers x 3 CPU = 36 CPU against 12 x 2 allocatable = 24.
	vs := violation with input as review(with_workers({"allocatable": {"cpu": 2, "memory": "128Gi"}}), {"redundancy": 0}) with data.inventory as inv
	count(vs) == 1
}

test_no_workloads_no_finding if {
	count(violation) == 0 with input as review(with_workers({"count": 0}), {"redundancy": 0.1}) with data.inventory as {}
}
