package shipshape.kubernetes.priority_class_usage_test

import data.shipshape.kubernetes.priority_class_usage.violation

params := {"allowedClasses": [], "systemNamespaces": ["kube-system"]}

deployment(ns, class) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": ns}, "spec": {"template": {"spec": {"priorityClassName": class, "containers": [{"name": "a"}]}}}}

pc(name, is_default) := {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": name}, "value": 1000, "globalDefault": is_default}

inv(classes) := {"cluster": {"scheduling.k8s.io/v1": {"PriorityClass": {c.metadata.name: c | some c in classes}}}, "namespace": {}}

classes := inv([pc("business-high", false), pc("business-normal", true)])

review(obj, p) := {"review": {"object": obj}, "parameters": p}

test_own_class_passes if {
	count(violation) == 0 with input as review(deployment("shop", "business-high"), params) with data.inventory as classes
}

test_no_class_passes if {
	obj := json.remove(deployment("shop", ""), ["spec/template/spec/priorityClassName"])
	count(violation) == 0 with input as review(obj, params) with data.inventory as classes
	count(violation) == 0 with input as review(deployment("shop", ""), params) with data.inventory as classes
}

test_system_class_outside_system_namespaces if {
	vs := violation with input as review(deployment("shop", "system-cluster-critical"), params) with data.inventory as classes
	count(vs) == 1
	some v in vs
	v.msg == "Deployment web uses priority class system-cluster-critical outside the system namespaces (kube-system); system-*-critical classes are for cluster components, which a business pod would preempt; create a PriorityClass of your own"
	v.details.field == "spec.template.spec.priorityClassName"
}

test_system_class_in_system_namespace if {
	count(violation) == 0 with input as review(deployment("kube-system", "system-node-critical"), params) with data.inventory as classes
}

test_custom_system_namespaces if {
	p := object.union(params, {"systemNamespaces": ["kube-system", "monitoring"]})
	count(violation) == 0 with input as review(deployment("monitoring", "system-node-critical"), p) with data.inventory as classes
}

test_allowed_classes if {
	p := object.union(params, {"allowedClasses": ["business-normal"]})
	vs := violation with input as review(deployment("shop", "business-high"), p) with data.inventory as classes
	count(vs) == 1
	some v in vs
	v.msg == "Deployment web uses priority class business-high, which is not one of the allowed classes (business-normal); use one of them"
	count(violation) == 0 with input as review(deployment("shop", "business-normal"), p) with data.inventory as classes
	count(violation) == 0 with input as review(deployment("kube-system", "system-node-critical"), p) with data.inventory as classes
}

test_class_not_in_inventory if {
	vs := violation with input as review(deployment("shop", "gold"), params) with data.inventory as classes
	count(vs) == 1
	some v in vs
	v.msg == "Deployment web: its PriorityClass gold is not found in the inventory, so this check cannot tell; include it in the input (or sync it into Gatekeeper)"
	v.details.severity == "warn"
}

test_cronjob_and_pod if {
	cj := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c", "namespace": "shop"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"priorityClassName": "system-node-critical", "containers": [{"name": "a"}]}}}}}}
	vs := violation with input as review(cj, params) with data.inventory as classes
	count(vs) == 1
	some v in vs
	v.details.field == "spec.jobTemplate.spec.template.spec.priorityClassName"
	pod := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "shop"}, "spec": {"priorityClassName": "system-cluster-critical", "containers": [{"name": "a"}]}}
	count(violation) == 1 with input as review(pod, params) with data.inventory as classes
}

test_second_global_default if {
	obj := pc("legacy-default", true)
	vs := violation with input as review(obj, params) with data.inventory as classes
	count(vs) == 1
	some v in vs
	v.msg == "PriorityClass legacy-default is a globalDefault, and so is PriorityClass business-normal; keep one globalDefault (the priority of every pod that names no class) and set globalDefault: false on the others"
}

test_the_one_global_default_passes if {
	count(violation) == 0 with input as review(pc("business-normal", true), params) with data.inventory as classes
	count(violation) == 0 with input as review(pc("batch", false), params) with data.inventory as classes
}

test_exemption if {
	obj := json.patch(deployment("shop", "system-cluster-critical"), [{"op": "add", "path": "/metadata/annotations", "value": {"shipshape.dev/exempt.priority-class-usage": "node-local DNS cache, cluster component (PLAT-3)"}}])
	count(violation) == 0 with input as review(obj, params) with data.inventory as classes
}
