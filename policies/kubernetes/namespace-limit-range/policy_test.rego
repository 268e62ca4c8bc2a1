package shipshape.kubernetes.namespace_limit_range_test

import data.shipshape.kubernetes.namespace_limit_range.violation

deployment(ns) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": ns}, "spec": {"template": {"spec": {"containers": [{"name": "a"}]}}}}

namespace(name) := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}

guard(ns) := {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "defaults", "namespace": ns}, "spec": {"limits": [{"type": "Container", "default": {"cpu": "500m"}}]}}

with_guard := {"cluster": {"v1": {"Namespace": {"shop": namespace("shop")}}}, "namespace": {"shop": {"v1": {"LimitRange": {"defaults": guard("shop")}}}}}

without_guard := {"cluster": {"v1": {"Namespace": {"shop": namespace("shop")}}}, "namespace": {"shop": {"v1": {"ConfigMap": {"x": {}}}}}}

review(obj) := {"review": {"object": obj}, "parameters": {}}

test_namespace_with_guard_passes if {
	count(violation) == 0 with input as review(deployment("shop")) with data.inventory as with_guard
}

test_guard_without_namespace_object_passes if {
	inv := {"cluster": {}, "namespace": {"shop": {"v1": {"LimitRange": {"defaults": guard("shop")}}}}}
	count(violation) == 0 with input as review(deployment("shop")) with data.inventory as inv
}

test_known_namespace_without_guard if {
	vs := violation with input as review(deployment("shop")) with data.inventory as without_guard
	count(vs) == 1
	some v in vs
	v.msg == "Deployment web runs in namespace shop, which has no LimitRange; add one so containers get default requests and limits and stay within bounds"
	not v.details.severity
}

test_guard_in_another_namespace_does_not_count if {
	inv := json.patch(with_guard, [{"op": "add", "path": "/cluster/v1/Namespace/blog", "value": namespace("blog")}])
	count(violation) == 1 with input as review(deployment("blog")) with data.inventory as inv
}

test_unknown_namespace_is_not_found if {
	vs := violation with input as review(deployment("shop")) with data.inventory as {"cluster": {}, "namespace": {}}
	count(vs) == 1
	some v in vs
	v.msg == "Deployment web: Namespace shop (and any LimitRange in it) is not found in the inventory, so this check cannot tell; include it in the input (or sync it into Gatekeeper)"
	v.details.severity == "warn"
}

test_controlled_pod_is_left_to_its_owner if {
	pod := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-1", "namespace": "shop", "ownerReferences": [{"kind": "ReplicaSet", "name": "web-5d4", "controller": true}]}, "spec": {"containers": [{"name": "a"}]}}
	count(violation) == 0 with input as review(pod) with data.inventory as without_guard
	bare := json.remove(pod, ["metadata/ownerReferences"])
	count(violation) == 1 with input as review(bare) with data.inventory as without_guard
}

test_cronjob if {
	cj := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "nightly", "namespace": "shop"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "a"}]}}}}}}
	vs := violation with input as review(cj) with data.inventory as without_guard
	count(vs) == 1
	some v in vs
	startswith(v.msg, "CronJob nightly runs in namespace shop")
}

test_namespace_from_the_request if {
	obj := json.remove(deployment("shop"), ["metadata/namespace"])
	count(violation) == 1 with input as {"review": {"object": obj, "namespace": "shop"}, "parameters": {}} with data.inventory as without_guard
}

test_exemption if {
	obj := json.patch(deployment("shop"), [{"op": "add", "path": "/metadata/annotations", "value": {"shipshape.dev/exempt.namespace-limit-range": "sandbox namespace, deleted nightly"}}])
	count(violation) == 0 with input as review(obj) with data.inventory as without_guard
}
