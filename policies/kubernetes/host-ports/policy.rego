# METADATA
# title: Containers bind no host ports, or only allowed ones
# description: >-
#   No container of any list binds a port of the node (ports[].hostPort),
#   unless the port is in allowedPorts. A host port ties the pod to the nodes
#   where that port is free, caps it at one replica per node and exposes it
#   beside every firewall rule meant for Services (Pod Security Standards,
#   baseline, Host Ports). With hostNetwork every containerPort is a host
#   port, so those count too. Fix: drop hostPort and reach the pod through a
#   Service, or list the port in allowedPorts.
# custom:
#   section: 三.容器安全 PodSecurityPolicy (E)
#   input: kubernetes
#   kinds: [workloads]
#   action: deny
#   parameters:
#     allowedPorts:
#       type: array
#       description: Host ports a container may bind (e.g. 9100 for a node exporter).
#       items:
#         type: integer
#         minimum: 1
#         maximum: 65535
#       default: []
package shipshape.kubernetes.host_ports

import data.lib.exemptions
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "host-ports", findings)

# A hostPort set to a port that is not allowed (without hostNetwork: with
# it, the next rule speaks, whether hostPort was written or defaulted).
findings contains finding if {
	obj := input.review.object
	not workload.pod_spec(obj).hostNetwork == true
	some c in workload.containers(obj)
	some i, port in object.get(c.container, "ports", [])
	host_port := object.get(port, "hostPort", 0)
	host_port != 0
	not allowed(host_port)
	field := sprintf("%s.ports[%d].hostPort", [c.path, i])
	finding := {
		"msg": sprintf("%s: %s binds host port %d (%s); remove hostPort and reach the pod through a Service, or add %d to allowedPorts", [workload.describe(obj), workload.container_label(c), host_port, field, host_port]),
		"details": {"field": field},
	}
}

# With hostNetwork every container port is the node's port: the API server
# defaults hostPort to containerPort in a Pod (and refuses any other
# hostPort), so the message is the same before and after it does.
findings contains finding if {
	obj := input.review.object
	workload.pod_spec(obj).hostNetwork == true
	some c in workload.containers(obj)
	some i, port in object.get(c.container, "ports", [])
	container_port := object.get(port, "containerPort", 0)
	container_port != 0
	not allowed(container_port)
	field := sprintf("%s.ports[%d].containerPort", [c.path, i])
	finding := {
		"msg": sprintf("%s: %s binds host port %d through hostNetwork (%s); turn off %s.hostNetwork and use a Service, or add %d to allowedPorts", [workload.describe(obj), workload.container_label(c), container_port, field, workload.pod_spec_path(obj), container_port]),
		"details": {"field": field},
	}
}

# Undefined parameters (a Constraint without them in Gatekeeper) allow nothing.
allowed(port) if port in input.parameters.allowedPorts
