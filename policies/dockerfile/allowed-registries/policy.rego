# METADATA
# title: Base images come from the allowed registries
# description: >-
#   Every FROM that names an image comes from one of the allowed registries
#   (a host such as registry.example.com, or a host and path prefix such as
#   registry.example.com/base). Images from elsewhere skip the scanning and
#   mirroring the allowed registries give. The check is off until the
#   registries parameter names at least one registry. Docker Hub images
#   without a host count as docker.io.
# custom:
#   section: 二.5 Image使用 (B)
#   input: dockerfile
#   kinds: [Dockerfile]
#   action: deny
#   parameters:
#     registries:
#       type: array
#       description: Allowed registries, each a host or a host/path prefix; empty turns the check off.
#       items:
#         type: string
#       default: []
package shipshape.dockerfile.allowed_registries

import data.lib.dockerfile
import data.lib.exemptions
import data.lib.images

violation contains v if some v in exemptions.enforce(input.review.object, "allowed-registries", findings)

findings contains finding if {
	obj := input.review.object
	count(input.parameters.registries) > 0
	some st in dockerfile.image_stages(obj)
	ref := st.baseResolved
	ref != ""
	not images.allowed_registry(ref, input.parameters.registries)
	finding := {
		"msg": sprintf("%s: %s uses base image %q from registry %s, which is not allowed; use an image from %s", [dockerfile.describe(obj), dockerfile.stage_label(st), ref, images.registry(ref), concat(", ", input.parameters.registries)]),
		"details": {"field": sprintf("stages[%d].base", [st.index]), "line": st.line},
	}
}
