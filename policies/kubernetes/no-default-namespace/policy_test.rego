package shipshape.kubernetes.no_default_namespace_test

import data.shipshape.kubernetes.no_default_namespace.violation

obj(kind, meta) := {"apiVersion": "v1", "kind": kind, "metadata": meta}

test_own_namespace_passes if {
	count(violation) == 0 with input as {"review": {"object": obj("ConfigMap", {"name": "c", "namespace": "shop"}), "namespace": "shop"}}
}

test_default_namespace_is_denied if {
	vs := violation with input as {"review": {"object": obj("Service", {"name": "web", "namespace": "default"})}}
	count(vs) == 1
	some v in vs
	v.msg == "Service web is in namespace default; set metadata.namespace to the namespace of its business domain (or apply it with -n <namespace>)"
	v.details.field == "metadata.namespace"
}

# The API server (and the offline evaluator) fill an empty namespace from the request.
test_no_namespace_in_a_default_request_is_denied if {
	vs := violation with input as {"review": {"object": obj("Deployment", {"name": "worker"}), "namespace": "default"}}
	count(vs) == 1
}

test_no_namespace_anywhere_passes if {
	count(violation) == 0 with input as {"review": {"object": obj("Role", {"name": "r"})}}
}

test_object_namespace_wins_over_request if {
	count(violation) == 0 with input as {"review": {"object": obj("Secret", {"name": "s", "namespace": "shop"}), "namespace": "default"}}
}

test_a_namespace_called_like_a_prefix_passes if {
	count(violation) == 0 with input as {"review": {"object": obj("Pod", {"name": "p", "namespace": "default-team"})}}
}

test_every_kind_in_default if {
	every kind in ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob", "Service", "ConfigMap", "Secret", "Ingress", "PersistentVolumeClaim", "ServiceAccount", "Role", "RoleBinding", "HorizontalPodAutoscaler", "NetworkPolicy", "PodDisruptionBudget"] {
		count(violation) == 1 with input as {"review": {"object": obj(kind, {"name": "x", "namespace": "default"})}}
	}
}

test_exemption_with_reason_silences if {
	o := obj("Service", {"name": "kubernetes", "namespace": "default", "annotations": {"shipshape.dev/exempt.no-default-namespace": "the API server's own Service"}})
	count(violation) == 0 with input as {"review": {"object": o}}
}

test_exemption_with_empty_reason_is_reported if {
	o := obj("Service", {"name": "web", "namespace": "default", "annotations": {"shipshape.dev/exempt.no-default-namespace": ""}})
	vs := violation with input as {"review": {"object": o}}
	count(vs) == 2
	some v in vs
	contains(v.msg, "has an empty reason")
}

# Offline, not told the target namespace: the object that names none is a
# warning (details.severity) that says how to tell shipshape, not a deny.
test_no_namespace_and_no_target_warns if {
	vs := violation with input as {"review": {"object": obj("Deployment", {"name": "worker", "namespace": "default"}), "namespace": "default", "namespaceAssumed": true}}
	count(vs) == 1
	some v in vs
	v.details.severity == "warn"
	startswith(v.msg, "Deployment worker names no namespace, so kubectl apply puts it in the namespace of -n, else of the current context, else default;")
	contains(v.msg, "--namespace")
}
