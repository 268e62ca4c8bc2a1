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
	v.msg == `cluster "kubernetes" (clusters[0]) is defined 2 times in the merged kubeconfigs: kubectl uses the first, k0.yaml:1 (clusters[0]), and silently ignores this one; "kubernetes" is kubeadm's default name, which every kubeadm cluster shares: rename it per cluster (e.g. prod, prod-admin, prod-admin@prod) and update the contexts that refer to it`
	v.details.field == "clusters[0].name"
}

# N kubeconfigs that share a name give one finding per name, on the second
# file, naming every other file: not one per pair.
test_a_clash_is_reported_once_naming_every_file if {
	configs := [kubeadm, kubeadm, kubeadm, kubeadm]
	every me in [0, 2, 3] {
		count(violation) == 0 with input as run(configs, me)
	}
	vs := violation with input as run(configs, 1)
	count(vs) == 3
	some v in vs
	v.details.field == "users[0].name"
	contains(v.msg, `user "kubernetes-admin" (users[0]) is defined 4 times in the merged kubeconfigs: kubectl uses the first, k0.yaml:1 (users[0]), and silently ignores this one and k2.yaml:1 (users[0]), k3.yaml:1 (users[0]);`)
}

# The message does not repeat the finding's own location.
test_message_does_not_repeat_the_location if {
	vs := violation with input as run([kubeadm, kubeadm], 1)
	count(vs) == 3
	every v in vs {
		not contains(v.msg, "k1.yaml")
	}
}

test_a_long_clash_lists_ten_files_and_counts_the_rest if {
	configs := [kubeadm | some _ in numbers.range(1, 15)]
	vs := violation with input as run(configs, 1)
	some v in vs
	v.details.field == "clusters[0].name"
	contains(v.msg, "is defined 15 times")
	contains(v.msg, "k11.yaml:1 (clusters[0]) (and 3 more);")
	not contains(v.msg, "k12.yaml")
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
	contains(v.msg, `cluster "prod" (clusters[1]) is defined 2 times in the merged kubeconfigs: kubectl uses the first, clusters[0] of this file, and silently ignores this one;`)
}

test_single_kubeconfig_without_merge_view if {
	count(violation) == 0 with input as {"review": {"object": kubeadm}, "parameters": {}}
	twice := object.union(kubeadm, {"users": [{"name": "a", "user": {}}, {"name": "a", "user": {}}]})
	count(violation) == 1 with input as {"review": {"object": twice}, "parameters": {}}
}
