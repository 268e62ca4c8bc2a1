# METADATA
# title: Pods use only the volume types of the restricted profile
# description: >-
#   Every volume of a pod is one of configMap, csi, downwardAPI, emptyDir,
#   ephemeral, persistentVolumeClaim, projected or secret (Pod Security
#   Standards, restricted, Volume Types). Other types (hostPath, nfs, iscsi,
#   gitRepo and the in-tree cloud disks) reach the node or a storage system
#   directly, without a PersistentVolume that an administrator created and
#   controls. A volume that names no type is an emptyDir. hostPath volumes
#   are left to persistent-data-on-pv, which denies them (but for its
#   allow-list and read-only node agents), so one volume is one finding. Fix: ask for
#   storage through a persistentVolumeClaim, or use one of the listed types.
# custom:
#   section: 三.容器安全 PodSecurityPolicy (E)
#   input: kubernetes
#   kinds: [workloads]
#   action: warn
package shipshape.kubernetes.volume_types

import data.lib.exemptions
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "volume-types", findings)

allowed_types := {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"}

findings contains finding if {
	obj := input.review.object
	some i, volume in object.get(workload.pod_spec(obj), "volumes", [])
	types := {key | some key, _ in volume; key != "name"}
	count(types & allowed_types) == 0
	count(types) > 0
	not "hostPath" in types
	some volume_type in types
	name := object.get(volume, "name", sprintf("volumes[%d]", [i]))
	field := sprintf("%s.volumes[%d].%s", [workload.pod_spec_path(obj), i, volume_type])
	finding := {
		"msg": sprintf("%s: volume %s%s is of type %s (%s), which the restricted profile does not allow; use a persistentVolumeClaim, or configMap, csi, downwardAPI, emptyDir, ephemeral, projected or secret", [workload.describe(obj), name, mounted_by(obj, name), volume_type, field]),
		"details": {"field": field},
	}
}

# mounted_by names the containers that mount the volume: " (mounted by container app)".
mounted_by(obj, name) := sprintf(" (mounted by %s)", [concat(", ", users)]) if {
	users := [workload.container_label(c) |
		some c in workload.containers(obj)
		mounts(c.container, name)
	]
	count(users) > 0
}

mounted_by(obj, name) := "" if {
	not any_mount(obj, name)
}

any_mount(obj, name) if {
	some c in workload.containers(obj)
	mounts(c.container, name)
}

mounts(container, name) if object.get(container, "volumeMounts", [])[_].name == name

mounts(container, name) if object.get(container, "volumeDevices", [])[_].name == name
