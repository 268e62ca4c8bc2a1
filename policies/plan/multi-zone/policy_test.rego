package shipshape.plan.multi_zone_test

import data.shipshape.plan.multi_zone.violation

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

test_two_zones_pass if {
	count(violation) == 0 with input as review(base, {"minZones": 2})
}

test_one_zone_warns if {
	vs := violation with input as review(with_workers({"zones": ["a"]}), {"minZones": 2})
	count(vs) == 1
	some v in vs
	contains(v.msg, "the workers span 1 zone(s) (a), fewer than 2")
}

test_zones_of_all_worker_pools_count if {
	second := object.union(base.spec.nodePools[1], {"name": "w2", "zones": ["c"]})
	plan := with_spec({"nodePools": array.concat(base.spec.nodePools, [second])})
	count(violation) == 0 with input as review(plan, {"minZones": 3})
}

test_master_zones_do_not_count if {
	masters := object.union(base.spec.nodePools[0], {"zones": ["x", "y", "z"]})
	plan := with_spec({"nodePools": [masters, object.union(base.spec.nodePools[1], {"zones": ["a"]})]})
	count(violation) == 1 with input as review(plan, {"minZones": 2})
}
