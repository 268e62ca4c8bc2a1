package shipshape.kubernetes.allowed_registries_test

import data.shipshape.kubernetes.allowed_registries.violation

allowed := ["registry.example.com", "host:5000", "mirror.example.com/shop"]

pod(containers) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": containers}}

review(obj, registries) := {"review": {"object": obj}, "parameters": {"registries": registries}}

violations_for(image) := vs if {
	vs := violation with input as review(pod([{"name": "a", "image": image}]), allowed)
}

test_off_when_no_registries if {
	count(violation) == 0 with input as review(pod([{"name": "a", "image": "nginx:1.27"}]), [])
}

test_allowed_registry_passes if {
	count(violations_for("registry.example.com/shop/web:2.4.1")) == 0
}

test_bare_name_is_docker_io if {
	vs := violations_for("nginx:1.27")
	count(vs) == 1
	some v in vs
	v.msg == `Pod p: container a uses image "nginx:1.27" from registry docker.io, which is not allowed; push the image to one of registry.example.com, host:5000, mirror.example.com/shop and use it from there`
	v.details.field == "spec.containers[0].image"
}

test_docker_io_can_be_allowed if {
	count(violation) == 0 with input as review(pod([{"name": "a", "image": "library/nginx"}]), ["docker.io"])
}

test_registry_port_is_part_of_the_host if {
	count(violations_for("host:5000/app")) == 0
	count(violations_for("host:5000/app:1.0@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")) == 0

	# not a digest (sha256 has 64 hex digits): no runtime pulls it
	count(violations_for("host:5000/app:1.0@sha256:abc")) == 1
	count(violations_for("host:5001/app:1.0")) == 1
	count(violations_for("host/app:1.0")) == 1
}

test_lookalike_host_is_not_allowed if {
	count(violations_for("registry.example.com.evil.io/shop/web:1")) == 1
	count(violations_for("evil.io/registry.example.com/web:1")) == 1
}

test_path_prefix_entries if {
	count(violations_for("mirror.example.com/shop/web:1")) == 0
	count(violations_for("mirror.example.com/shopping/web:1")) == 1
	count(violations_for("mirror.example.com/other/web:1")) == 1
}

test_trailing_slash_in_entry if {
	count(violation) == 0 with input as review(pod([{"name": "a", "image": "registry.example.com/web:1"}]), ["registry.example.com/"])
}

test_digest_and_tag_together if {
	count(violations_for("registry.example.com/web:1@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")) == 0
	count(violations_for("quay.io/web:1@sha256:abc")) == 1
}

test_init_container_breaks_rule_while_main_is_fine if {
	obj := {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"}, "spec": {"template": {"spec": {
		"initContainers": [{"name": "init", "image": "busybox:1.36"}],
		"containers": [{"name": "main", "image": "registry.example.com/db:1"}],
	}}}}
	vs := violation with input as review(obj, allowed)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.template.spec.initContainers[0].image"
	contains(v.msg, "StatefulSet db: init container init uses image")
}

test_cronjob_nesting_and_ephemeral if {
	obj := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {
		"containers": [{"name": "main", "image": "ghcr.io/x/app:1"}],
		"ephemeralContainers": [{"name": "debug", "image": "nicolaka/netshoot"}],
	}}}}}}
	vs := violation with input as review(obj, allowed)
	{v.details.field | some v in vs} == {"spec.jobTemplate.spec.template.spec.containers[0].image", "spec.jobTemplate.spec.template.spec.ephemeralContainers[0].image"}
}

test_every_workload_kind if {
	spec := {"containers": [{"name": "a", "image": "quay.io/a:1"}]}
	every kind in ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"] {
		count(violation) == 1 with input as review({"kind": kind, "metadata": {"name": "w"}, "spec": {"template": {"spec": spec}}}, allowed)
	}
}

test_exemption_with_reason_silences if {
	obj := object.union(pod([{"name": "a", "image": "quay.io/vendor/agent:3"}]), {"metadata": {"annotations": {"shipshape.dev/exempt.allowed-registries": "vendor agent, not mirrored yet (OPS-77)"}}})
	count(violation) == 0 with input as review(obj, allowed)
}
