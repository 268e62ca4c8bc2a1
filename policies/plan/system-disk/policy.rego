# METADATA
# title: Production system disks are large SSDs
# description: >-
#   In production every node pool's system disk is at least minSystemDiskGiB
#   (100 GiB in the source) and of an SSD class (cloud_ssd, cloud_essd and
#   other SSD categories), so logs and images do not fill it and it does not
#   slow the node down. Other environments are not checked.
# custom:
#   section: 一.5 集群配置设置 (A)
#   input: plan
#   kinds: [ClusterPlan]
#   action: warn
#   parameters:
#     minSystemDiskGiB:
#       type: number
#       description: Smallest system disk in production, in GiB.
#       minimum: 0
#       default: 100
package shipshape.plan.system_disk

import data.lib.exemptions
import data.lib.plan

violation contains v if some v in exemptions.enforce(input.review.object, "system-disk", findings)

ssd(category) if contains(lower(category), "ssd")

ssd(category) if lower(category) in {"gp2", "gp3", "io1", "io2", "premium_lrs", "premiumv2_lrs"}

findings contains finding if {
	obj := input.review.object
	plan.production(obj)
	not plan.from_nodes(obj)
	some p in plan.pools(obj)
	not p.raw.systemDisk
	finding := {
		"msg": sprintf("%s: %s names no system disk; give it one of at least %v GiB on SSD", [plan.describe(obj), plan.pool_label(obj, p), input.parameters.minSystemDiskGiB]),
		"details": {"field": p.path},
	}
}

findings contains finding if {
	obj := input.review.object
	plan.production(obj)
	some p in plan.pools(obj)
	size := plan.bytes(p.raw.systemDisk.size)
	size < input.parameters.minSystemDiskGiB * plan.gib
	finding := {
		"msg": sprintf("%s: %s has a %v GiB system disk, below the %v GiB advised in production", [plan.describe(obj), plan.pool_label(obj, p), plan.round2(size / plan.gib), input.parameters.minSystemDiskGiB]),
		"details": {"field": sprintf("%s.systemDisk.size", [p.path])},
	}
}

findings contains finding if {
	obj := input.review.object
	plan.production(obj)
	some p in plan.pools(obj)
	category := object.get(p.raw.systemDisk, "category", "")
	not ssd(category)
	finding := {
		"msg": sprintf("%s: %s has a system disk of category %q, not SSD; use an SSD class (e.g. cloud_essd) in production", [plan.describe(obj), plan.pool_label(obj, p), category]),
		"details": {"field": sprintf("%s.systemDisk", [p.path])},
	}
}
