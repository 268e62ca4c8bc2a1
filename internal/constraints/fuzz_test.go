package constraints_test

import (
	"testing"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/constraints"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/policies"
)

// FuzzLoad: no Constraint file makes the reader panic; every document is
// either an error with its file and line, or a Constraint for each variant
// of its check (one Constraint kind configures the check for every input it
// exists for: ImageTagPinned gives a kubernetes and a dockerfile one), never
// both; a Constraint read can be matched against an object.
func FuzzLoad(f *testing.F) {
	cat, err := catalog.Load(policies.FS)
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: ImageTagPinned\nmetadata:\n  name: a\nspec:\n  enforcementAction: warn\n  parameters:\n    disallowedTags: [latest]\n  match:\n    kinds: [{apiGroups: [''], kinds: [Pod]}]\n    namespaces: [shop]\n    labelSelector: {matchLabels: {app: web}}\n"))
	f.Add([]byte("apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: ProbesRequired\nmetadata: {name: b}\nspec:\n  enforcementAction: scoped\n  scopedEnforcementActions: [{action: warn, enforcementPoints: [{name: '*'}]}]\n"))
	f.Add([]byte("apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: ResourcesRequired\nmetadata: {name: c}\nspec: {parameters: 3, match: {labelSelector: {matchExpressions: [{key: a, operator: In}]}}}\n"))
	f.Add([]byte("apiVersion: templates.gatekeeper.sh/v1\nkind: ConstraintTemplate\nmetadata: {name: x}\n"))
	pod := map[string]any{"apiVersion": "v1", "kind": "Pod", "metadata": map[string]any{"name": "p", "namespace": "shop", "labels": map[string]any{"app": "web"}}}
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, _ := inputs.Parse("c.yaml", data, inputs.Options{MaxDepth: 50, MaxValues: 10_000, MaxAliasValues: 10_000})
		cons, errs := constraints.Load(docs, cat)
		failed := map[int]int{} // errors by document line
		for _, e := range errs {
			if e.File != "c.yaml" || e.Line < 1 || e.Message == "" {
				t.Errorf("error without file or line: %+v", e)
			}
			failed[e.Line]++
		}
		want, wantErrs := 0, 0
		for _, d := range docs {
			switch n := failed[d.Line]; {
			case n > 1:
				t.Errorf("document at line %d gave %d errors", d.Line, n)
			case n == 1:
				wantErrs++
			default:
				kind, _ := d.Object["kind"].(string)
				want += len(cat.AllByKind(kind))
			}
		}
		if len(cons) != want || len(errs) != wantErrs {
			t.Errorf("%d documents gave %d constraints and %d errors, want %d and %d", len(docs), len(cons), len(errs), want, wantErrs)
		}
		for _, c := range cons {
			if c.Name == "" || c.Action() == "" && len(c.Actions) > 0 {
				t.Errorf("constraint %+v", c)
			}
			_, _ = c.Matches(pod, nil)
		}
	})
}
