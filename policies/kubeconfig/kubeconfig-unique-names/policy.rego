# METADATA
# title: Merged kubeconfigs have unique names
# description: >-
#   All kubeconfigs given in one run are judged together, as
#   KUBECONFIG=a:b:c merges them: each cluster, user and context name is
#   defined once. When two files define the same name kubectl silently keeps
#   the first and ignores the other, so a command meant for one cluster can
#   reach another with the wrong credentials. kubeadm's defaults
#   (cluster kubernetes, user kubernetes-admin, context
#   kubernetes-admin@kubernetes) collide as soon as two clusters are merged;
#   rename them per cluster (prod, prod-admin, prod-admin@prod).
# custom:
#   section: 二.3 多集群kubectl管理适配 (B)
#   input: kubeconfig
#   kinds: [Config]
#   action: deny
package shipshape.kubeconfig.kubeconfig_unique_names

import data.lib.exemptions

violation contains v if some v in exemptions.enforce(input.review.object, "kubeconfig-unique-names", findings)

sections := {"clusters": "cluster", "users": "user", "contexts": "context"}

kubeadm_defaults := {"clusters": "kubernetes", "users": "kubernetes-admin", "contexts": "kubernetes-admin@kubernetes"}

merged := object.get(input.review, "merged", [])

me := object.get(input.review, "mergedIndex", -1)

# where(i) names a kubeconfig of the merge by file and line, since one
# file may hold several.
where(i) := sprintf("%s:%d", [merged[i].file, merged[i].line])

where(-1) := "<this kubeconfig>"

# An entry named again in an earlier kubeconfig of the merge: kubectl keeps
# that one and ignores this one.
findings contains finding if {
	some section, what in sections
	some j, entry in object.get(input.review.object, section, [])
	some i, other in merged
	i < me
	some earlier in object.get(other.object, section, [])
	earlier.name == entry.name
	finding := {
		"msg": sprintf("kubeconfig %s: %s %q (%s[%d]) is also defined in %s, which comes first in KUBECONFIG, so kubectl silently uses that one and ignores this one; %s", [where(me), what, entry.name, section, j, where(i), fix(section, entry.name)]),
		"details": {"field": sprintf("%s[%d].name", [section, j])},
	}
}

# The same name twice in one file: kubectl keeps the first entry.
findings contains finding if {
	some section, what in sections
	entries := object.get(input.review.object, section, [])
	some j, entry in entries
	some k, earlier in entries
	k < j
	earlier.name == entry.name
	finding := {
		"msg": sprintf("kubeconfig %s: %s %q (%s[%d]) is defined twice in this file (also %s[%d]), so kubectl ignores this one; %s", [where(me), what, entry.name, section, j, section, k, fix(section, entry.name)]),
		"details": {"field": sprintf("%s[%d].name", [section, j])},
	}
}

fix(section, name) := sprintf("%q is kubeadm's default name, which every kubeadm cluster shares: rename it per cluster (e.g. prod, prod-admin, prod-admin@prod) and update the contexts that refer to it", [name]) if {
	kubeadm_defaults[section] == name
} else := "give each cluster, user and context a name unique across all merged kubeconfigs"
