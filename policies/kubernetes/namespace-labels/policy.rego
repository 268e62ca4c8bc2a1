# METADATA
# title: Namespaces name their business domain and owner
# description: >-
#   Every Namespace carries the labels that say which business domain or team
#   it belongs to (team by default), each with a non-empty value. Namespaces
#   separate business domains; the labels let quotas, cost reports, alerts and
#   namespaceSelectors find the owner. Add the labels under metadata.labels.
# custom:
#   section: 二.1 多集群与Namespace (B)
#   input: kubernetes
#   kinds: [Namespace]
#   action: warn
#   parameters:
#     labels:
#       type: array
#       description: Label keys every Namespace must carry with a non-empty value.
#       items:
#         type: string
#       default: [team]
package shipshape.kubernetes.namespace_labels

import data.lib.exemptions
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "namespace-labels", findings)

findings contains finding if {
	obj := input.review.object
	obj.kind == "Namespace"
	labels := object.get(obj, ["metadata", "labels"], {})
	some key in input.parameters.labels
	not labels[key]
	finding := {
		"msg": sprintf("%s has no label %s; add metadata.labels.%s naming the business domain or team that owns it", [workload.describe(obj), key, key]),
		"details": {"field": sprintf("metadata.labels.%s", [key])},
	}
}

findings contains finding if {
	obj := input.review.object
	obj.kind == "Namespace"
	labels := object.get(obj, ["metadata", "labels"], {})
	some key in input.parameters.labels
	trim_space(labels[key]) == ""
	finding := {
		"msg": sprintf("%s has label %s with an empty value; set it to the business domain or team that owns the namespace", [workload.describe(obj), key]),
		"details": {"field": sprintf("metadata.labels.%s", [key])},
	}
}
