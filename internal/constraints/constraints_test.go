package constraints

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/policies"
)

func loadCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.Load(policies.FS)
	require.NoError(t, err)
	return cat
}

// loadYAML reads one Constraint file as the CLI does.
func loadYAML(t *testing.T, cat *catalog.Catalog, src string) ([]*Constraint, []inputs.Error) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "c.yaml")
	require.NoError(t, os.WriteFile(file, []byte(src), 0o644))
	docs, errs := inputs.Parse(file, []byte(src), inputs.DefaultOptions)
	require.Empty(t, errs)
	return Load(docs, cat)
}

// TestConstraintsAreAdmittedAsTheAPIServerWould: the Constraint CRD's
// structural schema (built by the constraint framework with Gatekeeper's
// match schema) defaults and validates at every depth, and Gatekeeper's own
// Constraint validation checks selectors; errors name the file and field.
func TestConstraintsAreAdmittedAsTheAPIServerWould(t *testing.T) {
	cat := loadCatalog(t)
	head := "apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: IngressDedicatedNodes\nmetadata:\n  name: c\nspec:\n"
	cases := []struct {
		name    string
		spec    string
		wantErr string // "" when the Constraint is admitted
		check   func(t *testing.T, c *Constraint)
	}{
		{name: "nested enum typo", spec: "  parameters:\n    taint: {key: Ingress, effect: NoExecte}\n", wantErr: `spec.parameters.taint.effect: Unsupported value: "NoExecte"`},
		{name: "nested item enum", spec: "  parameters:\n    selector:\n      matchExpressions: [{key: a, operator: Among}]\n", wantErr: `operator: Unsupported value: "Among"`},
		{name: "unknown parameter", spec: "  parameters:\n    minCPUs: 4\n", wantErr: "unknown field"},
		{name: "unknown spec field", spec: "  enforcement: warn\n", wantErr: "unknown field"},
		{name: "wrong type", spec: "  parameters:\n    minCPU: lots\n", wantErr: "spec.parameters.minCPU: Invalid value"},
		{name: "invalid label selector operator", spec: "  match:\n    labelSelector:\n      matchExpressions: [{key: app, operator: Has, values: [a]}]\n", wantErr: "spec.labelSelector.matchExpressions[0].operator"},
		{name: "invalid namespace selector value", spec: "  match:\n    namespaceSelector:\n      matchLabels: {team: \"not a label value!\"}\n", wantErr: "matchLabels"},
		{name: "bad enforcement action", spec: "  enforcementAction: block\n", wantErr: `enforcementAction "block"`},
		{
			name: "defaults at every depth", spec: "  parameters:\n    minCPU: 4\n",
			check: func(t *testing.T, c *Constraint) {
				assert.Equal(t, []string{"deny"}, c.Actions, "enforcementAction defaults to deny in the CRD")
				assert.EqualValues(t, 4, c.Parameters["minCPU"])
				assert.Equal(t, "32Gi", c.Parameters["minMemory"])
				assert.Equal(t, map[string]any{"key": "Ingress", "effect": "NoExecute"}, c.Parameters["taint"])
			},
		},
		{
			name: "null parameter is unset", spec: "  parameters:\n    minMemory: null\n",
			check: func(t *testing.T, c *Constraint) { assert.Equal(t, "32Gi", c.Parameters["minMemory"]) },
		},
		{
			name: "scoped at the webhook", spec: "  enforcementAction: scoped\n  scopedEnforcementActions:\n  - action: warn\n    enforcementPoints: [{name: validation.gatekeeper.sh}]\n  - action: deny\n    enforcementPoints: [{name: audit.gatekeeper.sh}]\n",
			check: func(t *testing.T, c *Constraint) { assert.Equal(t, []string{"warn"}, c.Actions) },
		},
		{
			name: "scoped to audit only", spec: "  enforcementAction: scoped\n  scopedEnforcementActions:\n  - action: deny\n    enforcementPoints: [{name: audit.gatekeeper.sh}]\n",
			check: func(t *testing.T, c *Constraint) { assert.Empty(t, c.Actions, "not enforced at admission") },
		},
		{name: "scoped with a bad action", spec: "  enforcementAction: scoped\n  scopedEnforcementActions:\n  - action: block\n    enforcementPoints: [{name: \"*\"}]\n", wantErr: "scopedEnforcementActions: [0].action"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cs, errs := loadYAML(t, cat, head+tc.spec)
			if tc.wantErr != "" {
				require.Len(t, errs, 1, "want one error")
				assert.Contains(t, errs[0].Message, tc.wantErr)
				assert.Contains(t, errs[0].Message, "IngressDedicatedNodes c")
				assert.Equal(t, "c.yaml", filepath.Base(errs[0].File))
				assert.Empty(t, cs)
				return
			}
			require.Empty(t, errs)
			require.Len(t, cs, 1)
			tc.check(t, cs[0])
		})
	}
}

// Every default Constraint passes its own CRD, and admission stores it as
// Default gives it: nothing defaulted, pruned or refused. Default skips
// admission on the strength of this test.
func TestDefaultConstraintsAreAdmittedUnchanged(t *testing.T) {
	cat := loadCatalog(t)
	for _, p := range cat.Policies {
		t.Run(p.Key(), func(t *testing.T) {
			d := Default(p)
			stored, err := admit(defaultObject(p), p)
			require.NoError(t, err)
			assert.Equal(t, stored, d.Object)
			admitted, err := FromObject(defaultObject(p), p)
			require.NoError(t, err)
			assert.Equal(t, admitted, d)
		})
	}
}

// The comparison above sees what admission adds: a Constraint without
// enforcementAction is stored with the CRD's default, deny.
func TestAdmissionDefaultsWhatAConstraintLeavesOut(t *testing.T) {
	p := loadCatalog(t).Policy("ingress-dedicated-nodes")
	require.NotNil(t, p)
	obj := defaultObject(p)
	delete(obj["spec"].(map[string]any), "enforcementAction")
	received, err := asReceived(obj)
	require.NoError(t, err)
	stored, err := admit(obj, p)
	require.NoError(t, err)
	assert.NotEqual(t, received, stored)
	assert.Equal(t, "deny", stored["spec"].(map[string]any)["enforcementAction"])
}
