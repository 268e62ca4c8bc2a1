# METADATA
# title: Pods do not share the host's PID, IPC or network namespace
# description: >-
#   A pod spec sets neither hostPID nor hostIPC, and (unless the
#   denyHostNetwork parameter is false) not hostNetwork either. A pod in the
#   host's PID namespace sees and can signal every process of the node; in its
#   IPC namespace it reads other processes' shared memory; in its network
#   namespace it binds node ports and sniffs node traffic. Remove the field or
#   set it to false; a node agent that truly needs one carries an exemption.
# custom:
#   section: 三.1 容器安全 (D)
#   input: kubernetes
#   kinds: [workloads]
#   action: deny
#   parameters:
#     denyHostNetwork:
#       type: boolean
#       description: Also forbid hostNetwork (the Pod Security Standards' baseline does).
#       default: true
package shipshape.kubernetes.no_host_namespaces

import data.lib.exemptions
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "no-host-namespaces", findings)

namespaces := {
	"hostPID": "the node's processes",
	"hostIPC": "the node's shared memory",
	"hostNetwork": "the node's network interfaces",
}

denied_fields contains "hostPID"

denied_fields contains "hostIPC"

# hostNetwork is denied unless the Constraint says false, so a Constraint
# written without parameters keeps the schema default.
denied_fields contains "hostNetwork" if not host_network_allowed

host_network_allowed if input.parameters.denyHostNetwork == false

findings contains finding if {
	obj := input.review.object
	spec := workload.pod_spec(obj)
	some field in denied_fields
	spec[field] == true
	finding := {
		"msg": sprintf("%s: pod spec sets %s: true, which exposes %s to every container; remove %s (or set it to false)", [workload.describe(obj), field, namespaces[field], field]),
		"details": {"field": sprintf("%s.%s", [workload.pod_spec_path(obj), field])},
	}
}
