# METADATA
# title: Containers request and limit ephemeral storage
# description: >-
#   Logs, emptyDir volumes without a medium and the container's writable
#   layer all use the node's disk. A container that requests no
#   ephemeral-storage is scheduled as if it used none, and one with no limit
#   can fill the disk until the kubelet evicts every pod of the node, in an
#   order it chooses. Request what the container writes and limit it
#   (resources.requests and resources.limits ephemeral-storage), for
#   containers and init containers. Teams that cap disk use by LimitRange
#   defaults can turn this off with requireLimits and requireRequests false.
# custom:
#   section: 三.开发 资源限制 (F)
#   input: kubernetes
#   kinds: [workloads]
#   action: warn
#   parameters:
#     requireRequests:
#       type: boolean
#       description: Containers must request ephemeral-storage.
#       default: true
#     requireLimits:
#       type: boolean
#       description: Containers must limit ephemeral-storage.
#       default: true
package shipshape.kubernetes.ephemeral_storage_bounds

import data.lib.exemptions
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "ephemeral-storage-bounds", findings)

required contains "requests" if input.parameters.requireRequests == true

required contains "limits" if input.parameters.requireLimits == true

findings contains finding if {
	obj := input.review.object
	some c in workload.containers(obj)
	c.list != "ephemeralContainers"
	some kind in required
	not c.container.resources[kind]["ephemeral-storage"]
	finding := {
		"msg": sprintf("%s: %s %s no ephemeral-storage; set %s.resources.%s.ephemeral-storage", [workload.describe(obj), workload.container_label(c), kind, c.path, kind]),
		"details": {"field": sprintf("%s.resources.%s.ephemeral-storage", [c.path, kind])},
	}
}
