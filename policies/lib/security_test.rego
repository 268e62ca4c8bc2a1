package lib.security_test

import data.lib.security
import data.lib.workload

pod(pod_sc, container_sc) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {
	"securityContext": pod_sc,
	"containers": [{"name": "a", "securityContext": container_sc}],
}}

entry(obj) := workload.containers(obj)[0]

test_container_wins if {
	obj := pod({"runAsNonRoot": true}, {"runAsNonRoot": false})
	security.setting(obj, entry(obj), "runAsNonRoot") == {"value": false, "path": "spec.containers[0].securityContext.runAsNonRoot"}
}

test_pod_applies_when_container_is_silent if {
	obj := pod({"runAsUser": 1000}, {})
	security.setting(obj, entry(obj), "runAsUser") == {"value": 1000, "path": "spec.securityContext.runAsUser"}
}

test_container_only_fields_ignore_pod if {
	obj := pod({"privileged": true}, {})
	not security.setting(obj, entry(obj), "privileged")
}

test_unset if {
	obj := pod({}, {})
	not security.setting(obj, entry(obj), "runAsNonRoot")
}
