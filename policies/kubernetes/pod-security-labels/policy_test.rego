package shipshape.kubernetes.pod_security_labels_test

import data.shipshape.kubernetes.pod_security_labels.violation

ns(labels) := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": labels}}

review(obj, min) := {"review": {"object": obj}, "parameters": {"minLevel": min}}

enforce(level) := {"pod-security.kubernetes.io/enforce": level}

test_levels_at_or_above_min_pass if {
	count(violation) == 0 with input as review(ns(enforce("baseline")), "baseline")
	count(violation) == 0 with input as review(ns(enforce("restricted")), "baseline")
	count(violation) == 0 with input as review(ns(enforce("restricted")), "restricted")
	count(violation) == 0 with input as review(ns(enforce("privileged")), "privileged")
}

test_missing_label_denied if {
	vs := violation with input as review({"kind": "Namespace", "metadata": {"name": "shop"}}, "baseline")
	count(vs) == 1
	some v in vs
	v.msg == "Namespace shop has no pod-security.kubernetes.io/enforce label, so Pod Security Admission enforces nothing in it; set the label to baseline or restricted"
	v.details.field == "metadata.labels.pod-security.kubernetes.io/enforce"
}

test_missing_label_denied_even_at_privileged_min if {
	count(violation) == 1 with input as review(ns({"team": "shop"}), "privileged")
}

test_audit_and_warn_labels_do_not_enforce if {
	labels := {"pod-security.kubernetes.io/audit": "restricted", "pod-security.kubernetes.io/warn": "restricted"}
	count(violation) == 1 with input as review(ns(labels), "baseline")
}

test_weaker_level_denied if {
	vs := violation with input as review(ns(enforce("privileged")), "baseline")
	count(vs) == 1
	some v in vs
	v.msg == "Namespace shop enforces Pod Security level privileged, less strict than baseline; set pod-security.kubernetes.io/enforce to baseline or restricted"
}

test_baseline_denied_when_restricted_required if {
	vs := violation with input as review(ns(enforce("baseline")), "restricted")
	count(vs) == 1
	some v in vs
	contains(v.msg, "less strict than restricted; set pod-security.kubernetes.io/enforce to restricted")
}

test_unknown_level_denied if {
	vs := violation with input as review(ns(enforce("Restricted")), "baseline")
	count(vs) == 1
	some v in vs
	contains(v.msg, `pod-security.kubernetes.io/enforce="Restricted", which is not a Pod Security level; use one of baseline, restricted`)
}

test_min_level_defaults_to_baseline_without_parameters if {
	count(violation) == 1 with input as {"review": {"object": ns(enforce("privileged"))}, "parameters": {}}
	count(violation) == 0 with input as {"review": {"object": ns(enforce("baseline"))}, "parameters": {}}
}

test_other_kinds_ignored if {
	count(violation) == 0 with input as review({"kind": "Pod", "metadata": {"name": "p"}, "spec": {}}, "baseline")
}

test_exemption_with_reason_silences if {
	obj := {"kind": "Namespace", "metadata": {"name": "kube-system", "labels": enforce("privileged"), "annotations": {"shipshape.dev/exempt.pod-security-labels": "control-plane add-ons need host access"}}}
	count(violation) == 0 with input as review(obj, "baseline")
}

test_exemption_with_empty_reason_is_reported if {
	obj := {"kind": "Namespace", "metadata": {"name": "kube-system", "annotations": {"shipshape.dev/exempt.pod-security-labels": ""}}}
	vs := violation with input as review(obj, "baseline")
	count(vs) == 2
}
