# METADATA
# title: Images with mutable tags are always pulled
# description: >-
#   A tag such as latest can point at a new image at any time. With
#   imagePullPolicy IfNotPresent or Never, each node runs whichever image it
#   pulled first under that tag: two replicas of one Deployment run different
#   code, and a rollback does not roll back. An image referenced by a mutable
#   tag (no digest, and no tag or one of mutableTags) is pulled every time
#   (imagePullPolicy Always, which Kubernetes sets by itself for latest and
#   for no tag when the field is left out). Better still, pin the image
#   (image-tag-pinned, image-digest).
# custom:
#   section: 二.5 Image使用 (F)
#   input: kubernetes
#   kinds: [workloads]
#   action: warn
#   parameters:
#     mutableTags:
#       type: array
#       items:
#         type: string
#       description: Tags that are moved to new images (latest always counts, as an absent tag).
#       default: ["latest", "stable", "main", "master"]
package shipshape.kubernetes.pull_policy_mutable_tags

import data.lib.exemptions
import data.lib.images
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "pull-policy-mutable-tags", findings)

findings contains finding if {
	obj := input.review.object
	some c in workload.containers(obj)
	ref := images.parse(c.container.image)
	ref.digest == ""
	mutable(ref.tag)
	policy := pull_policy(c.container, ref.tag)
	policy != "Always"
	finding := {
		"msg": sprintf("%s: %s uses the mutable tag %s with imagePullPolicy %s, so each node runs whichever image it pulled first; set imagePullPolicy: Always, or pin the image by digest", [workload.describe(obj), workload.container_label(c), tag_label(ref.tag), policy]),
		"details": {"field": sprintf("%s.imagePullPolicy", [c.path])},
	}
}

default mutable(_) := false

mutable("") := true

mutable("latest") := true

mutable(tag) if tag in input.parameters.mutableTags

# pull_policy is the field, or the API server's default: Always for latest
# and for no tag, IfNotPresent otherwise.
pull_policy(container, _) := container.imagePullPolicy

pull_policy(container, tag) := "Always" if {
	not container.imagePullPolicy
	tag in {"", "latest"}
}

pull_policy(container, tag) := "IfNotPresent" if {
	not container.imagePullPolicy
	not tag in {"", "latest"}
}

tag_label("") := "(none, so latest)"

tag_label(tag) := tag if tag != ""
