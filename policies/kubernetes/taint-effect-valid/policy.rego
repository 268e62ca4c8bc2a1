# METADATA
# title: Taints and tolerations use valid effects and operators
# description: >-
#   Every toleration of a pod, and every taint of a Node, names an effect
#   Kubernetes knows: NoSchedule (no new pods without a toleration),
#   PreferNoSchedule (avoid the node if possible) or NoExecute (also evict
#   running pods without a toleration); a toleration may leave the effect
#   empty to tolerate all three. Toleration operators are Equal (the default)
#   or Exists; Exists takes no value, an empty key needs Exists, and
#   tolerationSeconds only applies to NoExecute. A misspelt effect (阿里云容器产品实践
#   itself writes NoEexcute) never matches the taint, so the pod is
#   not scheduled where it was meant to go, or is evicted; the message
#   suggests the effect that was probably meant.
# custom:
#   section: 二.13 taint的三种效果 (B)
#   input: kubernetes
#   kinds: [workloads, Node]
#   action: deny
package shipshape.kubernetes.taint_effect_valid

import data.lib.exemptions
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "taint-effect-valid", findings)

effects := {"NoSchedule", "PreferNoSchedule", "NoExecute"}

operators := {"Equal", "Exists"}

effect_list := "NoSchedule, PreferNoSchedule or NoExecute"

# tolerations are [path, toleration] of the pod spec.
tolerations(obj) := [[sprintf("%s.tolerations[%d]", [workload.pod_spec_path(obj), i]), t] |
	some i, t in object.get(workload.pod_spec(obj), "tolerations", [])
]

findings contains finding if {
	obj := input.review.object
	some [path, t] in tolerations(obj)
	effect := object.get(t, "effect", "")
	effect != ""
	not effect in effects
	finding := {
		"msg": sprintf("%s: toleration %s has effect %q, which Kubernetes does not know;%s use %s, or leave it empty to tolerate all three", [workload.describe(obj), label(t), effect, suggest(effect, effects, 4), effect_list]),
		"details": {"field": sprintf("%s.effect", [path])},
	}
}

findings contains finding if {
	obj := input.review.object
	some [path, t] in tolerations(obj)
	op := object.get(t, "operator", "")
	op != ""
	not op in operators
	finding := {
		"msg": sprintf("%s: toleration %s has operator %q;%s use Equal (with a value) or Exists (without one)", [workload.describe(obj), label(t), op, suggest(op, operators, 2)]),
		"details": {"field": sprintf("%s.operator", [path])},
	}
}

findings contains finding if {
	obj := input.review.object
	some [path, t] in tolerations(obj)
	t.operator == "Exists"
	object.get(t, "value", "") != ""
	finding := {
		"msg": sprintf("%s: toleration %s has operator Exists and value %q, which Kubernetes rejects; drop the value, or use operator Equal to match it", [workload.describe(obj), label(t), t.value]),
		"details": {"field": sprintf("%s.value", [path])},
	}
}

findings contains finding if {
	obj := input.review.object
	some [path, t] in tolerations(obj)
	object.get(t, "key", "") == ""
	not object.get(t, "operator", "") in {"Exists"}
	finding := {
		"msg": sprintf("%s: toleration %s has no key, which needs operator Exists (tolerating every taint); name the taint's key", [workload.describe(obj), label(t)]),
		"details": {"field": sprintf("%s.key", [path])},
	}
}

findings contains finding if {
	obj := input.review.object
	some [path, t] in tolerations(obj)
	t.tolerationSeconds != null
	object.get(t, "effect", "") in (effects - {"NoExecute"})
	finding := {
		"msg": sprintf("%s: toleration %s sets tolerationSeconds with effect %s; only NoExecute evicts, so use effect NoExecute or drop tolerationSeconds", [workload.describe(obj), label(t), t.effect]),
		"details": {"field": sprintf("%s.tolerationSeconds", [path])},
	}
}

findings contains finding if {
	obj := input.review.object
	obj.kind == "Node"
	some i, taint in object.get(obj, ["spec", "taints"], [])
	effect := object.get(taint, "effect", "")
	not effect in effects
	finding := {
		"msg": sprintf("%s: taint %s has effect %q, which Kubernetes does not know;%s use %s", [workload.describe(obj), label(taint), effect, suggest(effect, effects, 4), effect_list]),
		"details": {"field": sprintf("spec.taints[%d].effect", [i])},
	}
}

findings contains finding if {
	obj := input.review.object
	obj.kind == "Node"
	some i, taint in object.get(obj, ["spec", "taints"], [])
	object.get(taint, "key", "") == ""
	finding := {
		"msg": sprintf("%s: taint %d has no key; name it, e.g. dedicated=ingress:NoSchedule", [workload.describe(obj), i]),
		"details": {"field": sprintf("spec.taints[%d].key", [i])},
	}
}

# label shows a taint or toleration the way kubectl taint writes it.
label(t) := sprintf("%s=%s:%s", [object.get(t, "key", ""), object.get(t, "value", ""), object.get(t, "effect", "")])

# suggest names the valid word closest to a misspelt one, comparing the
# letters each contains (ignoring case and order, so transposed or doubled
# letters such as NoEexcute still point to NoExecute); "" when none is
# within max letters.
suggest(word, valid, max) := sprintf(" did you mean %q?", [best]) if {
	word != ""
	dists := {[d, v] | some v in valid; d := distance(word, v)}
	least := min({d | some [d, _] in dists})
	least <= max
	best := min({v | some [d, v] in dists; d == least})
} else := ""

letters(s) := {ch: n |
	chars := split(lower(s), "")
	some ch in chars
	n := count([x | some x in chars; x == ch])
}

distance(a, b) := sum([abs(object.get(la, ch, 0) - object.get(lb, ch, 0)) |
	la := letters(a)
	lb := letters(b)
	some ch in (object.keys(la) | object.keys(lb))
])
