# METADATA
# title: Label selector helpers
# description: >-
#   Label selectors as the API server reads them: a LabelSelector
#   (matchLabels and matchExpressions, as in a NetworkPolicy's podSelector or
#   a ClusterRole's aggregationRule) and a Service's plain map selector.
package lib.selectors

# A helper that holds or not defaults to false: OPA caches a function's
# value but not its undefinedness.
default matches(_, _) := false

# matches holds when the labels satisfy the LabelSelector: every matchLabels
# pair and every matchExpressions requirement (In, NotIn, Exists,
# DoesNotExist). An empty selector matches every object.
matches(selector, labels) if {
	every key, value in object.get(selector, "matchLabels", {}) {
		labels[key] == value
	}
	every req in object.get(selector, "matchExpressions", []) {
		requirement(req, labels)
	}
}

requirement(req, labels) if {
	req.operator == "In"
	labels[req.key] in object.get(req, "values", [])
}

requirement(req, labels) if {
	req.operator == "NotIn"
	not has_value_in(labels, req.key, object.get(req, "values", []))
}

default has_value_in(_, _, _) := false

has_value_in(labels, key, values) if labels[key] in values

requirement(req, labels) if {
	req.operator == "Exists"
	labels[req.key]
}

requirement(req, labels) if {
	req.operator == "DoesNotExist"
	not labels[req.key]
}

default empty(_) := false

# empty holds for a LabelSelector that selects everything.
empty(selector) if {
	count(object.get(selector, "matchLabels", {})) == 0
	count(object.get(selector, "matchExpressions", [])) == 0
}

default map_matches(_, _) := false

# map_matches holds when labels carry every pair of a Service's selector; a
# Service with no selector selects no pods (its endpoints are managed by
# hand), so an empty map matches nothing.
map_matches(selector, labels) if {
	count(selector) > 0
	every key, value in selector {
		labels[key] == value
	}
}
