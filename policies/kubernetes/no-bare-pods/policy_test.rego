package shipshape.kubernetes.no_bare_pods_test

import data.shipshape.kubernetes.no_bare_pods.violation

pod(ns, meta) := {"apiVersion": "v1", "kind": "Pod", "metadata": object.union({"name": "debug", "namespace": ns}, meta), "spec": {"containers": [{"name": "a"}]}}

review(obj) := {"review": {"object": obj}, "parameters": {"systemNamespaces": ["kube-system"]}}

test_bare_pod if {
	vs := violation with input as review(pod("shop", {}))
	[v.msg | some v in vs] == ["Pod debug has no controller, so it is not recreated when its node fails or is drained; run it from a Deployment, StatefulSet, DaemonSet or Job"]
}

test_controlled_system_and_mirror_pods_pass if {
	count(violation) == 0 with input as review(pod("shop", {"ownerReferences": [{"kind": "ReplicaSet", "name": "web", "controller": true}]}))
	count(violation) == 0 with input as review(pod("kube-system", {}))
	count(violation) == 0 with input as review(pod("shop", {"annotations": {"kubernetes.io/config.mirror": "abc"}}))
}

test_owner_that_is_not_a_controller if {
	count(violation) == 1 with input as review(pod("shop", {"ownerReferences": [{"kind": "ConfigMap", "name": "x"}]}))
}
