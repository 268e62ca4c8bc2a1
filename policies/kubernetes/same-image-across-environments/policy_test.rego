package shipshape.kubernetes.same_image_across_environments_test

import data.shipshape.kubernetes.same_image_across_environments.violation

labels(version) := {"app.kubernetes.io/name": "web", "app.kubernetes.io/version": version}

deployment(name, ns, version, image) := {
	"apiVersion": "apps/v1", "kind": "Deployment",
	"metadata": {"name": name, "namespace": ns, "labels": labels(version)},
	"spec": {"template": {"spec": {"initContainers": [{"name": "migrate", "image": "registry.example.com/web-migrate:1.0.0"}], "containers": [{"name": "app", "image": image}]}}},
}

inv(objs) := {"cluster": {}, "namespace": {ns: {"apps/v1": {"Deployment": {o.metadata.name: o |
	some o in objs
	o.metadata.namespace == ns
}}} |
	some x in objs
	ns := x.metadata.namespace
}}

review(obj) := {"review": {"object": obj}, "parameters": {}}

prod := deployment("web", "prod", "1.4.2", "registry.example.com/web:1.4.2")

test_same_image_passes if {
	staging := deployment("web", "staging", "1.4.2", "registry.example.com/web:1.4.2")
	count(violation) == 0 with input as review(prod) with data.inventory as inv([prod, staging])
}

test_rebuilt_image_for_staging if {
	staging := deployment("web", "staging", "1.4.2", "registry.example.com/web:1.4.2-staging")
	vs := violation with input as review(prod) with data.inventory as inv([prod, staging])
	count(vs) == 1
	some v in vs
	v.msg == "Deployment web (web 1.4.2): container app runs image \"registry.example.com/web:1.4.2\", but Deployment web in namespace staging runs \"registry.example.com/web:1.4.2-staging\" for the same version; build the image once and promote it (by digest) to every environment"
	v.details.field == "spec.template.spec.containers[0].image"
}

test_different_version_is_not_compared if {
	staging := deployment("web", "staging", "1.5.0", "registry.example.com/web:1.5.0")
	count(violation) == 0 with input as review(prod) with data.inventory as inv([prod, staging])
}

test_found_by_app_name_when_named_differently if {
	dev := deployment("web", "dev", "1.4.2", "registry.example.com/web:dev")
	obj := json.patch(prod, [{"op": "replace", "path": "/metadata/name", "value": "shop-web"}])
	count(violation) == 1 with input as review(obj) with data.inventory as inv([obj, dev])
}

test_init_container_differs if {
	other := json.patch(deployment("web", "staging", "1.4.2", "registry.example.com/web:1.4.2"), [{"op": "replace", "path": "/spec/template/spec/initContainers/0/image", "value": "registry.example.com/web-migrate:1.0.0-debug"}])
	vs := violation with input as review(prod) with data.inventory as inv([prod, other])
	count(vs) == 1
	some v in vs
	contains(v.msg, "init container migrate runs image")
}

test_unlabelled_workloads_not_compared if {
	bare := json.remove(prod, ["metadata/labels"])
	other := json.remove(deployment("web", "staging", "1.4.2", "x:1"), ["metadata/labels"])
	count(violation) == 0 with input as review(bare) with data.inventory as inv([bare, other])
}

test_labels_from_pod_template if {
	obj := json.patch(json.remove(prod, ["metadata/labels"]), [{"op": "add", "path": "/spec/template/metadata", "value": {"labels": labels("1.4.2")}}])
	staging := deployment("web", "staging", "1.4.2", "registry.example.com/web:other")
	count(violation) == 1 with input as review(obj) with data.inventory as inv([obj, staging])
}

test_only_itself_in_inventory if {
	count(violation) == 0 with input as review(prod) with data.inventory as inv([prod])
}

test_each_other_namespace_reported if {
	a := deployment("web", "staging", "1.4.2", "registry.example.com/web:a")
	b := deployment("web", "dev", "1.4.2", "registry.example.com/web:b")
	count(violation) == 2 with input as review(prod) with data.inventory as inv([prod, a, b])
}

cj(ns, image) := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "report", "namespace": ns, "labels": labels("2.0.0")}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "r", "image": image}]}}}}}}

test_cronjob if {
	data_inv := {"namespace": {"staging": {"batch/v1": {"CronJob": {"report": cj("staging", "r:2.0.0-rc")}}}}}
	vs := violation with input as review(cj("prod", "r:2.0.0")) with data.inventory as data_inv
	count(vs) == 1
	some v in vs
	v.details.field == "spec.jobTemplate.spec.template.spec.containers[0].image"
}

test_exemption if {
	obj := json.patch(prod, [{"op": "add", "path": "/metadata/annotations", "value": {"shipshape.dev/exempt.same-image-across-environments": "hotfix build, re-promoted on Monday (REL-88)"}}])
	staging := deployment("web", "staging", "1.4.2", "registry.example.com/web:other")
	count(violation) == 0 with input as review(obj) with data.inventory as inv([obj, staging])
}
