package scaffold

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/format"

	"github.com/shipshape-dev/shipshape/internal/build"
	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/policytest"
)

// withLib is the repository's policies/lib plus files, as one policies tree.
func withLib(t *testing.T, files []File) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	libs, err := filepath.Glob("../../policies/lib/*.rego")
	if err != nil || len(libs) == 0 {
		t.Fatalf("policies/lib: %v (%d files)", err, len(libs))
	}
	for _, f := range libs {
		if strings.HasSuffix(f, "_test.rego") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m["lib/"+filepath.Base(f)] = &fstest.MapFile{Data: b}
	}
	for _, f := range files {
		m[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	return m
}

func TestEveryInputKindHasAScaffold(t *testing.T) {
	for _, in := range catalog.Inputs() {
		if _, ok := inputsByKind[in]; !ok {
			t.Errorf("input kind %s has no scaffold in inputsByKind", in)
		}
	}
	if len(inputsByKind) != len(catalog.Inputs()) {
		t.Errorf("inputsByKind has %d kinds, the catalog %d", len(inputsByKind), len(catalog.Inputs()))
	}
}

// TestNewPolicyLoadsBuildsAndFailsUntilFilledIn: for every input kind, the
// new folder loads in the catalog with the METADATA given, is opa
// fmt-clean and compiles strictly, gets a template when it is a Kubernetes
// policy, and its denied unit test and denied suite case fail while the
// allowed ones pass.
func TestNewPolicyLoadsBuildsAndFailsUntilFilledIn(t *testing.T) {
	for _, in := range catalog.Inputs() {
		t.Run(in, func(t *testing.T) {
			key := in + "/scaffold-probe-2"
			files, err := Files(key, Options{Action: "warn"})
			if err != nil {
				t.Fatal(err)
			}
			fsys := withLib(t, files)
			cat, err := catalog.Load(fsys)
			if err != nil {
				t.Fatalf("catalog.Load: %v", err)
			}
			p := cat.PolicyFor(in, "scaffold-probe-2")
			if p == nil {
				t.Fatalf("%s not in the catalog", key)
			}
			if p.Action != "warn" || p.Title == "" || p.Description == "" || p.Section == "" || len(p.Kinds) == 0 {
				t.Errorf("METADATA: action %q, title %q, section %q, kinds %v", p.Action, p.Title, p.Section, p.Kinds)
			}
			if p.SectionID() != "F" {
				t.Errorf("section letter %q, want F", p.SectionID())
			}

			mods, err := policytest.RegoModules(fsys)
			if err != nil {
				t.Fatal(err)
			}
			for name := range mods {
				if !strings.HasPrefix(name, in+"/") {
					continue
				}
				src, _ := fs.ReadFile(fsys, name)
				formatted, err := format.SourceWithOpts(name, src, format.Opts{RegoVersion: ast.RegoV1})
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if string(formatted) != string(src) {
					t.Errorf("%s is not opa fmt-clean; opa fmt writes:\n%s", name, formatted)
				}
			}
			compiler := ast.NewCompiler().WithStrict(true).WithCapabilities(engine.Capabilities())
			if compiler.Compile(mods); compiler.Failed() {
				t.Fatalf("strict compile: %v", compiler.Errors)
			}

			outputs, err := build.Outputs(cat)
			if err != nil {
				t.Fatalf("build.Outputs: %v", err)
			}
			hasTemplate := false
			for _, f := range outputs {
				if path.Base(f.Path) == "scaffold-probe-2.yaml" && path.Dir(f.Path) == "templates" {
					hasTemplate = true
				}
			}
			if want := in == catalog.InputKubernetes; hasTemplate != want {
				t.Errorf("templates/scaffold-probe-2.yaml generated: %v, want %v", hasTemplate, want)
			}

			units, err := policytest.RunUnit(context.Background(), fsys)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{} // test name -> failed
			for _, u := range units {
				if strings.HasPrefix(u.File, in+"/") {
					if u.Err != nil {
						t.Errorf("%s: %v", u.Name, u.Err)
					}
					got[u.Name[strings.LastIndex(u.Name, ".")+1:]] = u.Fail
				}
			}
			if fail, ok := got["test_allowed_passes"]; !ok || fail {
				t.Errorf("test_allowed_passes: ran %v, failed %v", ok, fail)
			}
			if fail, ok := got["test_denied_is_denied"]; !ok || !fail {
				t.Errorf("test_denied_is_denied: ran %v, failed %v; it must fail until the rule is written", ok, fail)
			}

			eng, err := engine.New(cat, engine.Options{})
			if err != nil {
				t.Fatal(err)
			}
			suites, err := policytest.Suites(fsys, cat)
			if err != nil {
				t.Fatal(err)
			}
			if len(suites) != 1 {
				t.Fatalf("%d suites, want 1", len(suites))
			}
			outcomes := map[string]error{}
			for _, o := range policytest.RunSuite(context.Background(), fsys, cat, eng, suites[0]) {
				outcomes[o.Case] = o.Err
			}
			if err, ok := outcomes["allowed-example"]; !ok || err != nil {
				t.Errorf("allowed-example: ran %v, err %v", ok, err)
			}
			if err, ok := outcomes["denied-example"]; !ok || err == nil {
				t.Errorf("denied-example: ran %v, passed; it must fail until the rule is written", ok)
			}
		})
	}
}

func TestKeyRefusesWhatIsNotAPolicy(t *testing.T) {
	for _, tc := range []struct {
		key, want string
	}{
		{"kubernetes", "want INPUT/ID"},
		{"helm/chart-check", `input "helm" is not one of kubernetes, dockerfile, kubeconfig, plan`},
		{"kubernetes/Probes", "not a check ID"},
		{"kubernetes/probes_required", "not a check ID"},
		{"kubernetes/1st-check", "not a check ID"},
		{"kubernetes/a--b", "not a check ID"},
		{"kubernetes/", "not a check ID"},
		{"kubernetes/a/b", "not a check ID"},
		{"kubernetes/../lib", "not a check ID"},
		{"kubernetes/x-", "not a check ID"},
	} {
		_, _, err := Key(tc.key)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Key(%q) = %v, want an error containing %q", tc.key, err, tc.want)
		}
	}
	for _, key := range []string{"kubernetes/e2e-new-check", "plan/x", "dockerfile/a1-b2", "kubeconfig/no-tokens"} {
		if _, _, err := Key(key); err != nil {
			t.Errorf("Key(%q): %v", key, err)
		}
	}
}

func TestFilesRefusesAnUnknownAction(t *testing.T) {
	if _, err := Files("kubernetes/x", Options{Action: "block"}); err == nil {
		t.Error("action block accepted")
	}
}

func TestWriteRefusesAnExistingFolderAndAForeignRoot(t *testing.T) {
	root := t.TempDir()
	if _, err := Write(root, "kubernetes/x", Options{}); err == nil || !strings.Contains(err.Error(), "not a policies folder") {
		t.Fatalf("root without lib/: %v", err)
	}
	if err := os.Mkdir(filepath.Join(root, "lib"), 0o755); err != nil {
		t.Fatal(err)
	}
	written, err := Write(root, "kubernetes/x", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(written) != 6 {
		t.Errorf("wrote %d files, want 6: %v", len(written), written)
	}
	before, _ := os.ReadFile(filepath.Join(root, "kubernetes/x/policy.rego"))
	if err := os.WriteFile(filepath.Join(root, "kubernetes/x/policy.rego"), []byte("edited"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Write(root, "kubernetes/x", Options{})
	if !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), filepath.Join(root, "kubernetes", "x")) {
		t.Errorf("second Write: %v, want ErrExists naming the folder", err)
	}
	if after, _ := os.ReadFile(filepath.Join(root, "kubernetes/x/policy.rego")); string(after) != "edited" || len(before) == 0 {
		t.Error("the existing policy was written over")
	}
	// The same ID for another input is allowed, and said.
	if _, err := Write(root, "dockerfile/x", Options{}); err != nil {
		t.Errorf("dockerfile/x beside kubernetes/x: %v", err)
	}
	if got := SameIDOtherInputs(root, "dockerfile/x"); len(got) != 1 || got[0] != "kubernetes" {
		t.Errorf("SameIDOtherInputs = %v, want [kubernetes]", got)
	}
}
