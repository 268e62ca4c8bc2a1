# METADATA
# title: Pods set only safe sysctls
# description: >-
#   Every sysctl a pod sets (spec.securityContext.sysctls, which apply to all
#   its containers) is in the allowed list, by default the safe set of the
#   Pod Security Standards baseline profile (Kubernetes 1.32 and later):
#   sysctls that are namespaced per pod and isolated from other pods on the
#   node. Any other sysctl can switch off a kernel protection or change the
#   node for every pod on it, and the kubelet refuses to start the pod unless
#   the node allows it. An entry ending in * allows every name with that
#   prefix. Fix: remove the sysctl, or tune it on the node and add it to
#   allowed only where the nodes allow it.
# custom:
#   section: 三.容器安全 PodSecurityPolicy (E)
#   input: kubernetes
#   kinds: [workloads]
#   action: deny
#   parameters:
#     allowed:
#       type: array
#       description: Sysctl names a pod may set; a trailing * allows a prefix (net.ipv4.tcp_*).
#       items:
#         type: string
#       default:
#         - kernel.shm_rmid_forced
#         - net.ipv4.ip_local_port_range
#         - net.ipv4.ip_unprivileged_port_start
#         - net.ipv4.tcp_syncookies
#         - net.ipv4.ping_group_range
#         - net.ipv4.ip_local_reserved_ports
#         - net.ipv4.tcp_keepalive_time
#         - net.ipv4.tcp_fin_timeout
#         - net.ipv4.tcp_keepalive_intvl
#         - net.ipv4.tcp_keepalive_probes
#         - net.ipv4.tcp_rmem
#         - net.ipv4.tcp_wmem
package shipshape.kubernetes.sysctls

import data.lib.exemptions
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "sysctls", findings)

findings contains finding if {
	obj := input.review.object
	some i, sysctl in workload.pod_spec(obj).securityContext.sysctls
	name := object.get(sysctl, "name", "")
	not allowed(name)
	field := sprintf("%s.securityContext.sysctls[%d].name", [workload.pod_spec_path(obj), i])
	finding := {
		"msg": sprintf("%s: sysctl %q (%s) is not in the safe set and would apply to every container of the pod; remove it, or tune it on the nodes and add it to allowed", [workload.describe(obj), name, field]),
		"details": {"field": field},
	}
}

# Undefined parameters (a Constraint without them in Gatekeeper) allow nothing.
allowed(name) if {
	name != ""
	name in input.parameters.allowed
}

allowed(name) if {
	name != ""
	some entry in input.parameters.allowed
	endswith(entry, "*")
	startswith(name, trim_suffix(entry, "*"))
}
