# METADATA
# title: Base images carry an explicit tag or digest
# description: >-
#   Every FROM that names an image (not an earlier stage, not scratch) gives
#   a tag or a digest, and no tag that does not pin a version (latest by
#   default). An untagged base rebuilds on whatever was pushed last, so the
#   same Dockerfile gives different images. A base built from an ARG counts
#   with the ARG's default (defaults that use other ARGs are expanded as
#   BuildKit expands them); an ARG without a default leaves the base unknown
#   here: that finding says the check cannot tell and is at most a warning,
#   as a cluster object that is not in the input is. Give the ARG a pinned
#   default (ARG BASE=alpine:3.20).
# custom:
#   section: 二.5 Image使用 (B)
#   input: dockerfile
#   kinds: [Dockerfile]
#   action: deny
#   parameters:
#     disallowedTags:
#       type: array
#       description: Tags that never pin a version.
#       items:
#         type: string
#       default: [latest]
package shipshape.dockerfile.image_tag_pinned

import data.lib.dockerfile
import data.lib.exemptions
import data.lib.images

violation contains v if some v in exemptions.enforce(input.review.object, "image-tag-pinned", findings)

findings contains finding if {
	obj := input.review.object
	some st in dockerfile.image_stages(obj)
	count(st.baseUnknown) > 0
	finding := {
		"msg": sprintf("%s: %s uses base image %q, but ARG %s has no default, so this check cannot tell which image the build uses; give the ARG a pinned default, e.g. ARG %s=name:1.2.3", [dockerfile.describe(obj), dockerfile.stage_label(st), st.base, concat(", ", st.baseUnknown), st.baseUnknown[0]]),
		"details": {"field": sprintf("stages[%d].base", [st.index]), "line": st.line, "severity": "warn"},
	}
}

findings contains finding if {
	obj := input.review.object
	some st in dockerfile.image_stages(obj)
	ref := st.baseResolved
	ref != ""
	not images.pinned(ref)
	finding := {
		"msg": sprintf("%s: %s uses base image %q with neither tag nor digest; pin a version, e.g. %s:1.2.3 or @sha256:<digest>", [dockerfile.describe(obj), dockerfile.stage_label(st), ref, ref]),
		"details": {"field": sprintf("stages[%d].base", [st.index]), "line": st.line},
	}
}

findings contains finding if {
	obj := input.review.object
	some st in dockerfile.image_stages(obj)
	ref := st.baseResolved
	image := images.parse(ref)
	image.digest == ""
	image.tag in input.parameters.disallowedTags
	finding := {
		"msg": sprintf("%s: %s uses base image %q whose tag %q does not pin a version; use a release tag or a digest", [dockerfile.describe(obj), dockerfile.stage_label(st), ref, image.tag]),
		"details": {"field": sprintf("stages[%d].base", [st.index]), "line": st.line},
	}
}
