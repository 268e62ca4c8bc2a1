package shipshape.kubernetes.config_rollout_on_change_test

import data.shipshape.kubernetes.config_rollout_on_change.violation

params := {"annotationPrefix": "checksum/"}

deployment(annotations, spec) := {
	"apiVersion": "apps/v1", "kind": "Deployment",
	"metadata": {"name": "web", "namespace": "shop"},
	"spec": {"template": {"metadata": {"annotations": annotations}, "spec": spec}},
}

env_from_cm(name) := {"containers": [{"name": "app", "envFrom": [{"configMapRef": {"name": name}}]}]}

cm(name, immutable) := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": "shop"}, "immutable": immutable, "data": {"a": "b"}}

inv(cms) := {"cluster": {}, "namespace": {"shop": {"v1": {"ConfigMap": {c.metadata.name: c | some c in cms}}}}}

review(obj) := {"review": {"object": obj}, "parameters": params}

test_checksum_annotation_passes if {
	obj := deployment({"checksum/config": "9f86d08"}, env_from_cm("web-config"))
	count(violation) == 0 with input as review(obj) with data.inventory as inv([])
}

test_plain_configmap_without_checksum if {
	vs := violation with input as review(deployment({}, env_from_cm("web-config"))) with data.inventory as inv([cm("web-config", false)])
	count(vs) == 1
	some v in vs
	v.msg == "Deployment web reads ConfigMap web-config, but nothing rolls its pods when they change; add a pod-template annotation checksum/config holding a hash of their content, or use immutable, hash-suffixed ConfigMaps (kustomize configMapGenerator)"
	v.details.field == "spec.template.metadata.annotations"
}

test_immutable_hash_suffixed_configmap_passes if {
	count(violation) == 0 with input as review(deployment({}, env_from_cm("web-config-5g7h2k9m4t"))) with data.inventory as inv([cm("web-config-5g7h2k9m4t", true)])
}

test_hash_suffixed_but_mutable if {
	vs := violation with input as review(deployment({}, env_from_cm("web-config-5g7h2k9m4t"))) with data.inventory as inv([cm("web-config-5g7h2k9m4t", false)])
	count(vs) == 1
	some v in vs
	contains(v.msg, "reads ConfigMap web-config-5g7h2k9m4t (not immutable), but")
}

test_hash_suffixed_not_in_inventory if {
	vs := violation with input as review(deployment({}, env_from_cm("web-config-5g7h2k9m4t"))) with data.inventory as inv([])
	count(vs) == 1
	some v in vs
	v.msg == "Deployment web: its ConfigMap shop/web-config-5g7h2k9m4t is not found in the inventory, so this check cannot tell; include it in the input (or sync it into Gatekeeper)"
	v.details.field == "spec.template.spec.containers[0].envFrom[0].configMapRef.name"
	v.details.severity == "warn"
}

test_every_reference_kind_is_listed if {
	spec := {
		"initContainers": [{"name": "migrate", "env": [{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}]}],
		"containers": [{"name": "app", "env": [{"name": "MODE", "valueFrom": {"configMapKeyRef": {"name": "modes", "key": "m"}}}], "envFrom": [{"secretRef": {"name": "api-keys"}}]}],
		"volumes": [
			{"name": "conf", "configMap": {"name": "nginx-conf"}},
			{"name": "tls", "secret": {"secretName": "tls"}},
			{"name": "all", "projected": {"sources": [{"configMap": {"name": "extra"}}, {"secret": {"name": "token"}}, {"serviceAccountToken": {"path": "t"}}]}},
		],
	}
	vs := violation with input as review(deployment({}, spec)) with data.inventory as inv([])
	count(vs) == 1
	some v in vs
	v.details.references == ["ConfigMap extra", "ConfigMap modes", "ConfigMap nginx-conf", "Secret api-keys", "Secret db", "Secret tls", "Secret token"]
}

test_same_configmap_twice_listed_once if {
	spec := {"containers": [{"name": "app", "envFrom": [{"configMapRef": {"name": "web-config"}}]}], "volumes": [{"name": "c", "configMap": {"name": "web-config"}}]}
	vs := violation with input as review(deployment({}, spec)) with data.inventory as inv([])
	some v in vs
	v.details.references == ["ConfigMap web-config"]
}

test_hash_suffixed_secret_counts_by_name if {
	spec := {"containers": [{"name": "app", "envFrom": [{"secretRef": {"name": "creds-8c2b4f7d1e"}}]}]}
	count(violation) == 0 with input as review(deployment({}, spec)) with data.inventory as inv([])
}

test_custom_prefix if {
	obj := deployment({"config.example.com/hash": "abc"}, env_from_cm("web-config"))
	count(violation) == 0 with input as {"review": {"object": obj}, "parameters": {"annotationPrefix": "config.example.com/"}} with data.inventory as inv([])
	count(violation) == 1 with input as review(obj) with data.inventory as inv([])
}

test_no_configuration_read if {
	count(violation) == 0 with input as review(deployment({}, {"containers": [{"name": "app", "env": [{"name": "A", "value": "b"}]}]})) with data.inventory as inv([])
}

test_statefulset_and_daemonset if {
	sts := json.patch(deployment({}, env_from_cm("x")), [{"op": "replace", "path": "/kind", "value": "StatefulSet"}])
	count(violation) == 1 with input as review(sts) with data.inventory as inv([])
	ds := json.patch(deployment({}, env_from_cm("x")), [{"op": "replace", "path": "/kind", "value": "DaemonSet"}])
	count(violation) == 1 with input as review(ds) with data.inventory as inv([])
}

test_exemption if {
	obj := json.patch(deployment({}, env_from_cm("web-config")), [{"op": "add", "path": "/metadata/annotations", "value": {"shipshape.dev/exempt.config-rollout-on-change": "app reloads its config on SIGHUP (ARCH-4)"}}])
	count(violation) == 0 with input as review(obj) with data.inventory as inv([])
}
