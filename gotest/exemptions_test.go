package gotest

import (
	"context"
	"os"
	"path"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/constraints"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/inventory"
	"github.com/shipshape-dev/shipshape/internal/policytest"
)

// TestExemptionsAgreeWithGatekeeper takes, for every Kubernetes policy, the
// first suite case that Gatekeeper's engine denies, annotates the object
// with exemptions of every shape, and checks that Gatekeeper's engine and
// the embedded evaluator agree on what is still reported, and that the
// embedded evaluator keeps the waived findings, marked exempted.
func TestExemptionsAgreeWithGatekeeper(t *testing.T) {
	ctx := context.Background()
	fsys := os.DirFS(PoliciesDir())
	cat := loadCatalog(t)
	eng, err := engine.New(cat, engine.Options{Workers: 1})
	require.NoError(t, err)
	gk := newGatekeeperEngine(t)
	suites, err := policytest.Suites(fsys, cat)
	require.NoError(t, err)

	type shape struct {
		name        string
		annotations func(id string) map[string]any
		// reported: what Gatekeeper still reports, given the n findings
		// of the unexempted object.
		reported func(n int) int
		exempted bool // the embedded evaluator marks the n findings exempted
		// mention: what every reported message says, in both engines
		mention string
	}
	reason := func(id string) string { return "shipshape.dev/exempt." + id }
	until := func(id string) string { return "shipshape.dev/exempt-until." + id }
	shapes := []shape{
		{"reason", func(id string) map[string]any { return map[string]any{reason(id): "vendor image, tracked in OPS-1"} },
			func(int) int { return 0 }, true, ""},
		{"reason-until-future", func(id string) map[string]any {
			return map[string]any{reason(id): "migration window", until(id): "2999-12-31"}
		}, func(int) int { return 0 }, true, ""},
		{"expired", func(id string) map[string]any {
			return map[string]any{reason(id): "migration window", until(id): "2001-01-31"}
		}, func(n int) int { return n }, false, "(its exemption expired on 2001-01-31)"},
		{"impossible-date", func(id string) map[string]any {
			return map[string]any{reason(id): "migration window", until(id): "2099-02-31"}
		}, func(n int) int { return n + 1 }, false, ""},
		{"non-string-reason", func(id string) map[string]any { return map[string]any{reason(id): int64(2027)} },
			func(n int) int { return n + 1 }, false, ""},
		{"empty-reason", func(id string) map[string]any { return map[string]any{reason(id): "  "} },
			func(n int) int { return n + 1 }, false, ""},
		{"unreadable-date", func(id string) map[string]any {
			return map[string]any{reason(id): "soon", until(id): "next sprint"}
		}, func(n int) int { return n + 1 }, false, ""},
		{"other-check", func(string) map[string]any { return map[string]any{reason("some-other-check"): "not this one"} },
			func(n int) int { return n }, false, ""},
	}

	policies := 0
	for _, s := range suites {
		p := cat.PolicyFor(catalog.InputKubernetes, path.Base(path.Dir(s.Path)))
		if p == nil {
			continue
		}
		dir := path.Join(PoliciesDir(), path.Dir(s.Path))
		obj, inv, c, n := firstDenied(ctx, t, gk, p, dir, s)
		if obj == nil {
			continue
		}
		policies++
		for _, sh := range shapes {
			t.Run(p.ID+"/"+sh.name, func(t *testing.T) {
				o := deepCopy(obj)
				meta, _ := o["metadata"].(map[string]any)
				ann, _ := meta["annotations"].(map[string]any)
				if ann == nil {
					ann = map[string]any{}
				}
				for k, v := range sh.annotations(p.ID) {
					ann[k] = v
				}
				meta["annotations"] = ann
				theirs, err := gk.review(ctx, p, c.Object, o, inv)
				require.NoError(t, err)
				require.Len(t, theirs.Messages, sh.reported(n), "Gatekeeper's engine: %q", theirs.Messages)

				var invDocs []inputs.Document
				for _, i := range inv {
					invDocs = append(invDocs, inputs.Document{Input: inputs.KindKubernetes, Object: i})
				}
				run, err := eng.Prepare(ctx, []*constraints.Constraint{c}, inventory.Build(invDocs))
				require.NoError(t, err)
				findings, errs := run.Evaluate(ctx, []inputs.Document{{File: "x.yaml", Line: 1, Input: inputs.KindKubernetes, Object: o}})
				require.Empty(t, errs)
				var reported []string
				exempted := 0
				for _, f := range findings {
					if f.Exempted {
						exempted++
						require.NotEmpty(t, f.Reason)
					} else {
						reported = append(reported, f.Message)
					}
				}
				sort.Strings(reported)
				require.Equal(t, theirs.Messages, reported, "reported findings differ from Gatekeeper's engine")
				if sh.mention != "" {
					for _, m := range reported {
						require.Contains(t, m, sh.mention)
					}
				}
				if sh.exempted {
					require.Equal(t, n, exempted, "waived findings stay in the report, marked exempted")
				} else {
					require.Zero(t, exempted)
				}
			})
		}
	}
	require.Greater(t, policies, 30, "too few policies had a denied case")
}

// firstDenied returns the object, inventory and constraint of the first
// suite case Gatekeeper's engine reports violations for, and their count.
func firstDenied(ctx context.Context, t *testing.T, gk *gatekeeperEngine, p *catalog.Policy, dir string, s *policytest.Suite) (map[string]any, []map[string]any, *constraints.Constraint, int) {
	for _, test := range s.Tests {
		if test.Invalid {
			continue
		}
		c, err := constraints.FromObject(readObjects(t, path.Join(dir, test.Constraint))[0], p)
		require.NoError(t, err)
		for _, tc := range test.Cases {
			objs := readObjects(t, path.Join(dir, tc.Object))
			if len(objs) != 1 {
				continue
			}
			var inv []map[string]any
			for _, f := range tc.Inventory {
				inv = append(inv, readObjects(t, path.Join(dir, f))...)
			}
			res, err := gk.review(ctx, p, c.Object, objs[0], inv)
			require.NoError(t, err)
			if len(res.Messages) > 0 {
				return objs[0], inv, c, len(res.Messages)
			}
		}
	}
	return nil, nil, nil, 0
}
