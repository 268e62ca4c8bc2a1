package shipshape.kubeconfig.kubeconfig_unique_names_test

import data.shipshape.kubeconfig.kubeconfig_unique_names.violation

kubeadm := {
	"apiVersion": "v1", "kind": "Config",
	"clusters": [{"name": "kubernetes", "cluster": {"server": "https://10.0.0.1:6443"}}],
	"users": [{"name": "kubernetes-admin", "user": {}}],
	"contexts": [{"name": "kubernetes-admin@kubernetes", "context": {"cluster": "kubernetes", "user": "kubernetes-admin"}}],
}

named(prefix) := {
	"apiVersion": "v1", "kind": "Config",
	"clusters": [{"name": prefix, "cluster": {}}],
	"users": [{"name": concat("", [prefix, "-admin"]), "user": {}}],
	"contexts": [{"name": concat("", [prefix, "-admin@", prefix]), "context": {}}],
}

run(configs, me) := {
	"review": {
		"object": configs[me],
		"merged": [{"file": sprintf("k%d.yaml", [i]), "line": 1, "object": c} | some i, c in configs],
		"mergedIndex": me,
	},
	"parameters": {},
}

test_unique_names_pass if {
	count(violation) == 0 with input as run([named("prod"), named("staging")], 1)
}

test_two_kubeadm_defaults_collide_on_the_second_file if {
	count(violation) == 0 with input as run([kubeadm, kubeadm], 0)
	vs := violation with input as run([kubeadm, kubeadm], 1)
	count(vs) == 3
	some v in vs
	contains(v.msg, `kubeconfig k1.yaml:1: cluster "kubernetes" (clusters[0]) is also defined in k0.yaml:1,`)
	contains(v.msg, "kubeadm's default name")
	v.details.field == "clusters[0].name"
}

test_custom_name_collision_has_plain_advice if {
	vs := violation with input as run([named("prod"), named("prod")], 1)
	count(vs) == 3
	some v in vs
	contains(v.msg, `user "prod-admin"`)
	contains(v.msg, "unique across all merged kubeconfigs")
}

test_only_the_colliding_kind_is_reported if {
	mixed := object.union(named("staging"), {"users": [{"name": "prod-admin", "user": {}}]})
	vs := violation with input as run([named("prod"), mixed], 1)
	count(vs) == 1
	some v in vs
	v.details.field == "users[0].name"
}

test_duplicate_within_one_file if {
	twice := object.union(named("prod"), {"clusters": [{"name": "prod", "cluster": {}}, {"name": "prod", "cluster": {}}]})
	vs := violation with input as run([twice], 0)
	count(vs) == 1
	some v in vs
	contains(v.msg, "defined twice in this file (also clusters[0])")
}

test_single_kubeconfig_without_merge_view if {
	count(violation) == 0 with input as {"review": {"object": kubeadm}, "parameters": {}}
}
