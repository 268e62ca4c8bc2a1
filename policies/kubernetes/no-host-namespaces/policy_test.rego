package shipshape.kubernetes.no_host_namespaces_test

import data.shipshape.kubernetes.no_host_namespaces.violation

params := {"denyHostNetwork": true}

review(obj) := {"review": {"object": obj}, "parameters": params}

# every_kind wraps a pod spec in each workload kind.
every_kind(spec) := [
	{"kind": "Pod", "metadata": {"name": "w"}, "spec": spec},
	{"kind": "Deployment", "metadata": {"name": "w"}, "spec": {"template": {"spec": spec}}},
	{"kind": "StatefulSet", "metadata": {"name": "w"}, "spec": {"template": {"spec": spec}}},
	{"kind": "DaemonSet", "metadata": {"name": "w"}, "spec": {"template": {"spec": spec}}},
	{"kind": "ReplicaSet", "metadata": {"name": "w"}, "spec": {"template": {"spec": spec}}},
	{"kind": "ReplicationController", "metadata": {"name": "w"}, "spec": {"template": {"spec": spec}}},
	{"kind": "Job", "metadata": {"name": "w"}, "spec": {"template": {"spec": spec}}},
	{"kind": "CronJob", "metadata": {"name": "w"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": spec}}}}},
]

containers := [{"name": "app", "image": "app:1"}]

test_plain_pod_spec_passes_in_every_kind if {
	every obj in every_kind({"containers": containers}) {
		count(violation) == 0 with input as review(obj)
	}
}

test_false_values_pass if {
	spec := {"hostPID": false, "hostIPC": false, "hostNetwork": false, "containers": containers}
	count(violation) == 0 with input as review({"kind": "Pod", "metadata": {"name": "p"}, "spec": spec})
}

test_all_three_denied_in_every_kind if {
	spec := {"hostPID": true, "hostIPC": true, "hostNetwork": true, "containers": containers}
	every obj in every_kind(spec) {
		count(violation) == 3 with input as review(obj)
	}
}

test_message_names_object_field_and_fix if {
	obj := {"kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": {"hostPID": true, "containers": containers}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.msg == "Deployment web: pod spec sets hostPID: true, which exposes the node's processes to every container; remove hostPID (or set it to false)"
	v.details.field == "spec.template.spec.hostPID"
}

test_cronjob_nesting_path if {
	obj := {"kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"hostIPC": true, "containers": containers}}}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.jobTemplate.spec.template.spec.hostIPC"
	contains(v.msg, "CronJob c: pod spec sets hostIPC: true")
}

test_host_network_allowed_by_parameter if {
	obj := {"kind": "DaemonSet", "metadata": {"name": "cni"}, "spec": {"template": {"spec": {"hostNetwork": true, "containers": containers}}}}
	count(violation) == 1 with input as review(obj)
	count(violation) == 0 with input as {"review": {"object": obj}, "parameters": {"denyHostNetwork": false}}
}

test_host_network_denied_without_parameters if {
	obj := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"hostNetwork": true, "containers": containers}}
	count(violation) == 1 with input as {"review": {"object": obj}, "parameters": {}}
}

test_host_pid_denied_even_when_host_network_allowed if {
	obj := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"hostNetwork": true, "hostPID": true, "containers": containers}}
	vs := violation with input as {"review": {"object": obj}, "parameters": {"denyHostNetwork": false}}
	count(vs) == 1
	some v in vs
	v.details.field == "spec.hostPID"
}

test_non_workload_ignored if {
	count(violation) == 0 with input as review({"kind": "Service", "metadata": {"name": "s"}, "spec": {"hostNetwork": true}})
}

test_exemption_with_reason_silences if {
	obj := {"kind": "DaemonSet", "metadata": {"name": "node-exporter", "annotations": {"shipshape.dev/exempt.no-host-namespaces": "reads node metrics from the host network and /proc"}}, "spec": {"template": {"spec": {"hostNetwork": true, "hostPID": true, "containers": containers}}}}
	count(violation) == 0 with input as review(obj)
}

test_exemption_with_empty_reason_is_reported if {
	obj := {"kind": "Pod", "metadata": {"name": "p", "annotations": {"shipshape.dev/exempt.no-host-namespaces": ""}}, "spec": {"hostPID": true, "containers": containers}}
	vs := violation with input as review(obj)
	count(vs) == 2
	some v in vs
	contains(v.msg, "has an empty reason")
}
