package engine_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/constraints"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
)

// policyFS is a one-policy catalog: check ID id, body the Rego after the
// package line.
func policyFS(id, body string) fstest.MapFS {
	pkg := strings.ReplaceAll(id, "-", "_")
	src := `# METADATA
# title: Test policy
# description: A policy written by a test.
# custom:
#   section: test
#   input: kubernetes
#   kinds: [Pod]
#   action: deny
package shipshape.kubernetes.` + pkg + `

` + body
	return fstest.MapFS{"kubernetes/" + id + "/policy.rego": {Data: []byte(src)}}
}

func loadTestCatalog(t *testing.T, fsys fstest.MapFS) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func podDoc(name string) inputs.Document {
	return inputs.Document{File: name + ".yaml", Line: 1, Input: inputs.KindKubernetes, Object: map[string]any{
		"apiVersion": "v1", "kind": "Pod",
		"metadata": map[string]any{"name": name, "namespace": "default"},
	}}
}

// slowPolicy loops for minutes on a pod named "slow" and finds one thing
// on any other pod.
const slowPolicy = `
violation contains v if some v in findings

findings contains {"msg": "slow", "details": {}} if {
	input.review.object.metadata.name == "slow"
	count([1 | some i in numbers.range(1, 20000); some j in numbers.range(1, 20000); i == j + 30000]) >= 0
}

findings contains {"msg": "fast", "details": {}} if {
	input.review.object.metadata.name != "slow"
}
`

// TestTimeoutPerPolicy: a policy whose evaluation runs past --timeout on
// a document is stopped and reported, naming the policy and the object;
// the other policy's findings on that very document are kept, and the
// other documents are evaluated.
func TestTimeoutPerPolicy(t *testing.T) {
	fsys := policyFS("slow-policy", slowPolicy)
	for k, v := range policyFS("quick-policy", "violation contains {\"msg\": \"quick\", \"details\": {}} if true\n") {
		fsys[k] = v
	}
	cat := loadTestCatalog(t, fsys)
	eng, err := engine.New(cat, engine.Options{Workers: 2, Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	run, err := eng.Prepare(ctx, constraints.Resolve(cat, nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, evaluate := range []func([]inputs.Document) ([]engine.Finding, []inputs.Error){
		func(d []inputs.Document) ([]engine.Finding, []inputs.Error) { return run.Evaluate(ctx, d) },
		func(d []inputs.Document) ([]engine.Finding, []inputs.Error) { return run.EvaluateSequential(ctx, d) },
	} {
		start := time.Now()
		findings, errs := evaluate([]inputs.Document{podDoc("fast-a"), podDoc("slow"), podDoc("fast-b")})
		took := time.Since(start)
		t.Logf("evaluation with a 200ms limit took %s", took)
		// 400M iterations would take minutes; generous bound for a loaded machine.
		if took > 10*time.Second {
			t.Errorf("took %s; the time limit did not stop the evaluation", took)
		}
		want := "slow-policy on Pod default/slow: evaluation stopped after the time limit of 200ms per policy (--timeout); the other policies' findings are kept"
		if len(errs) != 1 || errs[0].File != "slow.yaml" || errs[0].Message != want {
			t.Errorf("errors %v, want one: %s", errs, want)
		}
		got := map[string]bool{}
		for _, f := range findings {
			got[f.Name+" "+f.Message] = true
		}
		wantFindings := map[string]bool{"fast-a fast": true, "fast-b fast": true, "fast-a quick": true, "fast-b quick": true, "slow quick": true}
		if len(findings) != len(wantFindings) {
			t.Errorf("findings %v, want %v", got, wantFindings)
		}
		for k := range wantFindings {
			if !got[k] {
				t.Errorf("finding %q missing (got %v)", k, got)
			}
		}
	}
}
