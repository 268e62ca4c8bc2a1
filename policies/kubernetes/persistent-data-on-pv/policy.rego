# METADATA
# title: Data lives on persistent volumes, not on the node's disk
# description: >-
#   Pods use no hostPath volumes, except read-only mounts of an allow-list of
#   host paths (the host's time zone files by default). Data written to a
#   node's disk stays behind when the pod moves to another node and is lost
#   with the node; data that must outlive the pod belongs on a
#   PersistentVolume (a PersistentVolumeClaim, or volumeClaimTemplates for a
#   StatefulSet). An allowed path also allows what lies under it; a path with
#   a .. segment is never allowed; every container that mounts an allowed
#   path must mount it with readOnly true. A node agent (a DaemonSet, such
#   as node-exporter reading /proc and /sys) is bound to its node and reads
#   the node rather than keeping data: with allowNodeAgents, its hostPath
#   volumes that every container mounts read-only are not findings; a
#   writable one still is.
# custom:
#   section: 二.7 存储使用 (B)
#   input: kubernetes
#   kinds: [workloads]
#   action: deny
#   parameters:
#     allowedHostPaths:
#       type: array
#       description: Host paths (and what lies under them) that may be mounted read-only.
#       items:
#         type: string
#       default: [/etc/localtime, /usr/share/zoneinfo]
#     allowNodeAgents:
#       type: boolean
#       description: DaemonSets (node agents) may mount any host path read-only.
#       default: true
package shipshape.kubernetes.persistent_data_on_pv

import data.lib.exemptions
import data.lib.nodeagent
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "persistent-data-on-pv", findings)

findings contains finding if {
	obj := input.review.object
	some i, vol in object.get(workload.pod_spec(obj), "volumes", [])
	path := vol.hostPath.path
	not allowed(path)
	not agent_reads_node(obj, vol)
	finding := {
		"msg": sprintf("%s: volume %s mounts host path %s; keep data on a PersistentVolume (a persistentVolumeClaim volume, or volumeClaimTemplates in a StatefulSet) instead of the node's disk", [workload.describe(obj), vol.name, path]),
		"details": {"field": sprintf("%s.volumes[%d].hostPath.path", [workload.pod_spec_path(obj), i])},
	}
}

findings contains finding if {
	obj := input.review.object
	some vol in object.get(workload.pod_spec(obj), "volumes", [])
	allowed(vol.hostPath.path)
	some c in workload.containers(obj)
	some j, mount in object.get(c.container, "volumeMounts", [])
	mount.name == vol.name
	not mount.readOnly == true
	finding := {
		"msg": sprintf("%s: %s mounts host path %s (volume %s) writable; set readOnly: true on the mount", [workload.describe(obj), workload.container_label(c), vol.hostPath.path, vol.name]),
		"details": {"field": sprintf("%s.volumeMounts[%d].readOnly", [c.path, j])},
	}
}

allowed(path) if {
	not ".." in split(path, "/")
	some entry in input.parameters.allowedHostPaths
	under(clean(path), clean(entry))
}

clean(p) := trim_right(p, "/") if p != "/"

clean("/") := ""

under(path, entry) if path == entry

under(path, entry) if startswith(path, concat("", [entry, "/"]))

agent_reads_node(obj, vol) if {
	input.parameters.allowNodeAgents == true
	nodeagent.is_agent(obj)
	nodeagent.read_only_host_path(obj, vol)
}
