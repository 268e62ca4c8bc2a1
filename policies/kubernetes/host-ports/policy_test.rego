package shipshape.kubernetes.host_ports_test

import data.shipshape.kubernetes.host_ports.violation

spec(containers) := {"containers": containers}

deployment(pod_spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": pod_spec}}}

review(obj) := {"review": {"object": obj}, "parameters": {"allowedPorts": []}}

review_allowing(obj, ports) := {"review": {"object": obj}, "parameters": {"allowedPorts": ports}}

test_container_port_only_passes if {
	count(violation) == 0 with input as review(deployment(spec([{"name": "app", "ports": [{"containerPort": 8080}]}])))
}

test_host_port_zero_passes if {
	count(violation) == 0 with input as review(deployment(spec([{"name": "app", "ports": [{"containerPort": 8080, "hostPort": 0}]}])))
}

test_host_port_denied if {
	vs := violation with input as review(deployment(spec([{"name": "app", "ports": [{"containerPort": 8080, "hostPort": 80}]}])))
	count(vs) == 1
	some v in vs
	v.msg == "Deployment web: container app binds host port 80 (spec.template.spec.containers[0].ports[0].hostPort); remove hostPort and reach the pod through a Service, or add 80 to allowedPorts"
	v.details.field == "spec.template.spec.containers[0].ports[0].hostPort"
}

test_allowed_port_passes_others_do_not if {
	obj := deployment(spec([{"name": "exporter", "ports": [{"containerPort": 9100, "hostPort": 9100}, {"containerPort": 22, "hostPort": 22}]}]))
	vs := violation with input as review_allowing(obj, [9100])
	count(vs) == 1
	some v in vs
	contains(v.msg, "host port 22 (spec.template.spec.containers[0].ports[1].hostPort)")
}

test_without_parameters_nothing_is_allowed if {
	obj := deployment(spec([{"name": "app", "ports": [{"containerPort": 80, "hostPort": 80}]}]))
	count(violation) == 1 with input as {"review": {"object": obj}}
}

test_init_container_breaks_rule_main_fine if {
	obj := deployment({
		"initContainers": [{"name": "probe", "ports": [{"containerPort": 53, "hostPort": 53}]}],
		"containers": [{"name": "app", "ports": [{"containerPort": 8080}]}],
	})
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	startswith(v.msg, "Deployment web: init container probe binds host port 53 (spec.template.spec.initContainers[0].ports[0].hostPort)")
}

test_ephemeral_container_counts if {
	obj := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {
		"containers": [{"name": "app"}],
		"ephemeralContainers": [{"name": "debug", "ports": [{"containerPort": 2345, "hostPort": 2345}]}],
	}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	contains(v.msg, "ephemeral container debug binds host port 2345 (spec.ephemeralContainers[0].ports[0].hostPort)")
}

test_host_network_makes_container_ports_host_ports if {
	obj := deployment({"hostNetwork": true, "containers": [{"name": "app", "ports": [{"containerPort": 8080}, {"containerPort": 9100}]}]})
	vs := violation with input as review_allowing(obj, [9100])
	count(vs) == 1
	some v in vs
	v.msg == "Deployment web: container app binds host port 8080 through hostNetwork (spec.template.spec.containers[0].ports[0].containerPort); turn off spec.template.spec.hostNetwork and use a Service, or add 8080 to allowedPorts"
}

test_host_network_with_explicit_host_port_counts_once if {
	obj := deployment({"hostNetwork": true, "containers": [{"name": "app", "ports": [{"containerPort": 8080, "hostPort": 8080}]}]})
	count(violation) == 1 with input as review(obj)
}

# The API server writes hostPort: containerPort into a hostNetwork Pod
# before admission; the message must not change when it has.
test_host_network_message_same_before_and_after_defaulting if {
	written := deployment({"hostNetwork": true, "containers": [{"name": "app", "ports": [{"containerPort": 8080}]}]})
	defaulted := deployment({"hostNetwork": true, "containers": [{"name": "app", "ports": [{"containerPort": 8080, "hostPort": 8080}]}]})
	before := {v.msg | some v in violation} with input as review(written)
	after := {v.msg | some v in violation} with input as review(defaulted)
	count(before) == 1
	before == after
}

test_cronjob_nesting if {
	obj := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "nightly"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": spec([{"name": "run", "ports": [{"containerPort": 80, "hostPort": 8080}]}])}}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.jobTemplate.spec.template.spec.containers[0].ports[0].hostPort"
	startswith(v.msg, "CronJob nightly: container run binds host port 8080")
}

test_every_kind if {
	bad := spec([{"name": "a", "ports": [{"containerPort": 80, "hostPort": 80}]}])
	count(violation) == 1 with input as review({"kind": "Pod", "metadata": {"name": "p"}, "spec": bad})
	every kind in ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"] {
		count(violation) == 1 with input as review({"kind": kind, "metadata": {"name": "x"}, "spec": {"template": {"spec": bad}}})
	}
}

test_other_kinds_ignored if {
	count(violation) == 0 with input as review({"kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": [{"port": 80, "nodePort": 30080}]}})
}

test_exemption_with_reason if {
	obj := object.union(deployment(spec([{"name": "a", "ports": [{"containerPort": 80, "hostPort": 80}]}])), {"metadata": {"annotations": {"shipshape.dev/exempt.host-ports": "ingress controller on edge nodes (OPS-7)"}}})
	count(violation) == 0 with input as review(obj)
}

test_exemption_with_empty_reason_is_reported if {
	obj := object.union(deployment(spec([{"name": "a", "ports": [{"containerPort": 80, "hostPort": 80}]}])), {"metadata": {"annotations": {"shipshape.dev/exempt.host-ports": ""}}})
	vs := violation with input as review(obj)
	count(vs) == 2
	some v in vs
	contains(v.msg, "has an empty reason")
}
