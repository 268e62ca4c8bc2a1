package gotest

import (
	"context"
	"fmt"
	"os"
	"path"
	"sort"
	"strings"
	"testing"

	"github.com/open-policy-agent/gatekeeper/v3/apis"
	"github.com/open-policy-agent/gatekeeper/v3/pkg/gator"
	"github.com/open-policy-agent/gatekeeper/v3/pkg/gator/reader"
	"github.com/open-policy-agent/gatekeeper/v3/pkg/mutation/types"
	"github.com/open-policy-agent/gatekeeper/v3/pkg/target"
	"github.com/stretchr/testify/require"
	admissionv1 "k8s.io/api/admission/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/shipshape-dev/shipshape/internal/build"
	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/constraints"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/policytest"
)

// gatekeeperEngine evaluates like Gatekeeper does: the constraint
// framework client with Gatekeeper's Kubernetes validation target and Rego
// driver, loaded with the generated template.
type gatekeeperEngine struct {
	scheme *runtime.Scheme
	// emptyRego makes clientWithAll load every template with a Rego that
	// never holds: the framework's cost alone.
	emptyRego bool
}

func newGatekeeperEngine(t testing.TB) *gatekeeperEngine {
	s := runtime.NewScheme()
	require.NoError(t, apis.AddToScheme(s))
	return &gatekeeperEngine{scheme: s}
}

type gkResult struct {
	Messages []string
	Actions  []string
}

// review runs one object through a fresh Gatekeeper client holding the
// policy's template, the constraint and the inventory.
func (g *gatekeeperEngine) review(ctx context.Context, p *catalog.Policy, constraint map[string]any, object map[string]any, inventory []map[string]any) (gkResult, error) {
	client, err := gator.NewOPAClient(false)
	if err != nil {
		return gkResult{}, err
	}
	tmplYAML, err := build.TemplateYAML(p)
	if err != nil {
		return gkResult{}, err
	}
	u, err := reader.ReadUnstructured(tmplYAML)
	if err != nil {
		return gkResult{}, err
	}
	tmpl, err := reader.ToTemplate(g.scheme, u)
	if err != nil {
		return gkResult{}, err
	}
	if _, err := client.AddTemplate(ctx, tmpl); err != nil {
		return gkResult{}, fmt.Errorf("template: %w", err)
	}
	if _, err := client.AddConstraint(ctx, &unstructured.Unstructured{Object: deepCopy(constraint)}); err != nil {
		return gkResult{}, fmt.Errorf("constraint: %w", err)
	}
	for _, obj := range inventory {
		if _, err := client.AddData(ctx, &unstructured.Unstructured{Object: deepCopy(obj)}); err != nil {
			return gkResult{}, fmt.Errorf("inventory: %w", err)
		}
	}
	resp, err := client.Review(ctx, target.AugmentedUnstructured{
		Object:    unstructured.Unstructured{Object: deepCopy(object)},
		Operation: admissionv1.Create,
		Source:    types.SourceTypeOriginal,
	})
	if err != nil {
		return gkResult{}, err
	}
	var out gkResult
	for _, r := range resp.Results() {
		out.Messages = append(out.Messages, r.Msg)
		out.Actions = append(out.Actions, r.EnforcementAction)
	}
	sort.Strings(out.Messages)
	return out, nil
}

// clientWithAll loads every Kubernetes policy's template and default
// Constraint into one Gatekeeper client, as a cluster with shipshape
// installed holds them.
func (g *gatekeeperEngine) clientWithAll(ctx context.Context, cat *catalog.Catalog) (gator.Client, error) {
	client, err := gator.NewOPAClient(false)
	if err != nil {
		return nil, err
	}
	for _, p := range cat.Policies {
		if p.Input != catalog.InputKubernetes {
			continue
		}
		tmplYAML, err := build.TemplateYAML(p)
		if err != nil {
			return nil, err
		}
		u, err := reader.ReadUnstructured(tmplYAML)
		if err != nil {
			return nil, err
		}
		if g.emptyRego {
			neverViolated(u)
		}
		tmpl, err := reader.ToTemplate(g.scheme, u)
		if err != nil {
			return nil, err
		}
		if _, err := client.AddTemplate(ctx, tmpl); err != nil {
			return nil, fmt.Errorf("%s template: %w", p.ID, err)
		}
		if _, err := client.AddConstraint(ctx, &unstructured.Unstructured{Object: deepCopy(constraints.Default(p).Object)}); err != nil {
			return nil, fmt.Errorf("%s constraint: %w", p.ID, err)
		}
	}
	return client, nil
}

// neverViolated replaces a template's Rego (and its libraries) with a
// violation rule of the same package that never holds, in the OPA v1
// source of code[] where the template has one, and in the legacy rego
// field where it has that.
func neverViolated(u *unstructured.Unstructured) {
	never := func(rego, rule string) string {
		for _, line := range strings.Split(rego, "\n") {
			if strings.HasPrefix(line, "package ") {
				return line + "\n\n" + rule + "\n"
			}
		}
		return rego
	}
	targets, _, _ := unstructured.NestedSlice(u.Object, "spec", "targets")
	for _, t := range targets {
		tm := t.(map[string]any)
		if rego, ok := tm["rego"].(string); ok {
			tm["rego"] = never(rego, "violation[{\"msg\": \"never\"}] {\n\tfalse\n}")
			delete(tm, "libs")
		}
		code, _ := tm["code"].([]any)
		for _, c := range code {
			src, _ := c.(map[string]any)["source"].(map[string]any)
			if rego, ok := src["rego"].(string); ok {
				src["rego"] = never(rego, "violation contains {\"msg\": \"never\"} if {\n\tfalse\n}")
				delete(src, "libs")
			}
		}
	}
	unstructured.SetNestedSlice(u.Object, targets, "spec", "targets")
}

// augmented wraps an object as Gatekeeper's review input for a CREATE.
func (g *gatekeeperEngine) augmented(obj map[string]any) target.AugmentedUnstructured {
	return target.AugmentedUnstructured{
		Object:    unstructured.Unstructured{Object: deepCopy(obj)},
		Operation: admissionv1.Create,
		Source:    types.SourceTypeOriginal,
	}
}

func deepCopy(m map[string]any) map[string]any {
	return runtime.DeepCopyJSON(m)
}

func readObjects(t testing.TB, file string) []map[string]any {
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	docs, errs := inputs.Parse(file, data, inputs.DefaultOptions)
	require.Empty(t, errs)
	out := make([]map[string]any, 0, len(docs))
	for _, d := range docs {
		out = append(out, d.Object)
	}
	return out
}

// TestEmbeddedEvaluatorAgreesWithGatekeeper runs every case of every suite
// through both engines and compares the violations.
func TestEmbeddedEvaluatorAgreesWithGatekeeper(t *testing.T) {
	ctx := context.Background()
	fsys := os.DirFS(PoliciesDir())
	cat, err := catalog.Load(fsys)
	require.NoError(t, err)
	eng, err := engine.New(cat, engine.Options{Workers: 1})
	require.NoError(t, err)
	gk := newGatekeeperEngine(t)
	suites, err := policytest.Suites(fsys, cat)
	require.NoError(t, err)
	cases := 0
	for _, s := range suites {
		policy := s.Policy
		require.NotNil(t, policy, s.Path)
		if policy.Input != catalog.InputKubernetes {
			continue // offline-only: no ConstraintTemplate, Gatekeeper never sees these inputs
		}
		dir := path.Join(PoliciesDir(), path.Dir(s.Path))
		for _, test := range s.Tests {
			if test.Invalid {
				continue
			}
			consObj := readObjects(t, path.Join(dir, test.Constraint))[0]
			c, err := constraints.FromObject(consObj, policy)
			require.NoError(t, err, "%s %s", s.Path, test.Name)
			for _, tc := range test.Cases {
				t.Run(policy.ID+"/"+test.Name+"/"+tc.Name, func(t *testing.T) {
					ours, err := policytest.RunCase(ctx, fsys, eng, c, path.Dir(s.Path), tc)
					require.NoError(t, err)
					var inv []map[string]any
					for _, f := range tc.Inventory {
						inv = append(inv, readObjects(t, path.Join(dir, f))...)
					}
					object := readObjects(t, path.Join(dir, tc.Object))[0]
					theirs, err := gk.review(ctx, policy, c.Object, object, inv)
					require.NoError(t, err)
					require.Equal(t, theirs.Messages, ours, "violations differ between Gatekeeper's engine and the embedded evaluator")
					for _, a := range theirs.Actions {
						require.Equal(t, c.Action(), a, "enforcement action")
					}
				})
				cases++
			}
		}
	}
	require.Greater(t, cases, 0, "no suite case ran")
}
