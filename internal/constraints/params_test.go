package constraints

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/open-policy-agent/frameworks/constraint/pkg/client/crds"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestQuantityAndRegexParameters: a quantity parameter that is not a
// Kubernetes quantity and a regular expression parameter that does not
// compile are input errors naming the Constraint's file, kind, name and
// field, from the generated CRD's own schema (pattern) and CEL rules, as
// the API server would refuse them; every legal form passes.
func TestQuantityAndRegexParameters(t *testing.T) {
	cat := loadCatalog(t)
	constraint := func(kind, param, value string) string {
		return fmt.Sprintf("apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: %s\nmetadata:\n  name: c\nspec:\n  parameters:\n    %s: %s\n", kind, param, value)
	}
	type tc struct {
		kind, param, value string
		wantErr            string // "" when admitted
	}
	var cases []tc
	for _, v := range []string{"12XB", "32GB", "32gi", "1Kb", "lots", `""`, `" 32Gi"`, "1e1.5", "1e", "Gi", "1e1000", `"1.2.3"`} {
		cases = append(cases, tc{"IngressDedicatedNodes", "minMemory", v, "spec.parameters.minMemory: Invalid value"})
	}
	// A bare number is not a string: the schema's type says so, in the
	// cluster as here.
	cases = append(cases, tc{"IngressDedicatedNodes", "minMemory", "34359738368", "spec.parameters.minMemory in body must be of type string"})
	// Quoted where YAML would read a number.
	for _, v := range []string{"32Gi", "512Mi", "1.5Gi", `"34359738368"`, `"128974848e3"`, "129M", "500m", `"0.5"`, `".5"`, `"5."`, `"1E3"`, `"1e+3"`, `"1e-3"`, "+1k", "-1Gi", "2u", "3n", "1Ei", `"1000000000000000000000"`, `"1e999"`} {
		cases = append(cases, tc{"IngressDedicatedNodes", "minMemory", v, ""})
	}
	for _, kind := range []string{"NoSecretsInConfigmaps", "SecretsFromSecretRefs"} {
		for v, msg := range map[string]string{
			`"(["`:       "missing closing ]",
			`"(db"`:      "missing closing )",
			`"*"`:        "missing argument to repetition operator",
			`"a{2,1}"`:   "invalid repeat count",
			`"(?<x)"`:    "invalid named capture",
			`"\\p{Foo}"`: "invalid character class range",
			`"(?z)"`:     "invalid or unsupported Perl syntax",
			`"x\\8"`:     "invalid escape sequence",
		} {
			cases = append(cases, tc{kind, "namePattern", v, "spec.parameters.namePattern: Invalid value: \"string\": error parsing regexp: " + msg})
		}
		for _, v := range []string{`""`, `"(?i)(passw(or)?d|secret)"`, `"^[A-Z_]+$"`, `"\\bkey\\b"`, `"a{2,3}"`, `"(?P<n>x)"`, `"[[:alpha:]]+"`, `"\\pL"`, `"x*?"`} {
			cases = append(cases, tc{kind, "namePattern", v, ""})
		}
	}
	for _, c := range cases {
		t.Run(c.kind+"/"+c.value, func(t *testing.T) {
			cs, errs := loadYAML(t, cat, constraint(c.kind, c.param, c.value))
			if c.wantErr == "" {
				require.Empty(t, errs)
				require.Len(t, cs, 1)
				assert.NotNil(t, cs[0].Parameters[c.param])
				return
			}
			require.Len(t, errs, 1, "want one error")
			assert.Equal(t, "c.yaml", filepath.Base(errs[0].File))
			assert.Contains(t, errs[0].Message, c.kind+" c: ")
			assert.Contains(t, errs[0].Message, c.wantErr)
			assert.Empty(t, cs)
		})
	}
}

// TestConstraintCRDsAreValid: every policy's Constraint CRD passes the
// validation Gatekeeper runs before it creates one (the API server's CRD
// validation: structural schema, defaults, CEL rules compiled within their
// cost limits), so a template with a CEL rule is installed, not refused.
func TestConstraintCRDsAreValid(t *testing.T) {
	cat := loadCatalog(t)
	var rules int
	for _, p := range cat.Policies {
		s, err := schemaFor(p)
		require.NoError(t, err, p.Key())
		assert.NoError(t, crds.ValidateCRD(context.Background(), s.crd), p.Key())
		if s.rules != nil {
			rules++
		}
	}
	assert.Equal(t, 2, rules, "policies whose Constraints have CEL rules (the two namePattern parameters)")
}
