package engine_test

import (
	"context"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/constraints"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/policies"
)

// TestSandboxRefusesHostAccess: a policy that calls a built-in reaching the
// network, the files or the environment does not compile, and the error
// names the file, the built-in and why.
func TestSandboxRefusesHostAccess(t *testing.T) {
	calls := map[string]string{
		"http.send":          `http.send({"method": "get", "url": "http://169.254.169.254/latest/meta-data/"})`,
		"net.lookup_ip_addr": `net.lookup_ip_addr("example.com")`,
		"opa.runtime":        `opa.runtime().env.HOME`,
		"json.match_schema":  `json.match_schema({}, {"$ref": "file:///etc/passwd"})`,
		"json.verify_schema": `json.verify_schema({"$ref": "https://example.com/schema.json"})`,
		"trace":              `trace("x")`,
		"rand.intn":          `rand.intn("x", 10)`,
		"uuid.rfc4122":       `uuid.rfc4122("x")`,
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			body := "violation contains v if some v in findings\n\nfindings contains {\"msg\": sprintf(\"%v\", [x]), \"details\": {}} if {\n\tx := " + call + "\n}\n"
			cat := loadTestCatalog(t, policyFS("escape", body))
			_, err := engine.New(cat, engine.Options{})
			if err == nil {
				t.Fatalf("a policy calling %s compiled", name)
			}
			for _, want := range []string{"kubernetes/escape/policy.rego:", "built-in " + name + " is not allowed in shipshape policies"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
	// Every name listed is a real OPA built-in, so the list is not stale.
	all := map[string]bool{}
	for _, b := range ast.CapabilitiesForThisVersion().Builtins {
		all[b.Name] = true
	}
	for name := range engine.DisallowedBuiltins {
		if !all[name] {
			t.Errorf("%s is not an OPA built-in", name)
		}
	}
	if caps := engine.Capabilities(); caps.AllowNet == nil || len(caps.AllowNet) != 0 {
		t.Errorf("AllowNet = %v, want empty (nil allows every host)", caps.AllowNet)
	}
}

// A vetted catalog is compiled without the checks, the sandbox's among
// them: a policy calling a refused built-in, or with a type error, is
// refused unvetted and compiles vetted. So only a catalog that the tests
// compile with every check (the embedded one) may be marked vetted.
func TestVettedCatalogSkipsTheChecks(t *testing.T) {
	for name, body := range map[string]string{
		"type error":       "violation contains v if some v in findings\n\nfindings contains {\"msg\": \"x\", \"details\": {}} if {\n\tx := 1 + \"a\"\n\tx > 0\n}\n",
		"refused built-in": "violation contains v if some v in findings\n\nfindings contains {\"msg\": \"x\", \"details\": {}} if {\n\thttp.send({\"method\": \"get\", \"url\": \"http://example.com\"})\n}\n",
	} {
		t.Run(name, func(t *testing.T) {
			cat := loadTestCatalog(t, policyFS("broken", body))
			if _, err := engine.New(cat, engine.Options{}); err == nil {
				t.Error("compiled with every check")
			}
			cat.Vetted = true
			if _, err := engine.New(cat, engine.Options{}); err != nil {
				t.Errorf("vetted: %v", err)
			}
		})
	}
}

// TestConstraintParametersAreData: Rego text in a Constraint's parameters
// stays a string: it is never compiled, and findings are the same as with
// a harmless value of that shape.
func TestConstraintParametersAreData(t *testing.T) {
	cat, err := catalog.Load(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	p := cat.Policy("image-tag-pinned")
	injected := []any{
		"latest",
		"x\"]}\nviolation contains {\"msg\": \"injected\"} if true\n#",
		"package shipshape.kubernetes.image_tag_pinned\nviolation contains {\"msg\": \"injected\"} if true",
		"`) } ; opa.runtime() ; x := (`",
	}
	cons, err := constraints.FromObject(map[string]any{
		"apiVersion": constraints.APIVersion, "kind": p.ConstraintKind(),
		"metadata": map[string]any{"name": "injected"},
		"spec":     map[string]any{"parameters": map[string]any{"disallowedTags": injected}},
	}, p)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(cat, engine.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	run, err := eng.Prepare(context.Background(), []*constraints.Constraint{cons}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pod := func(name, image string) inputs.Document {
		return inputs.Document{File: name, Line: 1, Input: inputs.KindKubernetes, Object: map[string]any{
			"apiVersion": "v1", "kind": "Pod",
			"metadata": map[string]any{"name": name, "namespace": "default"},
			"spec":     map[string]any{"containers": []any{map[string]any{"name": "a", "image": image}}},
		}}
	}
	findings, errs := run.Evaluate(context.Background(), []inputs.Document{
		pod("pinned", "nginx:1.27"), pod("latest", "nginx:latest"),
	})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(findings) != 1 || findings[0].Name != "latest" {
		t.Fatalf("findings %v, want only the latest tag", findings)
	}
	for _, f := range findings {
		if strings.Contains(f.Message, "injected") {
			t.Errorf("injected rule ran: %s", f.Message)
		}
	}
}
