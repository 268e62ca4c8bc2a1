# METADATA
# title: Roles name their verbs, resources and API groups
# description: >-
#   A rule with "*" in verbs, resources or apiGroups grants today's and every
#   future verb, resource and API group: a CRD installed next year, or a new
#   subresource, is granted the day it appears, and nobody reviewing the role
#   sees what it allows. Name them. ("*/scale" and other subresource
#   patterns, and resourceNames, are not wildcards.) A ClusterRole with an
#   aggregationRule carries the rules of every ClusterRole its selectors
#   match in the inventory (sync ClusterRoles), so a wildcard rule there is
#   reported on the aggregating role too, naming where it comes from.
# custom:
#   section: 二.10 查错步骤 使用子账户，授权是否正确 (F)
#   input: kubernetes
#   kinds: [Role, ClusterRole]
#   action: deny
#   sync:
#     - rbac.authorization.k8s.io/v1/ClusterRole
package shipshape.kubernetes.rbac_no_wildcards

import data.lib.exemptions
import data.lib.inventory
import data.lib.rbac
import data.lib.selectors
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "rbac-no-wildcards", findings)

fields := ["verbs", "resources", "apiGroups"]

findings contains finding if {
	obj := input.review.object
	some i, rule in object.get(obj, "rules", [])
	some field in fields
	"*" in object.get(rule, field, [])
	finding := {
		"msg": sprintf("%s: rules[%d] grants every %s (\"*\"); list the %s it needs", [workload.describe(obj), i, noun[field], field]),
		"details": {"field": sprintf("rules[%d].%s", [i, field])},
	}
}

findings contains finding if {
	obj := input.review.object
	obj.kind == "ClusterRole"
	some sel in obj.aggregationRule.clusterRoleSelectors
	some other in inventory.kind_in_cluster(rbac.group, "ClusterRole")
	other.metadata.name != obj.metadata.name
	selectors.matches(sel, object.get(other.metadata, "labels", {}))
	some i, rule in object.get(other, "rules", [])
	some field in fields
	"*" in object.get(rule, field, [])
	finding := {
		"msg": sprintf("%s aggregates ClusterRole %s, whose rules[%d] grants every %s (\"*\"); list the %s it needs there", [workload.describe(obj), other.metadata.name, i, noun[field], field]),
		"details": {"field": "aggregationRule.clusterRoleSelectors", "aggregated": other.metadata.name},
	}
}

noun := {"verbs": "verb", "resources": "resource", "apiGroups": "API group"}
