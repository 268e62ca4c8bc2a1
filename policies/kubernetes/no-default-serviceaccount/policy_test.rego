package shipshape.kubernetes.no_default_serviceaccount_test

import data.shipshape.kubernetes.no_default_serviceaccount.violation

deployment(spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"template": {"spec": object.union({"containers": [{"name": "a"}]}, spec)}}}

review(obj) := {"review": {"object": obj}, "parameters": {}}

msg := "Deployment web runs as the namespace's default ServiceAccount, shared by every Pod that names none; create a ServiceAccount for it and set spec.template.spec.serviceAccountName"

test_unset_and_explicit_default if {
	every spec in [{}, {"serviceAccountName": "default"}, {"serviceAccountName": ""}, {"serviceAccount": "default"}] {
		vs := violation with input as review(deployment(spec))
		[v.msg | some v in vs] == [msg]
	}
}

test_own_service_account_passes if {
	count(violation) == 0 with input as review(deployment({"serviceAccountName": "web"}))
	count(violation) == 0 with input as review(deployment({"serviceAccount": "web"}))
}

test_cronjob_path if {
	cj := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "nightly"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "a"}]}}}}}}
	vs := violation with input as review(cj)
	[v.details.field | some v in vs] == ["spec.jobTemplate.spec.template.spec.serviceAccountName"]
}

test_controlled_pod_left_to_owner if {
	pod := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-1", "ownerReferences": [{"kind": "ReplicaSet", "name": "web", "controller": true}]}, "spec": {"containers": [{"name": "a"}]}}
	count(violation) == 0 with input as review(pod)
}
