# METADATA
# title: Images are referenced by digest
# description: >-
#   In the chosen namespaces (all by default) every image of every container
#   list is referenced by digest (name:tag@sha256:...). Security scans report
#   on digests: only a digest says that what runs is what was scanned, since a
#   tag can be pushed again. Resolve the tag to its digest at release time and
#   write image@sha256:<digest> (keeping the tag for readers is fine).
# custom:
#   section: 二.5 Image使用 (B)
#   input: kubernetes
#   kinds: [workloads]
#   action: warn
#   parameters:
#     namespaces:
#       type: array
#       description: Namespaces where images must carry a digest; empty means every namespace.
#       items:
#         type: string
#       default: []
package shipshape.kubernetes.image_digest

import data.lib.exemptions
import data.lib.images
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "image-digest", findings)

findings contains finding if {
	in_scope
	obj := input.review.object
	some c in workload.containers(obj)
	ref := object.get(c.container, "image", "")
	not images.has_digest(ref)
	finding := {
		"msg": sprintf("%s: %s uses image %q without a digest; reference the scanned image by digest, e.g. %s@sha256:<digest>", [workload.describe(obj), workload.container_label(c), ref, ref]),
		"details": {"field": sprintf("%s.image", [c.path])},
	}
}

in_scope if count(input.parameters.namespaces) == 0

in_scope if workload.namespace(input.review) in input.parameters.namespaces
