package shipshape.kubernetes.read_only_root_fs_test

import data.shipshape.kubernetes.read_only_root_fs.violation

review(obj) := {"review": {"object": obj}, "parameters": {}}

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

ro := {"readOnlyRootFilesystem": true}

test_read_only_everywhere_passes_in_every_kind if {
	spec := {
		"initContainers": [{"name": "i", "securityContext": ro}],
		"containers": [{"name": "a", "securityContext": ro}],
		"ephemeralContainers": [{"name": "e", "securityContext": ro}],
	}
	every obj in every_kind(spec) {
		count(violation) == 0 with input as review(obj)
	}
}

test_unset_denied_in_every_list_and_kind if {
	spec := {"initContainers": [{"name": "i"}], "containers": [{"name": "a"}], "ephemeralContainers": [{"name": "e"}]}
	every obj in every_kind(spec) {
		count(violation) == 3 with input as review(obj)
	}
}

test_unset_message if {
	obj := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app"}]}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.msg == "Pod p: container app has a writable root filesystem (readOnlyRootFilesystem is not set); set spec.containers[0].securityContext.readOnlyRootFilesystem: true and mount an emptyDir where it must write"
	v.details.field == "spec.containers[0].securityContext.readOnlyRootFilesystem"
}

test_false_message if {
	obj := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "securityContext": {"readOnlyRootFilesystem": false}}]}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	contains(v.msg, "(readOnlyRootFilesystem: false)")
}

test_pod_level_value_does_not_count if {
	# PodSecurityContext has no readOnlyRootFilesystem: only containers decide.
	obj := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"securityContext": ro, "containers": [{"name": "app"}]}}
	count(violation) == 1 with input as review(obj)
}

test_init_container_breaks_rule_while_main_is_fine if {
	obj := {"kind": "ReplicaSet", "metadata": {"name": "rs"}, "spec": {"template": {"spec": {
		"initContainers": [{"name": "unpack"}],
		"containers": [{"name": "app", "securityContext": ro}],
	}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	contains(v.msg, "ReplicaSet rs: init container unpack has a writable root filesystem")
	v.details.field == "spec.template.spec.initContainers[0].securityContext.readOnlyRootFilesystem"
}

test_cronjob_nesting_path if {
	obj := {"kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "job"}]}}}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.jobTemplate.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem"
}

test_windows_pod_skipped if {
	obj := {"kind": "Pod", "metadata": {"name": "win"}, "spec": {"os": {"name": "windows"}, "containers": [{"name": "iis"}]}}
	count(violation) == 0 with input as review(obj)
}

test_exemption_with_reason_silences if {
	obj := {"kind": "Pod", "metadata": {"name": "p", "annotations": {"shipshape.dev/exempt.read-only-root-fs": "writes its cache under /var/lib, moving it in Q3"}}, "spec": {"containers": [{"name": "app"}]}}
	count(violation) == 0 with input as review(obj)
}
