package shipshape.kubernetes.ingress_dedicated_nodes_test

import data.shipshape.kubernetes.ingress_dedicated_nodes.violation

params := {
	"selector": {"matchExpressions": [{"key": "app.kubernetes.io/name", "operator": "In", "values": ["ingress-nginx", "nginx-ingress"]}]},
	"taint": {"key": "Ingress", "effect": "NoExecute"},
	"minCPU": 16,
	"minMemory": "32Gi",
}

sized(cpu, memory) := {"requests": {"cpu": cpu, "memory": memory}, "limits": {"cpu": cpu, "memory": memory}}

good_spec := {
	"nodeSelector": {"node-role.kubernetes.io/ingress": "true"},
	"tolerations": [{"key": "Ingress", "operator": "Exists", "effect": "NoExecute"}],
	"containers": [{"name": "controller", "image": "c:1", "resources": sized("16", "32Gi")}],
}

deployment(labels, spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "ingress"}, "spec": {"template": {"metadata": {"labels": labels}, "spec": spec}}}

ingress(spec) := deployment({"app.kubernetes.io/name": "ingress-nginx"}, spec)

review(obj) := {"review": {"object": obj}, "parameters": params}

test_dedicated_controller_passes if {
	count(violation) == 0 with input as review(ingress(good_spec))
}

test_other_workloads_are_ignored if {
	count(violation) == 0 with input as review(deployment({"app.kubernetes.io/name": "web"}, {"containers": [{"name": "a"}]}))
}

test_object_labels_also_select if {
	obj := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "ingress", "labels": {"app.kubernetes.io/name": "nginx-ingress"}}, "spec": {"template": {"spec": {"containers": [{"name": "a", "resources": sized("16", "32Gi")}]}}}}
	count(violation) == 2 with input as review(obj)
}

test_missing_toleration if {
	vs := violation with input as review(ingress(object.union(good_spec, {"tolerations": []})))
	count(vs) == 1
	some v in vs
	v.msg == "Deployment ingress does not tolerate the dedicated ingress nodes' taint Ingress=:NoExecute; add the toleration {key: Ingress, operator: Exists, effect: NoExecute}"
	v.details.field == "spec.template.spec.tolerations"
}

test_toleration_matching_follows_kubernetes if {
	tolerating := [
		[{"key": "Ingress", "operator": "Exists"}],
		[{"key": "Ingress", "operator": "Equal", "value": "", "effect": "NoExecute"}],
		[{"key": "Ingress", "effect": "NoExecute"}],
		[{"operator": "Exists"}],
	]
	every ts in tolerating {
		count(violation) == 0 with input as review(ingress(object.union(good_spec, {"tolerations": ts})))
	}
	not_tolerating := [
		[{"key": "Ingress", "operator": "Exists", "effect": "NoSchedule"}],
		[{"key": "Ingress", "operator": "Exists", "effect": "NoEexcute"}],
		[{"key": "Ingress", "operator": "Equal", "value": "true", "effect": "NoExecute"}],
		[{"key": "ingress", "operator": "Exists"}],
	]
	every ts in not_tolerating {
		count(violation) == 1 with input as review(ingress(object.union(good_spec, {"tolerations": ts})))
	}
}

test_taint_with_value_asks_for_equal if {
	p := object.union(params, {"taint": {"key": "dedicated", "value": "ingress", "effect": "NoSchedule"}})
	vs := violation with input as {"review": {"object": ingress(good_spec)}, "parameters": p}
	count(vs) == 1
	some v in vs
	contains(v.msg, "taint dedicated=ingress:NoSchedule; add the toleration {key: dedicated, operator: Equal, value: ingress, effect: NoSchedule}")
	ok := object.union(good_spec, {"tolerations": [{"key": "dedicated", "operator": "Equal", "value": "ingress", "effect": "NoSchedule"}]})
	count(violation) == 0 with input as {"review": {"object": ingress(ok)}, "parameters": p}
}

test_no_node_selection if {
	spec := object.remove(good_spec, ["nodeSelector"])
	vs := violation with input as review(ingress(spec))
	count(vs) == 1
	some v in vs
	contains(v.msg, "does not select the dedicated ingress nodes")
	v.details.field == "spec.template.spec.nodeSelector"
}

test_required_node_affinity_selects if {
	affinity := {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "node-role.kubernetes.io/ingress", "operator": "Exists"}]}]}}}
	spec := object.union(object.remove(good_spec, ["nodeSelector"]), {"affinity": affinity})
	count(violation) == 0 with input as review(ingress(spec))
	preferred := {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 1, "preference": {"matchExpressions": [{"key": "node-role.kubernetes.io/ingress", "operator": "Exists"}]}}]}}
	count(violation) == 1 with input as review(ingress(object.union(object.remove(good_spec, ["nodeSelector"]), {"affinity": preferred})))
}

test_requests_differ_from_limits if {
	res := {"requests": {"cpu": "8", "memory": "32Gi"}, "limits": {"cpu": "16", "memory": "32Gi"}}
	spec := object.union(good_spec, {"containers": [{"name": "controller", "resources": res}]})
	vs := violation with input as review(ingress(spec))
	count(vs) == 1
	some v in vs
	v.msg == "Deployment ingress: container controller requests cpu 8 but is limited to 16; set requests.cpu equal to limits.cpu so it is never throttled or evicted first"
	v.details.field == "spec.template.spec.containers[0].resources.requests.cpu"
}

test_equal_quantities_in_other_units if {
	res := {"requests": {"cpu": "16000m", "memory": "32768Mi"}, "limits": {"cpu": 16, "memory": "32Gi"}}
	spec := object.union(good_spec, {"containers": [{"name": "controller", "resources": res}]})
	count(violation) == 0 with input as review(ingress(spec))
}

test_request_defaults_to_limit if {
	spec := object.union(good_spec, {"containers": [{"name": "controller", "resources": {"limits": {"cpu": "16", "memory": "32Gi"}}}]})
	count(violation) == 0 with input as review(ingress(spec))
}

test_missing_limits if {
	spec := object.union(good_spec, {"containers": [{"name": "controller", "resources": {"requests": {"cpu": "16", "memory": "32Gi"}}}]})
	vs := violation with input as review(ingress(spec))
	count(vs) == 2
	some v in vs
	v.msg == "Deployment ingress: container controller sets no limits.memory; set requests.memory and limits.memory equal, together at least 32Gi for the pod"
}

test_too_small if {
	spec := object.union(good_spec, {"containers": [{"name": "controller", "resources": sized("4", "8Gi")}]})
	vs := violation with input as review(ingress(spec))
	count(vs) == 2
	some v in vs
	v.msg == "Deployment ingress: the pod's cpu limits add up to 4 cores, less than the 16 cores an ingress controller on dedicated nodes should have; raise requests and limits"
	v.details.field == "spec.template.spec.containers"
}

test_decimal_gigabytes_are_less_than_gibibytes if {
	spec := object.union(good_spec, {"containers": [{"name": "controller", "resources": sized("16", "32G")}]})
	vs := violation with input as review(ingress(spec))
	count(vs) == 1
	some v in vs
	contains(v.msg, "memory limits add up to 32000000000 bytes, less than the 32Gi")
}

test_size_is_per_pod if {
	spec := object.union(good_spec, {"containers": [
		{"name": "controller", "resources": sized("14", "30Gi")},
		{"name": "metrics", "resources": sized("2", "2Gi")},
	]})
	count(violation) == 0 with input as review(ingress(spec))
}

test_init_containers_are_not_counted if {
	spec := object.union(good_spec, {"initContainers": [{"name": "init"}]})
	count(violation) == 0 with input as review(ingress(spec))
}

test_parameters_choose_size_and_labels if {
	p := object.union(params, {"selector": {"matchLabels": {"app": "traefik"}}, "minCPU": 2, "minMemory": "4Gi"})
	spec := object.union(good_spec, {"containers": [{"name": "traefik", "resources": sized("2", "4Gi")}]})
	count(violation) == 0 with input as {"review": {"object": deployment({"app": "traefik"}, spec)}, "parameters": p}
	count(violation) == 0 with input as {"review": {"object": deployment({"app.kubernetes.io/name": "ingress-nginx"}, {})}, "parameters": p}
}

test_selector_operators if {
	sel := {"matchExpressions": [
		{"key": "component", "operator": "Exists"},
		{"key": "tier", "operator": "NotIn", "values": ["dev"]},
		{"key": "canary", "operator": "DoesNotExist"},
	]}
	p := object.union(params, {"selector": sel})
	spec := {"containers": [{"name": "a", "resources": sized("16", "32Gi")}]}
	count(violation) == 2 with input as {"review": {"object": deployment({"component": "x"}, spec)}, "parameters": p}
	count(violation) == 2 with input as {"review": {"object": deployment({"component": "x", "tier": "prod"}, spec)}, "parameters": p}
	count(violation) == 0 with input as {"review": {"object": deployment({"component": "x", "tier": "dev"}, spec)}, "parameters": p}
	count(violation) == 0 with input as {"review": {"object": deployment({"component": "x", "canary": ""}, spec)}, "parameters": p}
	count(violation) == 0 with input as {"review": {"object": deployment({"tier": "prod"}, spec)}, "parameters": p}
}

test_bad_min_memory_is_reported if {
	p := object.union(params, {"minMemory": "lots"})
	vs := violation with input as {"review": {"object": ingress(good_spec)}, "parameters": p}
	count(vs) == 1
	some v in vs
	contains(v.msg, `parameter minMemory "lots" is not a Kubernetes quantity`)
}

test_every_workload_kind if {
	every kind in ["DaemonSet", "StatefulSet", "ReplicaSet", "ReplicationController"] {
		count(violation) == 0 with input as review({"kind": kind, "metadata": {"name": "i"}, "spec": {"template": {"metadata": {"labels": {"app.kubernetes.io/name": "ingress-nginx"}}, "spec": good_spec}}})
	}
	pod := {"kind": "Pod", "metadata": {"name": "i", "labels": {"app.kubernetes.io/name": "ingress-nginx"}}, "spec": object.remove(good_spec, ["tolerations"])}
	count(violation) == 1 with input as review(pod)
}

test_exemption_with_reason_silences if {
	obj := object.union(ingress({"containers": []}), {"metadata": {"annotations": {"shipshape.dev/exempt.ingress-dedicated-nodes": "staging cluster has no dedicated nodes"}}})
	count(violation) == 0 with input as review(obj)
}

admission_job(name, component) := {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name, "labels": {"app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": component}}, "spec": {"template": {
	"metadata": {"labels": {"app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": component}},
	"spec": {"restartPolicy": "OnFailure", "containers": [{"name": "create", "image": "registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.3"}]},
}}}

test_admission_jobs_are_not_the_controller if {
	every obj in [
		admission_job("ingress-nginx-admission-create", "admission-webhook"),
		admission_job("ingress-nginx-admission-patch", "admission-webhook"),
		admission_job("ingress-nginx-certgen", "certgen"),
		deployment({"app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "admission-webhook"}, {"containers": [{"name": "a"}]}),
	] {
		count(violation) == 0 with input as review(obj)
	}
}

test_controller_next_to_its_admission_jobs_is_still_checked if {
	obj := deployment({"app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller"}, object.union(good_spec, {"tolerations": []}))
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.msg == "Deployment ingress does not tolerate the dedicated ingress nodes' taint Ingress=:NoExecute; add the toleration {key: Ingress, operator: Exists, effect: NoExecute}"
}
