# METADATA
# title: Node agents
# description: >-
#   A node agent is a DaemonSet: one pod bound to each node, serving the node
#   itself (metrics, logs, network, storage), not a business workload. Its
#   pod never moves to another node, so what it reads from the node is not
#   data that must outlive it.
package lib.nodeagent

import data.lib.workload

default is_agent(_) := false

is_agent(obj) if obj.kind == "DaemonSet"

# read_only_host_path holds when every container that mounts the hostPath
# volume mounts it with readOnly true (a volume mounted by none writes
# nothing).
read_only_host_path(obj, vol) if {
	vol.hostPath
	every c in workload.containers(obj) {
		every m in object.get(c.container, "volumeMounts", []) {
			read_only_mount(m, vol.name)
		}
	}
}

read_only_mount(m, name) if m.name != name

read_only_mount(m, name) if {
	m.name == name
	m.readOnly == true
}
