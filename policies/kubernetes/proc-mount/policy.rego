# METADATA
# title: Containers keep the default /proc mount
# description: >-
#   No container of any list sets securityContext.procMount to anything but
#   Default (unset is Default). Unmasked exposes the parts of /proc that the
#   runtime masks or mounts read-only, such as /proc/sys and /proc/kcore,
#   from which a process can read or change the node's kernel (Pod Security
#   Standards, /proc Mount Type; the restricted profile keeps this even for
#   pods in a user namespace). procMount has no pod-level setting. Fix:
#   remove procMount or set it to Default.
# custom:
#   section: 三.容器安全 PodSecurityPolicy (E)
#   input: kubernetes
#   kinds: [workloads]
#   action: deny
package shipshape.kubernetes.proc_mount

import data.lib.exemptions
import data.lib.security
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "proc-mount", findings)

findings contains finding if {
	obj := input.review.object
	some c in workload.containers(obj)
	s := security.setting(obj, c, "procMount")
	s.value != "Default"
	finding := {
		"msg": sprintf("%s: %s sets procMount %v (%s); remove it or set it to Default so /proc stays masked", [workload.describe(obj), workload.container_label(c), s.value, s.path]),
		"details": {"field": s.path},
	}
}
