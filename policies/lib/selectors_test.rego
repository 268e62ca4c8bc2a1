package lib.selectors_test

import data.lib.selectors

test_label_selector if {
	labels := {"app": "web", "tier": "front"}
	selectors.matches({}, labels)
	selectors.matches({"matchLabels": {"app": "web"}}, labels)
	not selectors.matches({"matchLabels": {"app": "db"}}, labels)
	selectors.matches({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["front", "edge"]}]}, labels)
	not selectors.matches({"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["front"]}]}, labels)
	selectors.matches({"matchExpressions": [{"key": "zone", "operator": "NotIn", "values": ["a"]}]}, labels)
	selectors.matches({"matchExpressions": [{"key": "app", "operator": "Exists"}]}, labels)
	not selectors.matches({"matchExpressions": [{"key": "app", "operator": "DoesNotExist"}]}, labels)
	not selectors.matches({"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "x", "operator": "Exists"}]}, labels)
}

test_empty if {
	selectors.empty({})
	selectors.empty({"matchLabels": {}})
	not selectors.empty({"matchLabels": {"a": "b"}})
}

test_map_selector if {
	selectors.map_matches({"app": "web"}, {"app": "web", "x": "y"})
	not selectors.map_matches({"app": "web", "x": "z"}, {"app": "web", "x": "y"})
	not selectors.map_matches({}, {"app": "web"})
}
