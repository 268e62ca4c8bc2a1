# METADATA
# title: No Windows HostProcess containers
# description: >-
#   No container runs as a Windows HostProcess container:
#   securityContext.windowsOptions.hostProcess is unset or false on the pod
#   and on every container of every list, the container's own value winning
#   over the pod's. A HostProcess container runs directly on the Windows
#   node, outside any isolation, with the node's network and file system
#   (Pod Security Standards, baseline, HostProcess). Kubernetes requires such
#   pods to set hostNetwork, which no-host-namespaces reports on its own.
#   Fix: remove hostProcess, or run node tooling from a reviewed, exempted
#   DaemonSet.
# custom:
#   section: 三.容器安全 PodSecurityPolicy (E)
#   input: kubernetes
#   kinds: [workloads]
#   action: deny
package shipshape.kubernetes.windows_host_process

import data.lib.exemptions
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "windows-host-process", findings)

findings contains finding if {
	obj := input.review.object
	some c in workload.containers(obj)
	s := host_process(obj, c)
	s.value == true
	finding := {
		"msg": sprintf("%s: %s runs as a Windows HostProcess container (%s is true); remove hostProcess so the container stays isolated from the node", [workload.describe(obj), workload.container_label(c), s.path]),
		"details": {"field": s.path},
	}
}

# host_process is the hostProcess a container runs with. Kubernetes merges
# windowsOptions field by field (a container setting only gmsaCredentialSpec
# still inherits the pod's hostProcess), so lib/security's whole-object
# setting does not fit here.
host_process(_, c) := {"value": value, "path": sprintf("%s.securityContext.windowsOptions.hostProcess", [c.path])} if {
	value := c.container.securityContext.windowsOptions.hostProcess
	value != null
}

host_process(obj, c) := {"value": value, "path": sprintf("%s.securityContext.windowsOptions.hostProcess", [workload.pod_spec_path(obj)])} if {
	not container_sets(c)
	value := workload.pod_spec(obj).securityContext.windowsOptions.hostProcess
}

container_sets(c) if {
	value := c.container.securityContext.windowsOptions.hostProcess
	value != null
}
