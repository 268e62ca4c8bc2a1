# METADATA
# title: Inventory lookups
# description: >-
#   Reads Gatekeeper's data.inventory (namespace[ns][groupVersion][kind][name],
#   cluster[groupVersion][kind][name]) by key, never by scanning it: a policy
#   evaluated for every object of a run must not walk every other object, or
#   a run costs N². Any version of a group is accepted, since the sync
#   configuration (or the input) decides which one is stored.
package lib.inventory

# group_of is the API group of an apiVersion ("" for the core group).
group_of(api_version) := "" if not contains(api_version, "/")

group_of(api_version) := substring(api_version, 0, indexof(api_version, "/")) if contains(api_version, "/")

# The lookups below walk data.inventory by reference (x[key] with key
# unbound), never with `some key, value in x`: OPA keeps the inventory as
# Go values and turns a part into Rego values when it is read; enumerating
# a reference reads the keys and then only the entries it follows, while
# `in` turns the whole collection (every object of a namespace) into Rego
# values first, for every object reviewed.

# namespaced returns the objects of group/kind named name in namespace ns
# (one per stored version; usually zero or one).
namespaced(ns, group, kind, name) := [obj |
	obj := data.inventory.namespace[ns][gv][kind][name]
	group_of(gv) == group
]

# cluster_scoped returns the cluster-scoped objects of group/kind named name.
cluster_scoped(group, kind, name) := [obj |
	obj := data.inventory.cluster[gv][kind][name]
	group_of(gv) == group
]

# kind_in_namespace returns every object of group/kind in namespace ns: one
# namespace's objects of one kind, not the whole inventory.
kind_in_namespace(ns, group, kind) := [obj |
	obj := data.inventory.namespace[ns][gv][kind][_]
	group_of(gv) == group
]

# kind_in_cluster returns every cluster-scoped object of group/kind.
kind_in_cluster(group, kind) := [obj |
	obj := data.inventory.cluster[gv][kind][_]
	group_of(gv) == group
]

# Helpers that hold or not default to false: OPA caches a function's value
# for the arguments but not its undefinedness.
default namespace_known(_) := false

# namespace_known holds when the Namespace object itself is in the inventory.
namespace_known(ns) if count(cluster_scoped("", "Namespace", ns)) > 0

# same_object holds when a and b are the same object (kind, namespace, name),
# so a policy can skip the object under review when it is also in the inventory.
same_object(a, b) if {
	a.kind == b.kind
	a.metadata.name == b.metadata.name
	object.get(a.metadata, "namespace", "") == object.get(b.metadata, "namespace", "")
}

# not_found is the finding of a reference the inventory cannot resolve. It is
# its own message (marked "not found in the inventory") so reviewers can tell
# it from a violation, and details.severity caps it at warn in the offline
# CLI: the object may simply not be part of the input (or not yet synced).
not_found(subject, what, field) := {
	"msg": sprintf("%s: %s is not found in the inventory, so this check cannot tell; include it in the input (or sync it into Gatekeeper)", [subject, what]),
	"details": {"field": field, "severity": "warn", "notFound": what},
}

# namespace_of is the namespace of the object under review: its own, or the
# admission request's when the manifest leaves it out.
namespace_of(obj) := obj.metadata.namespace

namespace_of(obj) := input.review.namespace if not obj.metadata.namespace
