# METADATA
# title: Business workloads stay off the control plane
# description: >-
#   Outside the system namespaces, pods neither tolerate the control-plane
#   taints (node-role.kubernetes.io/control-plane and the older
#   node-role.kubernetes.io/master), nor tolerate every taint with a key-less
#   Exists toleration, nor pin themselves to control-plane nodes through
#   nodeSelector or required node affinity on those labels. Masters run the
#   API server, etcd and the scheduler; a business pod there competes with
#   them and a runaway one takes the cluster down. Remove the toleration or
#   the node selection; tolerate only the taints you name. A node agent (a
#   DaemonSet: node-exporter, fluent-bit, CNI and CSI node plugins) is no
#   business pod: it serves every node, masters included, so with
#   allowNodeAgents its control-plane and key-less Exists tolerations are
#   not findings; pinning it to the masters still is.
# custom:
#   section: 二.6 Master控制 (B)
#   input: kubernetes
#   kinds: [workloads]
#   action: deny
#   parameters:
#     exemptNamespaces:
#       type: array
#       description: System namespaces whose pods may run on control-plane nodes.
#       items:
#         type: string
#       default: [kube-system]
#     allowNodeAgents:
#       type: boolean
#       description: >-
#         DaemonSets (node agents, which must run on every node) may tolerate
#         the control-plane taints and every taint; they still may not select
#         control-plane nodes.
#       default: true
package shipshape.kubernetes.no_control_plane_scheduling

import data.lib.exemptions
import data.lib.nodeagent
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "no-control-plane-scheduling", findings)

control_plane_keys := {"node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master"}

applies(obj) := spec if {
	not workload.namespace(input.review) in input.parameters.exemptNamespaces
	spec := workload.pod_spec(obj)
}

# tolerations_judged holds unless the object is a node agent that may
# tolerate every node's taints.
default tolerations_judged(_) := true

tolerations_judged(obj) := false if {
	input.parameters.allowNodeAgents == true
	nodeagent.is_agent(obj)
}

findings contains finding if {
	obj := input.review.object
	spec := applies(obj)
	tolerations_judged(obj)
	some i, t in object.get(spec, "tolerations", [])
	t.key in control_plane_keys
	finding := {
		"msg": sprintf("%s tolerates the control-plane taint %s, so its pods may run on masters; remove this toleration", [workload.describe(obj), t.key]),
		"details": {"field": sprintf("%s.tolerations[%d]", [workload.pod_spec_path(obj), i])},
	}
}

findings contains finding if {
	obj := input.review.object
	spec := applies(obj)
	tolerations_judged(obj)
	some i, t in object.get(spec, "tolerations", [])
	object.get(t, "key", "") == ""
	t.operator == "Exists"
	finding := {
		"msg": sprintf("%s tolerates every taint (operator Exists without a key), the control-plane taints included; name the key of each taint it must tolerate", [workload.describe(obj)]),
		"details": {"field": sprintf("%s.tolerations[%d]", [workload.pod_spec_path(obj), i])},
	}
}

findings contains finding if {
	obj := input.review.object
	spec := applies(obj)
	some key, _ in object.get(spec, "nodeSelector", {})
	key in control_plane_keys
	finding := {
		"msg": sprintf("%s selects control-plane nodes with nodeSelector %s; select worker nodes instead", [workload.describe(obj), key]),
		"details": {"field": sprintf("%s.nodeSelector[%q]", [workload.pod_spec_path(obj), key])},
	}
}

findings contains finding if {
	obj := input.review.object
	spec := applies(obj)
	terms := spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms
	some i, term in terms
	some j, expr in object.get(term, "matchExpressions", [])
	expr.key in control_plane_keys
	expr.operator in {"In", "Exists"}
	finding := {
		"msg": sprintf("%s requires nodes labelled %s (node affinity %s), which pins it to control-plane nodes; select worker nodes instead", [workload.describe(obj), expr.key, expr.operator]),
		"details": {"field": sprintf("%s.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[%d].matchExpressions[%d]", [workload.pod_spec_path(obj), i, j])},
	}
}
