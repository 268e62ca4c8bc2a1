package lib.capacity_test

import data.lib.capacity

c(cpu, memory) := {"name": "c", "resources": {"requests": {"cpu": cpu, "memory": memory}}}

test_init_containers_as_the_scheduler_counts_them if {
	# max(max(init), sum(app)) per resource: init 3 CPU beats 1 + 1; app memory 2Gi + 2Gi beats 1Gi.
	spec := {"initContainers": [c("3", "1Gi"), c("500m", "512Mi")], "containers": [c("1", "2Gi"), c("1", "2Gi")]}
	capacity.pod_requests(spec) == {"cpu": 3, "memory": 4 * 1073741824}
}

test_sidecars_add_to_the_app_containers if {
	sidecar := object.union(c("250m", "256Mi"), {"restartPolicy": "Always"})
	spec := {"initContainers": [sidecar], "containers": [c("1", "1Gi")]}
	capacity.pod_requests(spec).cpu == 1.25
}

test_missing_requests_count_zero if {
	capacity.pod_requests({"containers": [{"name": "a"}]}) == {"cpu": 0, "memory": 0}
}

test_pods_per_kind if {
	capacity.pods({"kind": "Deployment", "spec": {}}, 5) == 1
	capacity.pods({"kind": "StatefulSet", "spec": {"replicas": 3}}, 5) == 3
	capacity.pods({"kind": "DaemonSet", "spec": {}}, 5) == 5
	capacity.pods({"kind": "Job", "spec": {"parallelism": 4, "completions": 2}}, 5) == 2
	capacity.pods({"kind": "CronJob", "spec": {"jobTemplate": {"spec": {"parallelism": 3}}}}, 5) == 3
}

test_seed_example_totals if {
	d := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x", "namespace": "a"}, "spec": {"replicas": 2, "template": {"spec": {"containers": [c("2", "4Gi")]}}}}
	inv := {"namespace": {"a": {"apps/v1": {"Deployment": {sprintf("s%d", [i]): d | some i in numbers.range(1, 18)}}}}}
	t := capacity.totals(capacity.workloads(inv, 3))
	t.cpu == 72
	t.memory == 144 * 1073741824
}

test_pods_owned_by_a_controller_are_skipped if {
	pod := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "a", "ownerReferences": [{"kind": "ReplicaSet"}]}, "spec": {"containers": [c("1", "1Gi")]}}
	count(capacity.workloads({"namespace": {"a": {"v1": {"Pod": {"p": pod}}}}}, 1)) == 0
}
