package catalog_test

import (
	"io/fs"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/policies"
)

// TestExemptionPrefixesAreTheLibrarys: the exemption prefixes the Go side
// reads (catalog.ExemptPrefix, ExemptUntilPrefix) are the ones the Rego
// library Gatekeeper runs defines (reason_prefix, until_prefix), so the
// CLI's hints, its typo report and the engine's shortcut name the
// annotations the policies honour.
func TestExemptionPrefixesAreTheLibrarys(t *testing.T) {
	src, err := fs.ReadFile(policies.FS, "lib/exemptions.rego")
	if err != nil {
		t.Fatal(err)
	}
	mod, err := ast.ParseModuleWithOpts("lib/exemptions.rego", string(src), ast.ParserOptions{RegoVersion: ast.RegoV1})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"reason_prefix": catalog.ExemptPrefix, "until_prefix": catalog.ExemptUntilPrefix}
	found := map[string]bool{}
	for _, r := range mod.Rules {
		name := r.Head.Name.String()
		w, ok := want[name]
		if !ok {
			continue
		}
		found[name] = true
		s, ok := r.Head.Value.Value.(ast.String)
		if !ok || string(s) != w {
			t.Errorf("lib.exemptions.%s is %v, the Go side reads %q", name, r.Head.Value, w)
		}
		if len(w) <= len(catalog.ExemptDomain) || w[:len(catalog.ExemptDomain)] != catalog.ExemptDomain {
			t.Errorf("%q is not in the domain %q", w, catalog.ExemptDomain)
		}
	}
	for name := range want {
		if !found[name] {
			t.Errorf("lib.exemptions.%s is not defined", name)
		}
	}
}
