package shipshape.kubernetes.ingress_worker_processes_test

import data.shipshape.kubernetes.ingress_worker_processes.violation

controller(args, limits) := {
	"apiVersion": "apps/v1", "kind": "Deployment",
	"metadata": {"name": "ingress-nginx-controller", "namespace": "ingress-nginx"},
	"spec": {"template": {"spec": {"containers": [{
		"name": "controller",
		"image": "registry.k8s.io/ingress-nginx/controller:v1.11.2",
		"args": args,
		"resources": {"requests": limits, "limits": limits},
	}]}}},
}

args := ["/nginx-ingress-controller", "--configmap=$(POD_NAMESPACE)/ingress-nginx-controller", "--election-id=ingress-nginx-leader"]

cm(workers) := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ingress-nginx-controller", "namespace": "ingress-nginx"}, "data": workers}

inv(configmap) := {"cluster": {}, "namespace": {"ingress-nginx": {"v1": {"ConfigMap": {"ingress-nginx-controller": configmap}}}}}

review(obj) := {"review": {"object": obj}, "parameters": {}}

test_matching_workers_pass if {
	count(violation) == 0 with input as review(controller(args, {"cpu": "16", "memory": "32Gi"})) with data.inventory as inv(cm({"worker-processes": "16"}))
}

test_millicores_match_whole_cores if {
	count(violation) == 0 with input as review(controller(args, {"cpu": "4000m"})) with data.inventory as inv(cm({"worker-processes": "4"}))
}

test_auto_workers if {
	vs := violation with input as review(controller(args, {"cpu": "16"})) with data.inventory as inv(cm({"worker-processes": "auto"}))
	count(vs) == 1
	some v in vs
	v.msg == "Deployment ingress-nginx-controller: ingress container controller has CPU limit 16 but ConfigMap ingress-nginx/ingress-nginx-controller sets worker-processes \"auto\" (one worker per CPU of the node, not of the limit); set worker-processes: \"16\""
	v.details.field == "spec.template.spec.containers[0].resources.limits.cpu"
}

test_unset_key_is_auto if {
	vs := violation with input as review(controller(args, {"cpu": "8"})) with data.inventory as inv(cm({"use-gzip": "true"}))
	count(vs) == 1
	some v in vs
	contains(v.msg, "sets worker-processes \"auto\"")
}

test_wrong_number if {
	vs := violation with input as review(controller(args, {"cpu": "16"})) with data.inventory as inv(cm({"worker-processes": "8"}))
	count(vs) == 1
	some v in vs
	contains(v.msg, "sets worker-processes \"8\"; set worker-processes: \"16\"")
}

test_fractional_limit if {
	vs := violation with input as review(controller(args, {"cpu": "1500m"})) with data.inventory as inv(cm({"worker-processes": "2"}))
	count(vs) == 1
	some v in vs
	endswith(v.msg, "set a whole-number CPU limit and worker-processes to the same number")
}

test_no_cpu_limit if {
	vs := violation with input as review(controller(args, {"memory": "1Gi"})) with data.inventory as inv(cm({"worker-processes": "4"}))
	count(vs) == 1
	some v in vs
	v.msg == "Deployment ingress-nginx-controller: ingress container controller sets no CPU limit, so worker-processes cannot match it; set resources.limits.cpu to a whole number of CPUs and worker-processes to the same number"
}

test_no_configmap_argument if {
	vs := violation with input as review(controller(["/nginx-ingress-controller"], {"cpu": "4"})) with data.inventory as inv(cm({}))
	count(vs) == 1
	some v in vs
	contains(v.msg, "is given no ConfigMap (--configmap), so worker-processes is auto")
}

test_configmap_not_in_inventory if {
	vs := violation with input as review(controller(args, {"cpu": "4"})) with data.inventory as {"cluster": {}, "namespace": {}}
	count(vs) == 1
	some v in vs
	v.msg == "Deployment ingress-nginx-controller: ingress container controller: its ConfigMap ingress-nginx/ingress-nginx-controller is not found in the inventory, so this check cannot tell; include it in the input (or sync it into Gatekeeper)"
	v.details.severity == "warn"
}

test_nginx_inc_flag_and_explicit_namespace if {
	obj := controller(["-nginx-configmaps=edge/nginx-config"], {"cpu": "2"})
	edge := {"cluster": {}, "namespace": {"edge": {"v1": {"ConfigMap": {"nginx-config": {"metadata": {"name": "nginx-config", "namespace": "edge"}, "data": {"worker-processes": "2"}}}}}}}
	count(violation) == 0 with input as review(obj) with data.inventory as edge
}

test_daemonset_controller if {
	ds := json.patch(controller(args, {"cpu": "16"}), [{"op": "replace", "path": "/kind", "value": "DaemonSet"}])
	vs := violation with input as review(ds) with data.inventory as inv(cm({"worker-processes": "auto"}))
	count(vs) == 1
	some v in vs
	startswith(v.msg, "DaemonSet ingress-nginx-controller")
}

test_other_workloads_ignored if {
	web := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.27", "args": ["nginx", "-g", "daemon off;"]}]}}}}
	count(violation) == 0 with input as review(web) with data.inventory as {"cluster": {}, "namespace": {}}
}

test_sidecar_not_the_controller if {
	obj := json.patch(controller(args, {"cpu": "4"}), [{"op": "add", "path": "/spec/template/spec/containers/-", "value": {"name": "exporter", "image": "nginx/nginx-prometheus-exporter:1.3"}}])
	count(violation) == 0 with input as review(obj) with data.inventory as inv(cm({"worker-processes": "4"}))
}

test_exemption if {
	obj := json.patch(controller(args, {"cpu": "16"}), [{"op": "add", "path": "/metadata/annotations", "value": {"shipshape.dev/exempt.ingress-worker-processes": "benchmarking auto workers until 2026-12 (NET-12)"}}])
	count(violation) == 0 with input as review(obj) with data.inventory as inv(cm({"worker-processes": "auto"}))
}
