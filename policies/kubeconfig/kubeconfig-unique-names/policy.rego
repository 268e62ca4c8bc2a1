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
#   rename them per cluster (prod, prod-admin, prod-admin@prod). A name
#   defined several times is reported once, on its first definition that
#   kubectl ignores, naming every place that defines it.
# custom:
#   section: 二.3 多集群kubectl管理适配 (B)
#   input: kubeconfig
#   kinds: [Config]
#   action: deny
#   shared: [by_name]
package shipshape.kubeconfig.kubeconfig_unique_names

import data.lib.exemptions

violation contains v if some v in exemptions.enforce(input.review.object, "kubeconfig-unique-names", findings)

sections := {"clusters": "cluster", "users": "user", "contexts": "context"}

kubeadm_defaults := {"clusters": "kubernetes", "users": "kubernetes-admin", "contexts": "kubernetes-admin@kubernetes"}

# The merge: every kubeconfig of the run in KUBECONFIG order, or this one
# alone when the host gives no merge view.
merged := input.review.merged if input.review.merged

else := [{"file": "", "line": 0, "object": input.review.object}]

me := object.get(input.review, "mergedIndex", 0)

# definitions lists every entry of the merge as [section, name, the
# kubeconfig's place in the merge, the entry's index], sorted: the entries
# of one name are adjacent, in the order kubectl reads them. (Grouping by
# sorting stays linear; a rule with a ref head, definitions[section][name],
# is quadratic in OPA, which checks each new key against the others.)
definitions := sort([[section, entry.name, i, j] |
	some i, kubeconfig in merged
	some section, _ in sections
	some j, entry in object.get(kubeconfig.object, section, [])
])

# starts are the positions in definitions where a name begins.
starts := [k |
	some k, d in definitions
	not same_name(k)
]

same_name(k) if {
	k > 0
	definitions[k - 1][0] == definitions[k][0]
	definitions[k - 1][1] == definitions[k][1]
}

group_end(g) := starts[g + 1] if g + 1 < count(starts)

else := count(definitions)

# by_name[[section, name]] is where the merge defines name: [place in the
# merge, entry's index] pairs in the order kubectl reads them. It reads only
# the merge, so custom.shared lets the offline host build it once per run.
by_name := {[definitions[s][0], definitions[s][1]]: places |
	some g, s in starts
	end := group_end(g)
	places := [[d[2], d[3]] | some d in array.slice(definitions, s, end)]
}

# A name defined more than once: kubectl uses the first definition and
# ignores the others. The clash is reported once, on the first ignored
# definition, when it is in this kubeconfig.
findings contains finding if {
	some section, what in sections
	some j, entry in object.get(input.review.object, section, [])
	places := by_name[[section, entry.name]]
	count(places) > 1
	places[1] == [me, j]
	ignored := [place(section, p) | some p in array.slice(places, 2, 2 + max_listed)]
	finding := {
		"msg": sprintf("%s %q (%s[%d]) is defined %d times in the merged kubeconfigs: kubectl uses the first, %s, and silently ignores this one%s%s; %s", [what, entry.name, section, j, count(places), place(section, places[0]), also(ignored), more((count(places) - 2) - count(ignored)), fix(section, entry.name)]),
		"details": {"field": sprintf("%s[%d].name", [section, j])},
	}
}

# place names a definition: this file's entry by index, another's by file
# and line, since one file may hold several kubeconfigs.
place(section, [i, j]) := sprintf("%s[%d] of this file", [section, j]) if {
	i == me
} else := sprintf("%s:%d (%s[%d])", [merged[i].file, merged[i].line, section, j])

# A message names at most this many of the other ignored definitions.
max_listed := 10

also([]) := ""

also(places) := sprintf(" and %s", [concat(", ", places)]) if count(places) > 0

more(0) := ""

more(n) := sprintf(" (and %d more)", [n]) if n > 0

fix(section, name) := sprintf("%q is kubeadm's default name, which every kubeadm cluster shares: rename it per cluster (e.g. prod, prod-admin, prod-admin@prod) and update the contexts that refer to it", [name]) if {
	kubeadm_defaults[section] == name
} else := "give each cluster, user and context a name unique across all merged kubeconfigs"
