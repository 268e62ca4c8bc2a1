# METADATA
# title: Workers have a data disk
# description: >-
#   Every worker pool mounts a data disk for the container runtime and the
#   kubelet (/var/lib/containerd or /var/lib/docker, /var/lib/kubelet), so
#   images and pod data pulled over time do not fill the system disk. Add a
#   dataDisks entry to each worker pool.
# custom:
#   section: 一.5 集群配置设置 (A)
#   input: plan
#   kinds: [ClusterPlan]
#   action: deny
package shipshape.plan.worker_data_disk

import data.lib.exemptions
import data.lib.plan

violation contains v if some v in exemptions.enforce(input.review.object, "worker-data-disk", findings)

findings contains finding if {
	obj := input.review.object
	not plan.from_nodes(obj)
	some p in plan.workers(obj)
	count(object.get(p.raw, "dataDisks", [])) == 0
	finding := {
		"msg": sprintf("%s: %s has no data disk; add one for the container runtime and kubelet directories so images do not fill the system disk", [plan.describe(obj), plan.pool_label(obj, p)]),
		"details": {"field": p.path},
	}
}
