# METADATA
# title: Images carry an explicit tag or digest
# description: >-
#   Every image of every container list names a tag or a digest, and no tag
#   that does not pin a version (latest by default). An image without a tag
#   runs whatever was pushed last, so two nodes can run different code under
#   one name and a rollback has nothing to go back to.
# custom:
#   section: 二.5 Image使用 (B)
#   input: kubernetes
#   kinds: [workloads]
#   action: deny
#   parameters:
#     disallowedTags:
#       type: array
#       description: Tags that never pin a version.
#       items:
#         type: string
#       default: [latest]
package shipshape.kubernetes.image_tag_pinned

import data.lib.exemptions
import data.lib.images
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "image-tag-pinned", findings)

findings contains finding if {
	obj := input.review.object
	some c in workload.containers(obj)
	ref := object.get(c.container, "image", "")
	not images.pinned(ref)
	finding := {
		"msg": sprintf("%s: %s uses image %q with neither tag nor digest; pin a version, e.g. %s:1.2.3 or @sha256:<digest>", [workload.describe(obj), workload.container_label(c), ref, ref]),
		"details": {"field": sprintf("%s.image", [c.path])},
	}
}

findings contains finding if {
	obj := input.review.object
	some c in workload.containers(obj)
	ref := object.get(c.container, "image", "")
	image := images.parse(ref)
	image.digest == ""
	image.tag in input.parameters.disallowedTags
	finding := {
		"msg": sprintf("%s: %s uses image %q whose tag %q does not pin a version; use a release tag or a digest", [workload.describe(obj), workload.container_label(c), ref, image.tag]),
		"details": {"field": sprintf("%s.image", [c.path])},
	}
}
