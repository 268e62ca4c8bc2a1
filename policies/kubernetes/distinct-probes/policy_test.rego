package shipshape.kubernetes.distinct_probes_test

import data.shipshape.kubernetes.distinct_probes.violation

probe := {"httpGet": {"path": "/healthz", "port": 8080}}

pod(liveness, readiness) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "livenessProbe": liveness, "readinessProbe": readiness}]}}

review(obj) := {"review": {"object": obj}, "parameters": {}}

test_identical if {
	vs := violation with input as review(pod(probe, probe))
	[v.msg | some v in vs] == ["Pod p: container a has identical liveness and readiness probes, so a busy container is restarted instead of taken out of traffic; make livenessProbe check the process only, or give it a higher failureThreshold"]
}

test_different_pass if {
	count(violation) == 0 with input as review(pod(object.union(probe, {"failureThreshold": 6}), probe))
	count(violation) == 0 with input as review(pod({"tcpSocket": {"port": 8080}}, probe))
	count(violation) == 0 with input as review({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a"}]}})
}
