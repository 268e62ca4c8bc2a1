# METADATA
# title: Images are built in several stages
# description: >-
#   A Dockerfile builds in a builder stage and copies only the artefacts
#   into its final stage (COPY --from=<builder>). A single-stage image
#   carries compilers, package caches and sources into production: larger,
#   slower to pull and with more to patch. Add a builder stage (FROM ... AS
#   build) and COPY --from=build the binaries into a small final stage.
# custom:
#   section: 二.5 Image使用 (B)
#   input: dockerfile
#   kinds: [Dockerfile]
#   action: warn
package shipshape.dockerfile.dockerfile_multistage

import data.lib.dockerfile
import data.lib.exemptions

violation contains v if some v in exemptions.enforce(input.review.object, "dockerfile-multistage", findings)

findings contains finding if {
	obj := input.review.object
	count(obj.stages) == 1
	st := obj.stages[0]
	finding := {
		"msg": sprintf("%s builds in a single stage (%s); build in a builder stage (FROM ... AS build) and COPY --from=build only the artefacts into a small final stage", [dockerfile.describe(obj), dockerfile.stage_label(st)]),
		"details": {"field": "stages[0]", "line": st.line},
	}
}

findings contains finding if {
	obj := input.review.object
	count(obj.stages) > 1
	final := dockerfile.final_stage(obj)
	not copies_from_builder(obj)
	finding := {
		"msg": sprintf("%s: the final %s copies nothing from an earlier stage; COPY --from=<builder> the artefacts the image needs", [dockerfile.describe(obj), dockerfile.stage_label(final)]),
		"details": {"field": sprintf("stages[%d]", [final.index]), "line": final.line},
	}
}

# The final image copies from a builder when any stage it is made of does.
copies_from_builder(obj) if {
	some st in obj.stages
	st.index in dockerfile.lineage(obj)
	some ins in st.instructions
	dockerfile.copies_from_stage(obj, st, ins)
}
