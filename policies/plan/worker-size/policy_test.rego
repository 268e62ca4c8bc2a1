package shipshape.plan.worker_size_test

import data.shipshape.plan.worker_failure_headroom.violation as headroom
import data.shipshape.plan.worker_size.violation

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

test_large_workers_pass if {
	count(violation) == 0 with input as review(base, {"minWorkerCPU": 8})
}

test_small_workers_warn if {
	vs := violation with input as review(with_workers({"cpu": "4000m"}), {"minWorkerCPU": 8})
	count(vs) == 1
	some v in vs
	contains(v.msg, "worker pool workers has 4 CPU per node, below 8")
	v.details.field == "spec.nodePools[1].cpu"
}

test_masters_are_not_workers if {
	masters := object.union(base.spec.nodePools[0], {"cpu": 2})
	count(violation) == 0 with input as review(with_spec({"nodePools": [masters, base.spec.nodePools[1]]}), {"minWorkerCPU": 8})
}

test_node_dump_names_the_node if {
	plan := {"kind": "ClusterPlan", "metadata": {"name": "nodes.yaml"}, "spec": {"source": "nodes", "nodePools": [{"name": "n1", "role": "worker", "count": 1, "cpu": "4", "memory": "16Gi"}]}}
	vs := violation with input as review(plan, {"minWorkerCPU": 8})
	some v in vs
	contains(v.msg, "node dump nodes.yaml: worker node n1 has 4 CPU")
}

# On a small plan the two checks once gave opposite advice (fewer larger
# workers; more smaller ones). Following both messages now passes both.
test_small_plan_advice_satisfies_worker_failure_headroom_too if {
	small := object.union(base, {"spec": {"nodePools": [base.spec.nodePools[0], object.union(base.spec.nodePools[1], {"count": 3, "cpu": 4, "memory": "16Gi"})]}})
	size_params := {"minWorkerCPU": 8}
	headroom_params := {"maxNodeShare": 0.1}
	sizes := violation with input as {"review": {"object": small}, "parameters": size_params}
	shares := headroom with input as {"review": {"object": small}, "parameters": headroom_params} with data.inventory as {}
	count(sizes) == 1
	count(shares) == 1
	some s in sizes
	contains(s.msg, "choose an instance type with at least 8 CPU and keep the node count")
	some h in shares
	wanted := to_number(trim_prefix(regex.find_n(`until the pool has [0-9]+`, h.msg, 1)[0], "until the pool has "))
	wanted == 10
	fixed := object.union(small, {"spec": {"nodePools": [base.spec.nodePools[0], object.union(small.spec.nodePools[1], {"count": wanted, "cpu": 8, "memory": "32Gi"})]}})
	count(violation) == 0 with input as {"review": {"object": fixed}, "parameters": size_params}
	count(headroom) == 0 with input as {"review": {"object": fixed}, "parameters": headroom_params} with data.inventory as {}
}
