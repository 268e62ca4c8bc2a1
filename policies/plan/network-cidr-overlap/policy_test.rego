package shipshape.plan.network_cidr_overlap_test

import data.lib.plan as lib_plan
import data.shipshape.plan.network_cidr_overlap.violation

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

test_disjoint_plan_passes if {
	count(violation) == 0 with input as review(base, {})
}

test_service_cidr_in_peer_is_denied if {
	vs := violation with input as review(with_spec({"network": object.union(base.spec.network, {"serviceCIDR": "10.96.0.0/12"})}), {})
	count(vs) == 1
	some v in vs
	contains(v.msg, "peer network idc 10.0.0.0/8 overlaps the service CIDR 10.96.0.0/12")
	v.details.field == "spec.network.serviceCIDR"
}

test_service_cidr_in_vpc_is_denied if {
	count(violation) == 1 with input as review(with_spec({"network": object.union(base.spec.network, {"serviceCIDR": "192.168.200.0/24"})}), {})
}

test_vswitch_outside_vpc if {
	net := object.union(base.spec.network, {"podVSwitches": [{"cidr": "192.168.64.0/19"}, {"cidr": "172.30.0.0/19"}]})
	vs := violation with input as review(with_spec({"network": net}), {})
	count(vs) == 1
	some v in vs
	v.details.field == "spec.network.podVSwitches[1].cidr"
}

test_overlay_pod_cidr_checked_only_for_overlay if {
	overlay := {"plugin": "flannel", "vpcCIDR": "192.168.0.0/16", "serviceCIDR": "172.21.0.0/20", "podCIDR": "192.168.0.0/17"}
	count(violation) == 1 with input as review(with_spec({"network": overlay}), {})
	count(violation) == 0 with input as review(with_spec({"network": object.union(overlay, {"podCIDR": "172.20.0.0/16"})}), {})
}

test_node_dump_is_skipped if {
	count(violation) == 0 with input as review({"kind": "ClusterPlan", "metadata": {"name": "n"}, "spec": {"source": "nodes", "nodePools": []}}, {})
}

peers(list) := with_spec({"network": object.union(base.spec.network, {"peers": list})})

test_equal_and_nested_peers_are_one_finding_per_pair if {
	vs := violation with input as review(
		peers([
			{"name": "a", "cidr": "10.0.0.0/8"},
			{"name": "b", "cidr": "10.0.0.0/8"},
			{"name": "c", "cidr": "10.20.30.0/24"},
			{"name": "d", "cidr": "11.0.0.0/8"},
		]),
		{},
	)
	{v.details.field | some v in vs} == {"spec.network.peers[1].cidr", "spec.network.peers[2].cidr"}
	count(vs) == 3 # a-b, a-c, b-c; d overlaps nothing
}

test_prefix_bits if {
	lib_plan.prefix_bits("10.0.0.0/8") == "00001010"
	lib_plan.prefix_bits("192.168.1.0/24") == "110000001010100000000001"
	lib_plan.prefix_bits("0.0.0.0/0") == ""
	not lib_plan.prefix_bits("fd00::/8")
}

# 2,000 disjoint peers: found through prefixes, not 4 million comparisons.
test_many_peers_are_linear if {
	many := [{"name": sprintf("p%d", [i]), "cidr": sprintf("100.%d.%d.0/24", [i / 256, i % 256])} | some i in numbers.range(0, 1999)]
	count(violation) == 0 with input as review(peers(many), {})
}
