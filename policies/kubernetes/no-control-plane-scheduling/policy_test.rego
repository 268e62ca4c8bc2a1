package shipshape.kubernetes.no_control_plane_scheduling_test

import data.shipshape.kubernetes.no_control_plane_scheduling.violation

params := {"exemptNamespaces": ["kube-system"]}

deployment(ns, spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": ns}, "spec": {"template": {"spec": object.union({"containers": [{"name": "a", "image": "a:1"}]}, spec)}}}

review(obj) := {"review": {"object": obj}, "parameters": params}

test_plain_workload_passes if {
	count(violation) == 0 with input as review(deployment("shop", {}))
}

test_other_tolerations_pass if {
	spec := {"tolerations": [
		{"key": "Ingress", "operator": "Exists", "effect": "NoExecute"},
		{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
	]}
	count(violation) == 0 with input as review(deployment("shop", spec))
}

test_control_plane_toleration_is_denied if {
	spec := {"tolerations": [{"key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"}]}
	vs := violation with input as review(deployment("shop", spec))
	count(vs) == 1
	some v in vs
	v.msg == "Deployment web tolerates the control-plane taint node-role.kubernetes.io/control-plane, so its pods may run on masters; remove this toleration"
	v.details.field == "spec.template.spec.tolerations[0]"
}

test_legacy_master_toleration_is_denied if {
	spec := {"tolerations": [{"key": "node-role.kubernetes.io/master", "operator": "Equal", "value": "", "effect": "NoSchedule"}]}
	count(violation) == 1 with input as review(deployment("shop", spec))
}

test_keyless_exists_is_denied if {
	spec := {"tolerations": [{"operator": "Exists"}]}
	vs := violation with input as review(deployment("shop", spec))
	count(vs) == 1
	some v in vs
	contains(v.msg, "tolerates every taint (operator Exists without a key)")
}

test_empty_key_exists_with_effect_is_denied if {
	spec := {"tolerations": [{"key": "", "operator": "Exists", "effect": "NoSchedule"}]}
	count(violation) == 1 with input as review(deployment("shop", spec))
}

test_keyless_equal_is_not_a_wildcard if {
	# Kubernetes rejects an empty key with Equal; taint-effect-valid's business, not this one's.
	spec := {"tolerations": [{"operator": "Equal", "value": "x"}]}
	count(violation) == 0 with input as review(deployment("shop", spec))
}

test_node_selector_pins_to_masters if {
	spec := {"nodeSelector": {"node-role.kubernetes.io/control-plane": ""}}
	vs := violation with input as review(deployment("shop", spec))
	count(vs) == 1
	some v in vs
	v.details.field == `spec.template.spec.nodeSelector["node-role.kubernetes.io/control-plane"]`
}

test_required_affinity_pins_to_masters if {
	spec := {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
		{"matchExpressions": [{"key": "kubernetes.io/os", "operator": "In", "values": ["linux"]}]},
		{"matchExpressions": [{"key": "node-role.kubernetes.io/master", "operator": "Exists"}]},
	]}}}}
	vs := violation with input as review(deployment("shop", spec))
	count(vs) == 1
	some v in vs
	v.details.field == "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[1].matchExpressions[0]"
}

test_affinity_away_from_masters_passes if {
	spec := {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "node-role.kubernetes.io/control-plane", "operator": "DoesNotExist"}]}]}}}}
	count(violation) == 0 with input as review(deployment("shop", spec))
}

test_system_namespace_is_exempt if {
	spec := {"tolerations": [{"operator": "Exists"}], "nodeSelector": {"node-role.kubernetes.io/control-plane": ""}}
	count(violation) == 0 with input as review(deployment("kube-system", spec))
	count(violation) == 2 with input as review(deployment("monitoring", spec))
}

test_parameters_choose_system_namespaces if {
	spec := {"tolerations": [{"operator": "Exists"}]}
	count(violation) == 0 with input as {"review": {"object": deployment("monitoring", spec)}, "parameters": {"exemptNamespaces": ["kube-system", "monitoring"]}}
}

test_namespace_from_the_request if {
	obj := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"tolerations": [{"operator": "Exists"}], "containers": []}}
	count(violation) == 0 with input as {"review": {"object": obj, "namespace": "kube-system"}, "parameters": params}
	count(violation) == 1 with input as {"review": {"object": obj, "namespace": "default"}, "parameters": params}
}

test_cronjob_nesting if {
	obj := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c", "namespace": "ops"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {
		"tolerations": [{"key": "node-role.kubernetes.io/control-plane", "operator": "Exists"}],
		"containers": [],
	}}}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.jobTemplate.spec.template.spec.tolerations[0]"
}

test_exemption_with_reason_silences if {
	obj := object.union(deployment("monitoring", {"tolerations": [{"operator": "Exists"}]}), {"metadata": {"annotations": {"shipshape.dev/exempt.no-control-plane-scheduling": "node exporter must run on every node"}}})
	count(violation) == 0 with input as review(obj)
}

daemonset(spec) := {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "node-exporter", "namespace": "monitoring"}, "spec": {"template": {"spec": object.union({"containers": [{"name": "a", "image": "a:1"}]}, spec)}}}

agents(allow) := object.union(params, {"allowNodeAgents": allow})

test_node_agent_may_tolerate_every_node if {
	spec := {"tolerations": [{"operator": "Exists"}, {"key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"}]}
	count(violation) == 0 with input as {"review": {"object": daemonset(spec)}, "parameters": agents(true)}
	count(violation) == 2 with input as {"review": {"object": daemonset(spec)}, "parameters": agents(false)}
	count(violation) == 2 with input as {"review": {"object": deployment("shop", spec)}, "parameters": agents(true)}
}

test_node_agent_still_may_not_pin_to_masters if {
	spec := {"nodeSelector": {"node-role.kubernetes.io/master": ""}, "tolerations": [{"operator": "Exists"}]}
	vs := violation with input as {"review": {"object": daemonset(spec)}, "parameters": agents(true)}
	count(vs) == 1
	some v in vs
	v.msg == "DaemonSet node-exporter selects control-plane nodes with nodeSelector node-role.kubernetes.io/master; select worker nodes instead"
}
