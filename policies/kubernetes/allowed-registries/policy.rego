# METADATA
# title: Images come from the allowed registries
# description: >-
#   Every image of every container list comes from one of the allowed
#   registries. Images from one registry are scanned, mirrored and kept in
#   one place; an image pulled from anywhere else bypassed all of that. An
#   image without a registry host (nginx, library/nginx) comes from
#   docker.io. An entry is a registry host, with its port if it has one
#   (registry.example.com, host:5000), or a host and path prefix
#   (registry.example.com/shop) that allows only the repositories under it.
#   With no registries listed the check is off: set them in the Constraint.
# custom:
#   section: 二.5 Image使用 (B)
#   input: kubernetes
#   kinds: [workloads]
#   action: deny
#   parameters:
#     registries:
#       type: array
#       description: >-
#         Allowed registries: hosts (with port) or host/path prefixes. Empty
#         turns the check off.
#       items:
#         type: string
#       default: []
package shipshape.kubernetes.allowed_registries

import data.lib.exemptions
import data.lib.images
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "allowed-registries", findings)

findings contains finding if {
	count(input.parameters.registries) > 0
	obj := input.review.object
	some c in workload.containers(obj)
	ref := object.get(c.container, "image", "")
	not images.allowed_registry(ref, input.parameters.registries)
	finding := {
		"msg": sprintf("%s: %s uses image %q from registry %s, which is not allowed; push the image to one of %s and use it from there", [workload.describe(obj), workload.container_label(c), ref, images.registry(ref), concat(", ", input.parameters.registries)]),
		"details": {"field": sprintf("%s.image", [c.path])},
	}
}
