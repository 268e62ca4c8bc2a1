# METADATA
# title: Services and NetworkPolicies select pods that exist
# description: >-
#   A Service whose selector matches no pod has no endpoints: its clients
#   get connection refused, usually after a label was renamed in the pod
#   template but not in the Service. A NetworkPolicy whose podSelector
#   matches no pod protects nothing, silently: the pods it was written for
#   run unprotected (or, under a default deny, cut off). The check reads the
#   workloads of the namespace from data.inventory (sync every workload
#   kind) and compares the selector with their pod template labels.
#   Operators make pods the inventory cannot show (a database operator's
#   StatefulSet appears when its custom resource is reconciled): when the
#   namespace holds no workload at all, or holds custom resources, the check
#   cannot tell and says so at warn level. A Service without a selector
#   (endpoints kept by hand, ExternalName) and a NetworkPolicy that selects
#   every pod are not checked.
# custom:
#   section: 二.10 查错步骤 通过service方式访问是否正常 (F)
#   input: kubernetes
#   kinds: [Service, NetworkPolicy]
#   action: warn
#   sync:
#     - v1/Pod
#     - v1/ReplicationController
#     - apps/v1/Deployment
#     - apps/v1/StatefulSet
#     - apps/v1/DaemonSet
#     - apps/v1/ReplicaSet
#     - batch/v1/Job
#     - batch/v1/CronJob
package shipshape.kubernetes.selector_matches_pods

import data.lib.exemptions
import data.lib.inventory
import data.lib.network
import data.lib.selectors
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "selector-matches-pods", findings)

findings contains finding if {
	some s in selector
	ns := inventory.namespace_of(input.review.object)
	not matched(s, network.pod_labels(ns))
	count(network.pod_labels(ns)) > 0
	not network.custom_resources(ns)
	finding := {
		"msg": sprintf("%s selects %s, which matches no pod of the workloads in namespace %s; fix the selector or the pod template labels", [workload.describe(input.review.object), s.text, ns]),
		"details": {"field": s.field, "namespace": ns},
	}
}

findings contains finding if {
	some s in selector
	ns := inventory.namespace_of(input.review.object)
	not matched(s, network.pod_labels(ns))
	cannot_tell(ns)
	finding := inventory.not_found(workload.describe(input.review.object), sprintf("a pod that matches %s in namespace %s (it may be made by an operator)", [s.text, ns]), s.field)
}

default cannot_tell(_) := false

cannot_tell(ns) if count(network.pod_labels(ns)) == 0

cannot_tell(ns) if network.custom_resources(ns)

# selector is the selector of the object under review, with how messages
# show it: {"kind": "map" or "label", "value", "text", "field"}.
selector contains s if {
	obj := input.review.object
	obj.kind == "Service"
	object.get(obj.spec, "type", "ClusterIP") != "ExternalName"
	sel := object.get(obj.spec, "selector", {})
	count(sel) > 0
	s := {"kind": "map", "value": sel, "text": concat(",", sort([sprintf("%s=%s", [k, v]) | some k, v in sel])), "field": "spec.selector"}
}

selector contains s if {
	obj := input.review.object
	obj.kind == "NetworkPolicy"
	sel := object.get(obj.spec, "podSelector", {})
	not selectors.empty(sel)
	s := {"kind": "label", "value": sel, "text": json.marshal(sel), "field": "spec.podSelector"}
}

matched(s, all) if {
	s.kind == "map"
	some labels in all
	selectors.map_matches(s.value, labels)
}

matched(s, all) if {
	s.kind == "label"
	some labels in all
	selectors.matches(s.value, labels)
}
