package lib.dockerfile_test

import data.lib.dockerfile

df := {"metadata": {"name": "Dockerfile"}, "stages": [
	{"index": 0, "name": "build", "base": "golang:1.22", "line": 1, "instructions": [{"cmd": "RUN", "line": 2}]},
	{"index": 1, "name": "base", "base": "alpine:3.20", "line": 3, "instructions": [{"cmd": "USER", "args": ["app"], "line": 4}]},
	{"index": 2, "name": "", "base": "base", "baseStage": 1, "line": 5, "instructions": [{"cmd": "COPY", "from": "build", "line": 6}]},
]}

test_lineage_follows_from_chain if {
	dockerfile.lineage(df) == {1, 2}
}

test_final_instructions_skip_builder if {
	[ins.line | some ins in dockerfile.final_instructions(df)] == [4, 6]
}

test_image_stages_skip_stage_bases if {
	[st.index | some st in dockerfile.image_stages(df)] == [0, 1]
}

test_copies_from_stage_by_name_and_index if {
	dockerfile.copies_from_stage(df, df.stages[2], {"cmd": "COPY", "from": "BUILD"})
	dockerfile.copies_from_stage(df, df.stages[2], {"cmd": "COPY", "from": "0"})
	not dockerfile.copies_from_stage(df, df.stages[2], {"cmd": "COPY", "from": "nginx:1.27"})
}

test_stage_label if {
	dockerfile.stage_label(df.stages[0]) == `stage "build" (FROM, line 1)`
	dockerfile.stage_label(df.stages[2]) == "stage 2 (FROM, line 5)"
}
