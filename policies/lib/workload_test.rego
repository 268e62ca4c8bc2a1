package lib.workload_test

import data.lib.workload

test_pod_spec_of_every_kind if {
	spec := {"containers": [{"name": "c"}]}
	workload.pod_spec({"kind": "Pod", "spec": spec}) == spec
	every kind in ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"] {
		workload.pod_spec({"kind": kind, "spec": {"template": {"spec": spec}}}) == spec
	}
	workload.pod_spec({"kind": "CronJob", "spec": {"jobTemplate": {"spec": {"template": {"spec": spec}}}}}) == spec
	not workload.pod_spec({"kind": "Service", "spec": spec})
}

test_containers_of_all_lists if {
	obj := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {
		"initContainers": [{"name": "i"}],
		"containers": [{"name": "a"}, {"name": "b"}],
		"ephemeralContainers": [{"name": "e"}],
	}}
	cs := workload.containers(obj)
	[c.path | some c in cs] == ["spec.initContainers[0]", "spec.containers[0]", "spec.containers[1]", "spec.ephemeralContainers[0]"]
	[workload.container_label(c) | some c in cs] == ["init container i", "container a", "container b", "ephemeral container e"]
}

test_long_running if {
	workload.long_running({"kind": "Deployment", "spec": {}})
	not workload.long_running({"kind": "Job", "spec": {}})
	not workload.long_running({"kind": "CronJob", "spec": {}})
	not workload.long_running({"kind": "Pod", "spec": {"restartPolicy": "Never"}})
	workload.long_running({"kind": "Pod", "spec": {}})
	not workload.long_running({"kind": "Service"})
}

test_namespace_from_object_then_request if {
	workload.namespace({"object": {"metadata": {"namespace": "shop"}}, "namespace": "other"}) == "shop"
	workload.namespace({"object": {"metadata": {}}, "namespace": "default"}) == "default"
	workload.namespace({"object": {"metadata": {"namespace": ""}}, "namespace": "ops"}) == "ops"
	workload.namespace({"object": {"kind": "Namespace", "metadata": {"name": "x"}}}) == ""
}

test_windows if {
	workload.windows({"kind": "Pod", "spec": {"os": {"name": "windows"}}})
	workload.windows({"kind": "CronJob", "spec": {"jobTemplate": {"spec": {"template": {"spec": {"os": {"name": "windows"}}}}}}})
	not workload.windows({"kind": "Pod", "spec": {"os": {"name": "linux"}}})
	not workload.windows({"kind": "Deployment", "spec": {"template": {"spec": {}}}})
}

test_pod_metadata_path if {
	workload.pod_metadata_path({"kind": "Pod"}) == "metadata"
	workload.pod_metadata_path({"kind": "DaemonSet"}) == "spec.template.metadata"
	workload.pod_metadata_path({"kind": "CronJob"}) == "spec.jobTemplate.spec.template.metadata"
	not workload.pod_metadata_path({"kind": "Service"})
}

test_workload_kinds_are_the_template_kinds_pod_and_cronjob if {
	workload.workload_kinds == workload.template_kinds | {"Pod", "CronJob"}
}
