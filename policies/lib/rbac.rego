# METADATA
# title: RBAC helpers
# description: >-
#   What a Role, ClusterRole or binding grants, matched the way the API
#   server's RBAC authorizer matches a request: a rule names a verb, API
#   group and resource either literally or through "*", and "*/sub" names the
#   subresource sub of every resource. A ClusterRole with an aggregationRule
#   also grants the rules of every ClusterRole in the inventory its selectors
#   match. A binding grants the rules of the role it refers to, read from the
#   inventory; the built-in cluster-admin is known without it.
package lib.rbac

import data.lib.inventory
import data.lib.selectors
import data.lib.subjects
import data.lib.workload

group := "rbac.authorization.k8s.io"

role_kinds := {"Role", "ClusterRole"}

binding_kinds := {"RoleBinding", "ClusterRoleBinding"}

# The rules Kubernetes gives the built-in cluster-admin ClusterRole: every
# verb on every resource and every non-resource URL.
cluster_admin_rules := [
	{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]},
	{"nonResourceURLs": ["*"], "verbs": ["*"]},
]

# Helpers that hold or not default to false: OPA caches a function's value
# but not its undefinedness.
default verb_matches(_, _) := false

verb_matches(rule, _) if "*" in object.get(rule, "verbs", [])

verb_matches(rule, verb) if verb in object.get(rule, "verbs", [])

default group_matches(_, _) := false

group_matches(rule, _) if "*" in object.get(rule, "apiGroups", [])

group_matches(rule, g) if g in object.get(rule, "apiGroups", [])

default resource_matches(_, _) := false

resource_matches(rule, _) if "*" in object.get(rule, "resources", [])

resource_matches(rule, resource) if resource in object.get(rule, "resources", [])

resource_matches(rule, resource) if {
	[_, sub] := split(resource, "/")
	concat("", ["*/", sub]) in object.get(rule, "resources", [])
}

default grants(_, _, _, _) := false

# grants holds when the rule allows verb on resource (resource or
# resource/subresource) of API group g.
grants(rule, g, resource, verb) if {
	verb_matches(rule, verb)
	group_matches(rule, g)
	resource_matches(rule, resource)
}

# rules are what a Role or ClusterRole grants: its own rules and, for an
# aggregated ClusterRole, the rules of the ClusterRoles its selectors match.
rules(role) := array.concat(object.get(role, "rules", []), aggregated_rules(role))

aggregated_rules(role) := [rule |
	role.kind == "ClusterRole"
	some sel in role.aggregationRule.clusterRoleSelectors
	some other in inventory.kind_in_cluster(group, "ClusterRole")
	other.metadata.name != role.metadata.name
	selectors.matches(sel, object.get(other.metadata, "labels", {}))
	some rule in object.get(other, "rules", [])
]

# bound_rules are the rules of the role a binding refers to; undefined when
# the role is not in the inventory (and is not the built-in cluster-admin).
bound_rules(binding) := rules(roles[0]) if {
	roles := bound_roles(binding)
	count(roles) > 0
} else := cluster_admin_rules if {
	binding.roleRef.kind == "ClusterRole"
	binding.roleRef.name == "cluster-admin"
}

bound_roles(binding) := inventory.cluster_scoped(group, "ClusterRole", binding.roleRef.name) if binding.roleRef.kind == "ClusterRole"

bound_roles(binding) := inventory.namespaced(inventory.namespace_of(binding), group, "Role", binding.roleRef.name) if binding.roleRef.kind == "Role"

default full_admin(_) := false

# full_admin holds for rules that grant every verb on every resource of
# every API group, as cluster-admin does.
full_admin(rs) if {
	some rule in rs
	"*" in object.get(rule, "verbs", [])
	"*" in object.get(rule, "resources", [])
	"*" in object.get(rule, "apiGroups", [])
}

# role_key names a role in allow-lists: a ClusterRole by its name, a Role
# as namespace/name.
role_key(obj) := obj.metadata.name if obj.kind == "ClusterRole"

role_key(obj) := sprintf("%s/%s", [inventory.namespace_of(obj), obj.metadata.name]) if obj.kind == "Role"

# ref_key is role_key of the role a binding refers to.
ref_key(binding) := binding.roleRef.name if binding.roleRef.kind == "ClusterRole"

ref_key(binding) := sprintf("%s/%s", [inventory.namespace_of(binding), binding.roleRef.name]) if binding.roleRef.kind == "Role"

# reached lists, for each capability {group, resource, verbs} the rules
# reach, the verbs reached and the resource: "get, list secrets".
reached(rs, capabilities) := {desc |
	some c in capabilities
	verbs := {v | some v in c.verbs; some rule in rs; grants(rule, c.group, c.resource, v)}
	count(verbs) > 0
	desc := sprintf("%s %s", [concat(", ", sort(verbs)), resource_label(c)])
}

resource_label(c) := c.resource if c.group == ""

resource_label(c) := sprintf("%s.%s", [c.resource, c.group]) if c.group != ""

# capability_findings are the findings of a check that some capabilities
# belong to allowed roles only (allowed: role_key values; what: the risk,
# as "reading Secrets"). A role is judged
# on its rules; a binding on the rules of its role, or, when the role is not
# in the inventory, with a "cannot tell" finding. Rules that grant
# everything are left to rbac-no-wildcards and rbac-no-cluster-admin-binding,
# which name that risk, so one role is not reported by every check at once.
capability_findings(obj, capabilities, allowed, what) := ({finding |
	obj.kind in role_kinds
	not role_key(obj) in allowed
	rs := rules(obj)
	not full_admin(rs)
	r := reached(rs, capabilities)
	count(r) > 0
	finding := {
		"msg": sprintf("%s grants %s (%s); narrow its rules, or add %s to allowedRoles if it must", [workload.describe(obj), concat("; ", sort(r)), what, role_key(obj)]),
		"details": {"field": "rules", "granted": sort(r)},
	}
} | {finding |
	obj.kind in binding_kinds
	not ref_key(obj) in allowed
	rs := bound_rules(obj)
	not full_admin(rs)
	r := reached(rs, capabilities)
	count(r) > 0
	finding := {
		"msg": sprintf("%s gives %s %s through %s %s (%s); bind a narrower role, or add %s to allowedRoles if it must", [workload.describe(obj), subjects.all(obj), what, obj.roleRef.kind, obj.roleRef.name, concat("; ", sort(r)), ref_key(obj)]),
		"details": {"field": "roleRef", "granted": sort(r)},
	}
}) | {finding |
	obj.kind in binding_kinds
	not ref_key(obj) in allowed
	not bound_rules(obj)
	finding := inventory.not_found(workload.describe(obj), sprintf("its %s %s", [obj.roleRef.kind, ref_key(obj)]), "roleRef")
}
