package shipshape.kubernetes.timezone_consistent_test

import data.shipshape.kubernetes.persistent_data_on_pv.violation as persistent_data
import data.shipshape.kubernetes.timezone_consistent.violation
import data.shipshape.kubernetes.volume_types.violation as volume_types

pod(volumes, containers) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"volumes": volumes, "containers": containers}}

review(obj, tz) := {"review": {"object": obj}, "parameters": {"timezone": tz}}

localtime := {"name": "tz", "hostPath": {"path": "/etc/localtime"}}

mount := {"name": "tz", "mountPath": "/etc/localtime", "readOnly": true}

test_tz_env_passes if {
	count(violation) == 0 with input as review(pod([], [{"name": "a", "env": [{"name": "TZ", "value": "Asia/Shanghai"}]}]), "")
}

test_host_localtime_mount_passes if {
	count(violation) == 0 with input as review(pod([localtime], [{"name": "a", "volumeMounts": [mount]}]), "")
	count(violation) == 0 with input as review(pod([localtime], [{"name": "a", "volumeMounts": [mount]}]), "Asia/Shanghai")
}

test_nothing_is_reported if {
	vs := violation with input as review(pod([], [{"name": "a"}]), "")
	count(vs) == 1
	some v in vs
	v.msg == "Pod p: container a sets no time zone; set env TZ (e.g. TZ=Asia/Shanghai)"
	v.details.field == "spec.containers[0].env"
}

test_fix_names_the_given_zone if {
	vs := violation with input as review(pod([], [{"name": "a", "env": [{"name": "LANG", "value": "C"}]}]), "Asia/Shanghai")
	count(vs) == 1
	some v in vs
	v.msg == "Pod p: container a sets no time zone; set env TZ=Asia/Shanghai"
}

test_wrong_zone_is_reported if {
	vs := violation with input as review(pod([], [{"name": "a", "env": [{"name": "X", "value": "1"}, {"name": "TZ", "value": "UTC"}]}]), "Asia/Shanghai")
	count(vs) == 1
	some v in vs
	v.msg == `Pod p: container a sets TZ="UTC", not the cluster's zone "Asia/Shanghai"; set TZ to "Asia/Shanghai"`
	v.details.field == "spec.containers[0].env[1].value"
}

test_colon_form_of_tz if {
	count(violation) == 0 with input as review(pod([], [{"name": "a", "env": [{"name": "TZ", "value": ":Asia/Shanghai"}]}]), "Asia/Shanghai")
}

test_empty_tz_is_no_zone if {
	vs := violation with input as review(pod([], [{"name": "a", "env": [{"name": "TZ", "value": ""}]}]), "")
	count(vs) == 1
	some v in vs
	v.msg == "Pod p: container a sets TZ to an empty value, which means UTC; set env TZ (e.g. TZ=Asia/Shanghai)"
	v.details.field == "spec.containers[0].env[0].value"
}

test_wrong_zone_but_host_mount_passes if {
	c := {"name": "a", "env": [{"name": "TZ", "value": "UTC"}], "volumeMounts": [mount]}
	count(violation) == 0 with input as review(pod([localtime], [c]), "Asia/Shanghai")
}

test_tz_from_value_from_counts if {
	c := {"name": "a", "env": [{"name": "TZ", "valueFrom": {"configMapKeyRef": {"name": "site", "key": "tz"}}}]}
	count(violation) == 0 with input as review(pod([], [c]), "Asia/Shanghai")
}

test_zoneinfo_file_mount if {
	vol := {"name": "tz", "hostPath": {"path": "/usr/share/zoneinfo/Asia/Shanghai"}}
	count(violation) == 0 with input as review(pod([vol], [{"name": "a", "volumeMounts": [mount]}]), "")
	count(violation) == 0 with input as review(pod([vol], [{"name": "a", "volumeMounts": [mount]}]), "Asia/Shanghai")
	count(violation) == 1 with input as review(pod([vol], [{"name": "a", "volumeMounts": [mount]}]), "Europe/Berlin")
}

test_zoneinfo_directory_with_sub_path if {
	vol := {"name": "tz", "hostPath": {"path": "/usr/share/zoneinfo"}}
	m := {"name": "tz", "mountPath": "/etc/localtime", "subPath": "Asia/Shanghai", "readOnly": true}
	count(violation) == 0 with input as review(pod([vol], [{"name": "a", "volumeMounts": [m]}]), "Asia/Shanghai")
}

test_mount_elsewhere_or_not_host_does_not_count if {
	count(violation) == 1 with input as review(pod([localtime], [{"name": "a", "volumeMounts": [{"name": "tz", "mountPath": "/host/localtime"}]}]), "")
	cm := {"name": "tz", "configMap": {"name": "zone"}}
	count(violation) == 1 with input as review(pod([cm], [{"name": "a", "volumeMounts": [mount]}]), "")
	other := {"name": "tz", "hostPath": {"path": "/etc/hosts"}}
	count(violation) == 1 with input as review(pod([other], [{"name": "a", "volumeMounts": [mount]}]), "")
}

test_pod_level_volume_needs_each_container_mount if {
	obj := pod([localtime], [{"name": "a", "volumeMounts": [mount]}, {"name": "b"}])
	vs := violation with input as review(obj, "")
	count(vs) == 1
	some v in vs
	contains(v.msg, "container b sets no time zone")
}

test_init_container_breaks_rule_while_main_is_fine if {
	obj := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {
		"initContainers": [{"name": "init"}],
		"containers": [{"name": "main", "env": [{"name": "TZ", "value": "Asia/Shanghai"}]}],
		"ephemeralContainers": [{"name": "debug"}],
	}}}}
	vs := violation with input as review(obj, "")
	count(vs) == 1
	some v in vs
	v.details.field == "spec.template.spec.initContainers[0].env"
	contains(v.msg, "Deployment d: init container init sets no time zone")
}

test_cronjob_nesting if {
	obj := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "main"}]}}}}}}
	vs := violation with input as review(obj, "")
	count(vs) == 1
	some v in vs
	v.details.field == "spec.jobTemplate.spec.template.spec.containers[0].env"
}

test_exemption_with_reason_silences if {
	obj := object.union(pod([], [{"name": "a"}]), {"metadata": {"annotations": {"shipshape.dev/exempt.timezone-consistent": "logs in UTC by design"}}})
	count(violation) == 0 with input as review(obj, "")
}

# The advice satisfies the volume checks too: following it adds no volume
# that volume-types or persistent-data-on-pv reports.
test_advised_fix_passes_the_volume_checks if {
	before := pod([], [{"name": "a"}])
	vs := violation with input as review(before, "Asia/Shanghai")
	count(vs) == 1
	some v in vs
	endswith(v.msg, "set env TZ=Asia/Shanghai")
	after := pod([], [{"name": "a", "env": [{"name": "TZ", "value": "Asia/Shanghai"}]}])
	count(violation) == 0 with input as review(after, "Asia/Shanghai")
	count(volume_types) == 0 with input as {"review": {"object": after}, "parameters": {}}
	pv_params := {"allowedHostPaths": ["/etc/localtime", "/usr/share/zoneinfo"], "allowNodeAgents": true}
	count(persistent_data) == 0 with input as {"review": {"object": after}, "parameters": pv_params}

	host_way := pod([localtime], [{"name": "a", "volumeMounts": [mount]}])
	count(violation) == 0 with input as review(host_way, "")
	count(volume_types) == 0 with input as {"review": {"object": host_way}, "parameters": {}}
	count(persistent_data) == 0 with input as {"review": {"object": host_way}, "parameters": pv_params}
}
