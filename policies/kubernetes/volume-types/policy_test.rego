package shipshape.kubernetes.volume_types_test

import data.shipshape.kubernetes.volume_types.violation

deployment(pod_spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": pod_spec}}}

review(obj) := {"review": {"object": obj}, "parameters": {}}

test_every_allowed_type_passes if {
	volumes := [
		{"name": "a", "configMap": {"name": "cfg"}},
		{"name": "b", "csi": {"driver": "secrets-store.csi.k8s.io"}},
		{"name": "c", "downwardAPI": {"items": []}},
		{"name": "d", "emptyDir": {}},
		{"name": "e", "ephemeral": {"volumeClaimTemplate": {}}},
		{"name": "f", "persistentVolumeClaim": {"claimName": "data"}},
		{"name": "g", "projected": {"sources": []}},
		{"name": "h", "secret": {"secretName": "tls"}},
		{"name": "i"},
	]
	count(violation) == 0 with input as review(deployment({"volumes": volumes, "containers": [{"name": "app"}]}))
}

test_host_path_denied_naming_the_containers if {
	obj := deployment({
		"volumes": [{"name": "logs", "nfs": {"server": "nas", "path": "/var/log"}}],
		"initContainers": [{"name": "prep", "volumeMounts": [{"name": "logs", "mountPath": "/logs"}]}],
		"containers": [{"name": "app"}, {"name": "shipper", "volumeMounts": [{"name": "logs", "mountPath": "/var/log"}]}],
	})
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.msg == "Deployment web: volume logs (mounted by init container prep, container shipper) is of type nfs (spec.template.spec.volumes[0].nfs), which the restricted profile does not allow; use a persistentVolumeClaim, or configMap, csi, downwardAPI, emptyDir, ephemeral, projected or secret"
	v.details.field == "spec.template.spec.volumes[0].nfs"
}

test_unmounted_volume_still_counts if {
	vs := violation with input as review(deployment({"volumes": [{"name": "share", "nfs": {"server": "nfs.example.com", "path": "/export"}}], "containers": [{"name": "app"}]}))
	count(vs) == 1
	some v in vs
	startswith(v.msg, "Deployment web: volume share is of type nfs (spec.template.spec.volumes[0].nfs)")
}

test_block_device_counts_as_mount if {
	obj := deployment({"volumes": [{"name": "disk", "iscsi": {"targetPortal": "10.0.0.1:3260"}}], "containers": [{"name": "db", "volumeDevices": [{"name": "disk", "devicePath": "/dev/xvda"}]}]})
	vs := violation with input as review(obj)
	some v in vs
	contains(v.msg, "volume disk (mounted by container db) is of type iscsi")
}

test_each_bad_volume_reported if {
	obj := deployment({
		"volumes": [
			{"name": "a", "gitRepo": {"repository": "https://example.com/r.git"}},
			{"name": "b", "emptyDir": {}},
			{"name": "c", "awsElasticBlockStore": {"volumeID": "vol-1"}},
		],
		"containers": [{"name": "app"}],
	})
	vs := violation with input as review(obj)
	count(vs) == 2
	{v.details.field | some v in vs} == {"spec.template.spec.volumes[0].gitRepo", "spec.template.spec.volumes[2].awsElasticBlockStore"}
}

test_ephemeral_container_mount_named if {
	obj := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {
		"volumes": [{"name": "host", "iscsi": {"targetPortal": "10.0.0.1:3260", "iqn": "iqn.x", "lun": 0}}],
		"containers": [{"name": "app"}],
		"ephemeralContainers": [{"name": "debug", "volumeMounts": [{"name": "host", "mountPath": "/host"}]}],
	}}
	vs := violation with input as review(obj)
	some v in vs
	contains(v.msg, "volume host (mounted by ephemeral container debug) is of type iscsi (spec.volumes[0].iscsi)")
}

test_cronjob_nesting if {
	obj := {"kind": "CronJob", "metadata": {"name": "nightly"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"volumes": [{"name": "dump", "nfs": {"server": "nas", "path": "/backup"}}], "containers": [{"name": "run"}]}}}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.jobTemplate.spec.template.spec.volumes[0].nfs"
}

test_every_kind if {
	bad := {"volumes": [{"name": "h", "gitRepo": {"repository": "https://example.com/r.git"}}], "containers": [{"name": "a"}]}
	count(violation) == 1 with input as review({"kind": "Pod", "metadata": {"name": "p"}, "spec": bad})
	every kind in ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"] {
		count(violation) == 1 with input as review({"kind": kind, "metadata": {"name": "x"}, "spec": {"template": {"spec": bad}}})
	}
	count(violation) == 0 with input as review({"kind": "PersistentVolume", "metadata": {"name": "pv"}, "spec": {"nfs": {"server": "s", "path": "/"}}})
}

test_exemption if {
	obj := object.union(deployment({"volumes": [{"name": "h", "nfs": {"server": "nas", "path": "/var/log"}}], "containers": [{"name": "a"}]}), {"metadata": {"annotations": {"shipshape.dev/exempt.volume-types": "log collector reads node logs (OBS-2)"}}})
	count(violation) == 0 with input as review(obj)
}

test_host_path_is_left_to_persistent_data_on_pv if {
	obj := deployment({"volumes": [{"name": "logs", "hostPath": {"path": "/var/log"}}], "containers": [{"name": "a", "volumeMounts": [{"name": "logs", "mountPath": "/logs"}]}]})
	count(violation) == 0 with input as {"review": {"object": obj}}
}
