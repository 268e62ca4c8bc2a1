package shipshape.kubernetes.namespace_labels_test

import data.shipshape.kubernetes.namespace_labels.violation

ns(labels) := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": labels}}

review(obj, keys) := {"review": {"object": obj}, "parameters": {"labels": keys}}

test_labelled_namespace_passes if {
	count(violation) == 0 with input as review(ns({"team": "storefront"}), ["team"])
}

test_missing_label_is_reported if {
	vs := violation with input as review(ns({"env": "prod"}), ["team"])
	count(vs) == 1
	some v in vs
	v.msg == "Namespace shop has no label team; add metadata.labels.team naming the business domain or team that owns it"
	v.details.field == "metadata.labels.team"
}

test_namespace_without_any_labels if {
	obj := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "bare"}}
	count(violation) == 2 with input as review(obj, ["team", "domain"])
}

test_empty_value_is_reported if {
	vs := violation with input as review(ns({"team": " "}), ["team"])
	count(vs) == 1
	some v in vs
	contains(v.msg, "label team with an empty value")
}

test_each_missing_label_once if {
	vs := violation with input as review(ns({"team": "a"}), ["team", "domain", "owner"])
	count(vs) == 2
	{v.details.field | some v in vs} == {"metadata.labels.domain", "metadata.labels.owner"}
}

test_no_labels_required if {
	count(violation) == 0 with input as review(ns({}), [])
}

test_other_kinds_ignored if {
	obj := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}
	count(violation) == 0 with input as review(obj, ["team"])
}

test_exemption_with_reason_silences if {
	obj := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "kube-system", "annotations": {"shipshape.dev/exempt.namespace-labels": "owned by the platform, created by the installer"}}}
	count(violation) == 0 with input as review(obj, ["team"])
}
