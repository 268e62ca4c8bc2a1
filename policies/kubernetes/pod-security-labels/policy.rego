# METADATA
# title: Namespaces enforce a Pod Security Standard
# description: >-
#   Every Namespace carries the label pod-security.kubernetes.io/enforce with
#   a level at least as strict as minLevel (privileged < baseline <
#   restricted). Pod Security Admission, the successor of the
#   PodSecurityPolicy that 阿里云容器产品实践 names (section 三, 容器安全),
#   then rejects pods that break the level in that namespace, whatever else
#   is installed. A namespace without the
#   label enforces nothing. Label the namespace, e.g.
#   `kubectl label ns shop pod-security.kubernetes.io/enforce=baseline`; a
#   system namespace that must stay privileged carries an exemption.
# custom:
#   section: 三.1 容器安全 (D)
#   input: kubernetes
#   kinds: [Namespace]
#   action: warn
#   parameters:
#     minLevel:
#       type: string
#       description: The least strict level a namespace may enforce.
#       enum: [privileged, baseline, restricted]
#       default: baseline
package shipshape.kubernetes.pod_security_labels

import data.lib.exemptions

violation contains v if some v in exemptions.enforce(input.review.object, "pod-security-labels", findings)

label := "pod-security.kubernetes.io/enforce"

field := sprintf("metadata.labels.%s", [label])

rank := {"privileged": 0, "baseline": 1, "restricted": 2}

# A Constraint written without parameters still gets the schema default.
default min_level := "baseline"

min_level := input.parameters.minLevel

labels(obj) := object.get(object.get(obj, "metadata", {}), "labels", {})

name(obj) := object.get(object.get(obj, "metadata", {}), "name", "<unnamed>")

stricter_or_equal(level) := [l |
	some l in ["privileged", "baseline", "restricted"]
	rank[l] >= rank[level]
]

findings contains finding if {
	obj := input.review.object
	obj.kind == "Namespace"
	not labels(obj)[label]
	finding := {
		"msg": sprintf("Namespace %s has no %s label, so Pod Security Admission enforces nothing in it; set the label to %s", [name(obj), label, concat(" or ", stricter_or_equal(min_level))]),
		"details": {"field": field},
	}
}

findings contains finding if {
	obj := input.review.object
	obj.kind == "Namespace"
	level := labels(obj)[label]
	not level in object.keys(rank)
	finding := {
		"msg": sprintf("Namespace %s has %s=%q, which is not a Pod Security level; use one of %s", [name(obj), label, level, concat(", ", stricter_or_equal(min_level))]),
		"details": {"field": field},
	}
}

findings contains finding if {
	obj := input.review.object
	obj.kind == "Namespace"
	level := labels(obj)[label]
	rank[level] < rank[min_level]
	finding := {
		"msg": sprintf("Namespace %s enforces Pod Security level %s, less strict than %s; set %s to %s", [name(obj), level, min_level, label, concat(" or ", stricter_or_equal(min_level))]),
		"details": {"field": field},
	}
}
