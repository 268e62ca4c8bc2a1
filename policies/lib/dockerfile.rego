# METADATA
# title: Dockerfile helpers
# description: >-
#   Stages, base images and instructions of a Dockerfile document, as
#   shipshape parses it with buildkit's parser: the final stage, the stages
#   it is built on, and the bases that are images rather than stages.
package lib.dockerfile

describe(obj) := sprintf("Dockerfile %s", [obj.metadata.name])

# stage_label names a stage the way a reader finds it in the file.
stage_label(st) := sprintf("stage %q (FROM, line %d)", [st.name, st.line]) if st.name != ""

stage_label(st) := sprintf("stage %d (FROM, line %d)", [st.index, st.line]) if st.name == ""

final_stage(obj) := obj.stages[count(obj.stages) - 1]

# image_stages are the stages whose base is an image: not an earlier
# stage and not scratch.
image_stages(obj) := [st |
	some st in obj.stages
	object.get(st, "baseStage", null) == null
	lower(st.base) != "scratch"
]

# lineage is the set of stage indices the final image is made of: the
# final stage and every stage its FROM chain goes through.
lineage(obj) := graph.reachable(edges(obj), [count(obj.stages) - 1])

edges(obj) := {st.index: parents |
	some st in obj.stages
	parents := [p | p := object.get(st, "baseStage", null); p != null]
}

# final_instructions are the instructions that shape the final image, in
# file order.
final_instructions(obj) := [ins |
	some st in obj.stages
	st.index in lineage(obj)
	some ins in st.instructions
]

# copies_from_stage holds when an instruction copies from an earlier stage
# (by name or index), not from an image.
copies_from_stage(obj, st, ins) if {
	ins.cmd in {"COPY", "ADD"}
	some earlier in obj.stages
	earlier.index < st.index
	stage_ref(earlier, ins.from)
}

stage_ref(st, ref) if {
	st.name != ""
	lower(ref) == lower(st.name)
}

stage_ref(st, ref) if ref == sprintf("%d", [st.index])
