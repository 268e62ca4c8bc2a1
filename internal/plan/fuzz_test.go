package plan

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/shipshape-dev/shipshape/internal/inputs"
)

// FuzzPrepare feeds arbitrary cluster plans and node dumps through parsing,
// validation and node-plan derivation: nothing panics, every error names
// the file and a line inside it, and every plan kept is valid.
func FuzzPrepare(f *testing.F) {
	samples, _ := filepath.Glob("../../policies/plan/*/samples/*.yaml")
	for _, s := range samples {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	if b, err := os.ReadFile("../../examples/cluster/nodes.yaml"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("apiVersion: shipshape.dev/v1alpha1\nkind: ClusterPlan\nmetadata: {name: x}\nspec: {nodePools: [{name: w, role: worker, count: -1, cpu: x}]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, _ := inputs.Parse("plan.yaml", data, inputs.Options{MaxDepth: 50, MaxValues: 10_000, MaxAliasValues: 10_000})
		lines := 1 + bytes.Count(data, []byte("\n"))
		kept, errs := Prepare(docs)
		for _, e := range errs {
			if e.File != "plan.yaml" || e.Line < 0 || e.Line > lines+1 || e.Message == "" {
				t.Errorf("error %+v: want file plan.yaml and a line in 0..%d", e, lines+1)
			}
		}
		for _, d := range kept {
			if d.Input != inputs.KindPlan {
				continue
			}
			if spec, _ := d.Object["spec"].(map[string]any); spec["source"] == "nodes" {
				continue // derived from Node objects, not validated as written
			}
			if again := Validate(d); len(again) > 0 {
				t.Errorf("a kept plan does not validate: %v", again)
			}
		}
	})
}
