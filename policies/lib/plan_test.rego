package lib.plan_test

import data.lib.plan

test_quantities if {
	plan.cpu("500m") == 0.5
	plan.cpu(8) == 8
	plan.bytes("32Gi") == 32 * plan.gib
	plan.bytes("16390000Ki") == 16390000 * 1024
	plan.bytes("128m") == 0.128
	plan.bytes("1k") == 1000
	plan.bytes("1e3") == 1000
	plan.cpu("0.5") == 0.5
}

test_addresses if {
	plan.addresses("192.168.64.0/19") == 8192
	plan.prefix_length("10.0.0.0/8") == 8
}

test_pod_network_mode if {
	plan.pod_network_mode({"spec": {"network": {"plugin": "terway"}}}) == "vpc"
	plan.pod_network_mode({"spec": {"network": {"plugin": "flannel"}}}) == "overlay"
	plan.pod_network_mode({"spec": {"network": {"plugin": "calico", "podNetworkMode": "vpc"}}}) == "vpc"
}

test_pools_and_capacity if {
	p := {"spec": {"nodePools": [
		{"name": "m", "role": "master", "count": 3, "cpu": 8, "memory": "32Gi"},
		{"name": "w", "count": 4, "cpu": 16, "memory": "64Gi", "allocatable": {"cpu": "15500m"}, "autoscaler": {"max": 10}},
	]}}
	plan.worker_nodes(p) == 4
	plan.worker_cpu(p) == 62
	plan.worker_memory(p) == 256 * plan.gib
	plan.max_nodes(p) == 13
	plan.largest_worker_cpu(p) == 15.5
}
