package shipshape.kubernetes.hpa_requires_requests_test

import data.shipshape.kubernetes.hpa_requires_requests.violation

hpa(spec) := {
	"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": object.union({"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}, "minReplicas": 2, "maxReplicas": 6}, spec),
}

deployment(containers) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"template": {"spec": {"containers": containers}}}}

inv(target) := {"cluster": {}, "namespace": {"shop": {"apps/v1": {"Deployment": {"web": target}}}}}

review(obj) := {"review": {"object": obj}, "parameters": {"minReplicas": 2}}

cpu_util := {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}

mem_util := {"type": "Resource", "resource": {"name": "memory", "target": {"type": "Utilization", "averageUtilization": 80}}}

both := {"name": "a", "resources": {"requests": {"cpu": "200m", "memory": "256Mi"}}}

test_requests_present_pass if {
	count(violation) == 0 with input as review(hpa({"metrics": [cpu_util, mem_util]})) with data.inventory as inv(deployment([both]))
}

test_missing_memory_request if {
	cpu_only := {"name": "a", "resources": {"requests": {"cpu": "200m"}}}
	vs := violation with input as review(hpa({"metrics": [cpu_util, mem_util]})) with data.inventory as inv(deployment([cpu_only]))
	count(vs) == 1
	some v in vs
	v.msg == "HorizontalPodAutoscaler web scales Deployment web on memory utilization, but container a requests no memory, so the autoscaler cannot compute it; set resources.requests.memory on it"
	v.details.targetField == "spec.template.spec.containers[0].resources.requests.memory"
}

test_no_metrics_means_cpu if {
	vs := violation with input as review(hpa({})) with data.inventory as inv(deployment([{"name": "a"}, both]))
	count(vs) == 1
	some v in vs
	contains(v.msg, "on cpu utilization, but container a requests no cpu")
}

test_autoscaling_v1_is_cpu if {
	v1 := json.patch(hpa({"targetCPUUtilizationPercentage": 60}), [{"op": "replace", "path": "/apiVersion", "value": "autoscaling/v1"}])
	count(violation) == 1 with input as review(v1) with data.inventory as inv(deployment([{"name": "a", "resources": {"requests": {"memory": "1Gi"}}}]))
}

test_average_value_needs_no_request if {
	avg := {"type": "Resource", "resource": {"name": "memory", "target": {"type": "AverageValue", "averageValue": "500Mi"}}}
	count(violation) == 0 with input as review(hpa({"metrics": [avg]})) with data.inventory as inv(deployment([{"name": "a"}]))
}

test_container_resource_names_one_container if {
	metric := {"type": "ContainerResource", "containerResource": {"name": "cpu", "container": "app", "target": {"type": "Utilization", "averageUtilization": 60}}}
	target := deployment([{"name": "app", "resources": {"requests": {"cpu": "1"}}}, {"name": "sidecar"}])
	count(violation) == 0 with input as review(hpa({"metrics": [metric]})) with data.inventory as inv(target)
	bad := deployment([{"name": "app"}, {"name": "sidecar", "resources": {"requests": {"cpu": "1"}}}])
	count(violation) == 1 with input as review(hpa({"metrics": [metric]})) with data.inventory as inv(bad)
}

test_init_containers_do_not_count if {
	target := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"template": {"spec": {"initContainers": [{"name": "migrate"}], "containers": [both]}}}}
	count(violation) == 0 with input as review(hpa({"metrics": [cpu_util]})) with data.inventory as inv(target)
}

test_min_replicas if {
	vs := violation with input as review(json.remove(hpa({}), ["spec/minReplicas"])) with data.inventory as inv(deployment([both]))
	count(vs) == 1
	some v in vs
	v.msg == "HorizontalPodAutoscaler web has minReplicas 1; set spec.minReplicas to at least 2 so that losing one pod does not take the workload down"
	count(violation) == 0 with input as {"review": {"object": json.remove(hpa({}), ["spec/minReplicas"])}, "parameters": {"minReplicas": 1}}
		with data.inventory as inv(deployment([both]))
}

test_statefulset_target if {
	sts := {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db", "namespace": "shop"}, "spec": {"template": {"spec": {"containers": [{"name": "pg"}]}}}}
	obj := hpa({"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "db"}})
	vs := violation with input as review(obj) with data.inventory as {"namespace": {"shop": {"apps/v1": {"StatefulSet": {"db": sts}}}}}
	count(vs) == 1
	some v in vs
	contains(v.msg, "scales StatefulSet db on cpu utilization, but container pg requests no cpu")
}

test_target_not_in_inventory if {
	vs := violation with input as review(hpa({})) with data.inventory as {"cluster": {}, "namespace": {}}
	count(vs) == 1
	some v in vs
	v.msg == "HorizontalPodAutoscaler web: its target Deployment shop/web is not found in the inventory, so this check cannot tell; include it in the input (or sync it into Gatekeeper)"
	v.details.severity == "warn"
}

test_target_in_another_namespace_does_not_count if {
	other := {"cluster": {}, "namespace": {"staging": {"apps/v1": {"Deployment": {"web": deployment([both])}}}}}
	vs := violation with input as review(hpa({})) with data.inventory as other
	count(vs) == 1
	some v in vs
	contains(v.msg, "not found in the inventory")
}

test_exemption if {
	obj := json.patch(hpa({}), [{"op": "add", "path": "/metadata/annotations", "value": {"shipshape.dev/exempt.hpa-requires-requests": "migration window (OPS-9)"}}])
	count(violation) == 0 with input as review(obj) with data.inventory as inv(deployment([{"name": "a"}]))
}
