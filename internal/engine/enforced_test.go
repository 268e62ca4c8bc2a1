package engine

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/policies"
)

// The engine judges objects without exemption annotations on findings
// instead of violation only for policies whose violation is the exemption
// hook and nothing else.
func TestEnforcedFindingsRecognisesOnlyTheHook(t *testing.T) {
	const head = "package shipshape.kubernetes.x\n\nimport data.lib.exemptions\n\n"
	hook := `violation contains v if some v in exemptions.enforce(input.review.object, "x", findings)` + "\n"
	for _, tc := range []struct {
		name, src string
		want      bool
	}{
		{"the hook", head + hook, true},
		{"the hook, formatted otherwise", head + "violation contains v if {\n\tsome v in exemptions.enforce(input.review.object, \"x\", findings)\n}\n", true},
		{"another ID", head + `violation contains v if some v in exemptions.enforce(input.review.object, "y", findings)`, false},
		{"a second violation rule", head + hook + "violation contains {\"msg\": \"more\"} if input.review.object.kind == \"Pod\"\n", false},
		{"no hook", head + "violation contains v if some v in findings\n", false},
		{"another object", head + `violation contains v if some v in exemptions.enforce(input.review.oldObject, "x", findings)`, false},
		{"exemptions under an alias", "package shipshape.kubernetes.x\n\nimport data.lib.workload as exemptions\n\n" + hook, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mod, err := ast.ParseModuleWithOpts("x.rego", tc.src, ast.ParserOptions{RegoVersion: ast.RegoV1})
			require.NoError(t, err)
			require.Equal(t, tc.want, enforcedFindings(&catalog.Policy{ID: "x", Module: mod}))
		})
	}
	cat, err := catalog.Load(policies.FS)
	require.NoError(t, err)
	for _, p := range cat.Policies {
		require.True(t, enforcedFindings(p), "%s: the catalog's policies all take the fast path", p.Key())
	}
}
