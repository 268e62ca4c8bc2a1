package shipshape.kubernetes.persistent_data_on_pv_test

import data.shipshape.kubernetes.persistent_data_on_pv.violation

params := {"allowedHostPaths": ["/etc/localtime", "/usr/share/zoneinfo"]}

pod(volumes, containers) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"volumes": volumes, "containers": containers}}

host(name, path) := {"name": name, "hostPath": {"path": path}}

mount(name, ro) := {"name": name, "mountPath": "/m", "readOnly": ro}

review(obj) := {"review": {"object": obj}, "parameters": params}

test_pvc_passes if {
	obj := pod([{"name": "data", "persistentVolumeClaim": {"claimName": "data"}}], [{"name": "a", "volumeMounts": [{"name": "data", "mountPath": "/data"}]}])
	count(violation) == 0 with input as review(obj)
}

test_host_path_is_denied if {
	obj := pod([host("data", "/var/lib/app")], [{"name": "a", "volumeMounts": [{"name": "data", "mountPath": "/data"}]}])
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.msg == "Pod p: volume data mounts host path /var/lib/app; keep data on a PersistentVolume (a persistentVolumeClaim volume, or volumeClaimTemplates in a StatefulSet) instead of the node's disk"
	v.details.field == "spec.volumes[0].hostPath.path"
}

test_unmounted_host_path_is_still_denied if {
	count(violation) == 1 with input as review(pod([host("data", "/data")], [{"name": "a"}]))
}

test_allowed_read_only_passes if {
	obj := pod([host("tz", "/etc/localtime"), host("zi", "/usr/share/zoneinfo/Asia/Shanghai")], [{"name": "a", "volumeMounts": [mount("tz", true), mount("zi", true)]}])
	count(violation) == 0 with input as review(obj)
}

test_allowed_but_writable_is_denied if {
	obj := pod([host("tz", "/etc/localtime")], [{"name": "a", "volumeMounts": [{"name": "tz", "mountPath": "/etc/localtime"}]}])
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.msg == "Pod p: container a mounts host path /etc/localtime (volume tz) writable; set readOnly: true on the mount"
	v.details.field == "spec.containers[0].volumeMounts[0].readOnly"
}

test_read_only_false_is_writable if {
	obj := pod([host("tz", "/etc/localtime")], [{"name": "a", "volumeMounts": [mount("tz", false)]}])
	count(violation) == 1 with input as review(obj)
}

test_prefix_lookalike_is_not_under if {
	obj := pod([host("x", "/etc/localtime-backup"), host("y", "/usr/share/zoneinfo2")], [{"name": "a"}])
	count(violation) == 2 with input as review(obj)
}

test_dot_dot_escapes_are_denied if {
	obj := pod([host("x", "/usr/share/zoneinfo/../../../var/lib")], [{"name": "a"}])
	count(violation) == 1 with input as review(obj)
}

test_trailing_slashes if {
	obj := pod([host("zi", "/usr/share/zoneinfo/")], [{"name": "a", "volumeMounts": [mount("zi", true)]}])
	count(violation) == 0 with input as review(obj)
}

test_init_container_writes_while_main_reads if {
	obj := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {
		"volumes": [host("tz", "/etc/localtime")],
		"initContainers": [{"name": "init", "volumeMounts": [mount("tz", false)]}],
		"containers": [{"name": "main", "volumeMounts": [mount("tz", true)]}],
	}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.template.spec.initContainers[0].volumeMounts[0].readOnly"
	contains(v.msg, "init container init mounts host path")
}

test_cronjob_nesting if {
	obj := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {
		"volumes": [host("cache", "/tmp/cache")],
		"containers": [{"name": "main"}],
	}}}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.jobTemplate.spec.template.spec.volumes[0].hostPath.path"
}

test_parameters_choose_paths if {
	obj := pod([host("certs", "/etc/ssl/certs")], [{"name": "a", "volumeMounts": [mount("certs", true)]}])
	count(violation) == 1 with input as review(obj)
	count(violation) == 0 with input as {"review": {"object": obj}, "parameters": {"allowedHostPaths": ["/etc/ssl/certs"]}}
	count(violation) == 1 with input as {"review": {"object": pod([host("tz", "/etc/localtime")], [])}, "parameters": {"allowedHostPaths": []}}
}

test_exemption_with_reason_silences if {
	obj := object.union(pod([host("logs", "/var/log")], [{"name": "a"}]), {"metadata": {"annotations": {"shipshape.dev/exempt.persistent-data-on-pv": "log shipper reads node logs"}}})
	count(violation) == 0 with input as review(obj)
}

test_node_agent_reads_the_node_read_only if {
	ds := {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent"}, "spec": {"template": {"spec": {
		"volumes": [host("proc", "/proc"), host("sys", "/sys"), host("db", "/var/lib/agent")],
		"containers": [{"name": "a", "volumeMounts": [mount("proc", true), mount("sys", true), mount("db", false)]}],
	}}}}
	vs := violation with input as {"review": {"object": ds}, "parameters": object.union(params, {"allowNodeAgents": true})}
	count(vs) == 1
	some v in vs
	v.msg == "DaemonSet agent: volume db mounts host path /var/lib/agent; keep data on a PersistentVolume (a persistentVolumeClaim volume, or volumeClaimTemplates in a StatefulSet) instead of the node's disk"
	count(violation) == 3 with input as {"review": {"object": ds}, "parameters": object.union(params, {"allowNodeAgents": false})}
}

test_read_only_host_path_of_a_deployment_is_still_denied if {
	obj := pod([host("proc", "/proc")], [{"name": "a", "volumeMounts": [mount("proc", true)]}])
	count(violation) == 1 with input as {"review": {"object": obj}, "parameters": object.union(params, {"allowNodeAgents": true})}
}
