package shipshape.kubernetes.taint_effect_valid_test

import data.shipshape.kubernetes.taint_effect_valid.suggest
import data.shipshape.kubernetes.taint_effect_valid.violation

deployment(tolerations) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "ingress"}, "spec": {"template": {"spec": {"tolerations": tolerations, "containers": []}}}}

node(taints) := {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n1"}, "spec": {"taints": taints}}

review(obj) := {"review": {"object": obj}}

test_valid_tolerations_pass if {
	ts := [
		{"key": "Ingress", "operator": "Exists", "effect": "NoExecute"},
		{"key": "dedicated", "operator": "Equal", "value": "db", "effect": "NoSchedule"},
		{"key": "spot", "value": "true", "effect": "PreferNoSchedule"},
		{"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 60},
		{"key": "any-effect", "operator": "Exists"},
		{"operator": "Exists"},
	]
	count(violation) == 0 with input as review(deployment(ts))
}

test_seed_misspelling_suggests_no_execute if {
	vs := violation with input as review(deployment([{"key": "Ingress", "operator": "Exists", "effect": "NoEexcute"}]))
	count(vs) == 1
	some v in vs
	v.msg == `Deployment ingress: toleration Ingress=:NoEexcute has effect "NoEexcute", which Kubernetes does not know; did you mean "NoExecute"? use NoSchedule, PreferNoSchedule or NoExecute, or leave it empty to tolerate all three`
	v.details.field == "spec.template.spec.tolerations[0].effect"
}

test_suggestions if {
	suggest("Noschedule", {"NoSchedule", "PreferNoSchedule", "NoExecute"}, 4) == ` did you mean "NoSchedule"?`
	suggest("noexecute", {"NoSchedule", "PreferNoSchedule", "NoExecute"}, 4) == ` did you mean "NoExecute"?`
	suggest("PreferNoSchedul", {"NoSchedule", "PreferNoSchedule", "NoExecute"}, 4) == ` did you mean "PreferNoSchedule"?`
	suggest("NoExecut", {"NoSchedule", "PreferNoSchedule", "NoExecute"}, 4) == ` did you mean "NoExecute"?`
	suggest("Evict", {"NoSchedule", "PreferNoSchedule", "NoExecute"}, 4) == ""
	suggest("exists", {"Equal", "Exists"}, 2) == ` did you mean "Exists"?`
	suggest("Equals", {"Equal", "Exists"}, 2) == ` did you mean "Equal"?`
	suggest("In", {"Equal", "Exists"}, 2) == ""
}

test_unknown_effect_without_suggestion if {
	vs := violation with input as review(deployment([{"key": "k", "operator": "Exists", "effect": "Evict"}]))
	count(vs) == 1
	some v in vs
	contains(v.msg, `has effect "Evict", which Kubernetes does not know; use NoSchedule`)
}

test_bad_operator if {
	vs := violation with input as review(deployment([{"key": "k", "operator": "exists", "effect": "NoSchedule"}]))
	count(vs) == 1
	some v in vs
	v.msg == `Deployment ingress: toleration k=:NoSchedule has operator "exists"; did you mean "Exists"? use Equal (with a value) or Exists (without one)`
	v.details.field == "spec.template.spec.tolerations[0].operator"
}

test_exists_with_value if {
	vs := violation with input as review(deployment([{"key": "k", "operator": "Exists", "value": "v"}]))
	count(vs) == 1
	some v in vs
	v.details.field == "spec.template.spec.tolerations[0].value"
}

test_empty_key_needs_exists if {
	vs := violation with input as review(deployment([{"operator": "Equal", "value": "v", "effect": "NoSchedule"}, {"value": "w"}]))
	count(vs) == 2
	{v.details.field | some v in vs} == {"spec.template.spec.tolerations[0].key", "spec.template.spec.tolerations[1].key"}
}

test_toleration_seconds_needs_no_execute if {
	vs := violation with input as review(deployment([{"key": "k", "operator": "Exists", "effect": "NoSchedule", "tolerationSeconds": 30}]))
	count(vs) == 1
	some v in vs
	v.details.field == "spec.template.spec.tolerations[0].tolerationSeconds"
}

test_node_taints if {
	count(violation) == 0 with input as review(node([{"key": "Ingress", "effect": "NoExecute"}, {"key": "dedicated", "value": "db", "effect": "NoSchedule"}]))
	vs := violation with input as review(node([{"key": "Ingress", "value": "", "effect": "NoEexcute"}, {"key": "spot", "effect": "PreferNoSchedule"}]))
	count(vs) == 1
	some v in vs
	v.msg == `Node n1: taint Ingress=:NoEexcute has effect "NoEexcute", which Kubernetes does not know; did you mean "NoExecute"? use NoSchedule, PreferNoSchedule or NoExecute`
	v.details.field == "spec.taints[0].effect"
}

test_node_taint_without_effect_or_key if {
	vs := violation with input as review(node([{"key": "a"}, {"effect": "NoSchedule"}]))
	count(vs) == 2
	{v.details.field | some v in vs} == {"spec.taints[0].effect", "spec.taints[1].key"}
}

test_node_without_taints_passes if {
	count(violation) == 0 with input as review({"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n"}, "spec": {}})
}

test_every_workload_kind_and_cronjob_nesting if {
	bad := [{"key": "k", "operator": "Exists", "effect": "Noschedule"}]
	count(violation) == 1 with input as review({"kind": "Pod", "metadata": {"name": "p"}, "spec": {"tolerations": bad}})
	every kind in ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"] {
		count(violation) == 1 with input as review({"kind": kind, "metadata": {"name": "w"}, "spec": {"template": {"spec": {"tolerations": bad}}}})
	}
	vs := violation with input as review({"kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"tolerations": bad}}}}}})
	some v in vs
	v.details.field == "spec.jobTemplate.spec.template.spec.tolerations[0].effect"
}

test_exemption_with_reason_silences if {
	obj := object.union(deployment([{"key": "k", "operator": "Exists", "effect": "Evict"}]), {"metadata": {"annotations": {"shipshape.dev/exempt.taint-effect-valid": "custom scheduler reads this"}}})
	count(violation) == 0 with input as review(obj)
}
