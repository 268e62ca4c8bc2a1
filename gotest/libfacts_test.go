package gotest

import (
	"context"

	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/distribution/reference"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/constraints"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/inventory"
	"k8s.io/apimachinery/pkg/api/resource"
)

// evalLib evaluates query with input against the Rego library (policies/lib)
// and returns the single value it yields.
func evalLib(t *testing.T, query string, input any) any {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(PoliciesDir(), "lib", "*.rego"))
	if err != nil {
		t.Fatal(err)
	}
	opts := []func(*rego.Rego){rego.Query(query), rego.Input(input)}
	for _, f := range files {
		if filepath.Ext(f) == ".rego" && !isTestFile(f) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			opts = append(opts, rego.Module(f, string(src)))
		}
	}
	rs, err := rego.New(opts...).Eval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		t.Fatalf("%s: want one value, got %v", query, rs)
	}
	return rs[0].Expressions[0].Value
}

func isTestFile(f string) bool { return len(f) > 10 && f[len(f)-10:] == "_test.rego" }

// generatedQuantities writes quantities every way the grammar allows, and
// near misses: signs, leading zeros, bare points, long digit runs (the fast
// and the slow path of ParseQuantity), every suffix, exponents with signs
// and leading zeros, and suffixes Kubernetes refuses.
func generatedQuantities() []string {
	signs := []string{"", "+", "-"}
	ints := []string{"", "0", "1", "007", "128", "15500", "999999999999999999", "12345678901234567890"}
	fracs := []string{"", ".", ".5", ".0", ".000000001", ".1234567891", ".25000", ".00000000001"}
	suffixes := []string{"", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
		"e3", "E3", "e-2", "E+4", "e-12", "e0", "e007", "e19", "E-20", "e300",
		"K", "ki", "KiB", "mi", "e", "E+", "Ee3", "e1.5", " ", "i", "MM", "b", "e99999999999999999999", "e9223372036854775807x"}
	var out []string
	for _, s := range signs {
		for _, i := range ints {
			for _, f := range fracs {
				for _, x := range suffixes {
					out = append(out, s+i+f+x)
				}
			}
		}
	}
	return append(out, "", " 1", "1 ", "--1", "+-1", "1.2.3", "0x10", "1_000", "٣", "1e3e3", "Ki", "e3", "+.e3", "1Mi1")
}

// TestQuantityHelperIsParseQuantity pins lib.quantity against Kubernetes'
// resource.ParseQuantity: the same strings are quantities, with the same
// value.
func TestQuantityHelperIsParseQuantity(t *testing.T) {
	qs := generatedQuantities()
	res := evalLib(t, `{q: r | some q in input; r := {"valid": data.lib.quantity.valid(q), "value": [v | v := data.lib.quantity.parse(q)]}}`, qs).(map[string]any)
	var valid, checked int
	for _, q := range qs {
		r := res[q].(map[string]any)
		want, err := resource.ParseQuantity(q)
		if (err == nil) != r["valid"].(bool) {
			t.Errorf("%q: Kubernetes says valid=%v (%v), the helper %v", q, err == nil, err, r["valid"])
			continue
		}
		if err != nil {
			continue
		}
		valid++
		vs := r["value"].([]any)
		if f := want.AsApproximateFloat64(); math.IsInf(f, 0) || math.Abs(f) > math.MaxFloat64/2 {
			// Beyond float64 OPA holds no number: the helper has no value.
			if len(vs) != 0 {
				t.Errorf("%q: helper reads %v past float64's range", q, vs)
			}
			continue
		}
		if len(vs) != 1 {
			t.Errorf("%q: helper has no value, Kubernetes reads %s", q, want.AsDec())
			continue
		}
		g, ok := new(big.Rat).SetString(fmt.Sprint(vs[0]))
		w, ok2 := new(big.Rat).SetString(want.AsDec().String())
		if !ok || !ok2 || g.Cmp(w) != 0 {
			t.Errorf("%q: helper reads %v, Kubernetes %s", q, vs[0], want.AsDec())
		}
		checked++
	}
	t.Logf("%d generated quantities, %d valid, values compared for %d", len(qs), valid, checked)
	if valid < 1000 || len(qs)-valid < 500 {
		t.Errorf("the generator covers too little: %d valid of %d", valid, len(qs))
	}
}

// generatedReferences writes image references from parts: hosts (Docker
// Hub spelled three ways, localhost, ports, IPv6, upper case), paths (one
// segment, library/, nested, separators, upper case, bad characters),
// tags and digests valid and not.
func generatedReferences() []string {
	hosts := []string{"", "docker.io/", "index.docker.io/", "localhost/", "localhost:5000/", "registry.example.com/", "Registry.Example.com/", "host:5000/", "[::1]:5000/", "10.0.0.1/", "-bad.io/", "Docker/", "ex_ample.com/"}
	paths := []string{"nginx", "library/nginx", "shop/web", "a/b/c", "my-app", "my__app", "my..app", "a.b_c-d", "Nginx", "shop/Web", "_x", "x_", "a//b", "", "nginx/"}
	tags := []string{"", ":1.27", ":latest", ":V1_A-b.c", ":", ":.bad", ":-bad", ":" + strings.Repeat("t", 128), ":" + strings.Repeat("t", 129), ":1:2"}
	digests := []string{"", "@sha256:" + strings.Repeat("a", 64), "@sha256:" + strings.Repeat("A", 64), "@sha256:abc", "@sha512:" + strings.Repeat("b", 128), "@md5:" + strings.Repeat("c", 32), "@sha256:" + strings.Repeat("a", 65)}
	var out []string
	for _, h := range hosts {
		for _, p := range paths {
			for _, t := range tags {
				for _, d := range digests {
					out = append(out, h+p+t+d)
				}
			}
		}
	}
	return append(out, strings.Repeat("a", 64), strings.Repeat("a", 63), "localhost", "example.com", "docker.io", "host:5000", "nginx@", "@sha256:"+strings.Repeat("a", 64), strings.Repeat("a/", 130)+"b")
}

// TestImageHelperIsParseNormalizedNamed pins lib.images.normalized against
// distribution/reference (a test-only dependency): the same strings are
// references, with the same name, tag and digest.
func TestImageHelperIsParseNormalizedNamed(t *testing.T) {
	refs := generatedReferences()
	res := evalLib(t, `{r: [n | n := data.lib.images.normalized(r)] | some r in input}`, refs).(map[string]any)
	valid := 0
	for _, r := range refs {
		got := res[r].([]any)
		want, err := reference.ParseNormalizedNamed(r)
		if (err == nil) != (len(got) == 1) {
			t.Errorf("%q: reference says err=%v, the helper %v", r, err, got)
			continue
		}
		if err != nil {
			continue
		}
		valid++
		g := got[0].(map[string]any)
		wantTag, wantDigest := "", ""
		if tagged, ok := want.(reference.Tagged); ok {
			wantTag = tagged.Tag()
		}
		if dg, ok := want.(reference.Digested); ok {
			wantDigest = dg.Digest().String()
		}
		if g["name"] != want.Name() || g["domain"] != reference.Domain(want) || g["path"] != reference.Path(want) || g["tag"] != wantTag || g["digest"] != wantDigest {
			t.Errorf("%q: helper %v, reference name %s tag %q digest %q", r, g, want.Name(), wantTag, wantDigest)
		}
	}
	t.Logf("%d generated references, %d valid", len(refs), valid)
	if valid < 1000 || len(refs)-valid < 1000 {
		t.Errorf("the generator covers too little: %d valid of %d", valid, len(refs))
	}
}

// TestAllowedRegistriesOneVerdict runs one AllowedRegistries Constraint on
// the same image as a container and as a Dockerfile's FROM: both variants
// must agree, on references the two copies used to read apart.
func TestAllowedRegistriesOneVerdict(t *testing.T) {
	fsys := os.DirFS(PoliciesDir())
	cat, err := catalog.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(cat, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	digest := "@sha256:" + strings.Repeat("a", 64)
	for _, tc := range []struct {
		registries string
		image      string
		allowed    bool
	}{
		{"[docker.io]", "nginx:1.27", true},
		{"[docker.io/library]", "nginx:1.27", true},
		{"[docker.io/library]", "docker.io/nginx", true},
		{"[docker.io/library]", "index.docker.io/library/nginx", true},
		{"[docker.io/library]", "bitnami/nginx", false},
		{"[registry.example.com/shop/web]", "registry.example.com/shop/web:1", true}, // the Kubernetes copy denied an exact repository
		{"[registry.example.com/shop]", "registry.example.com/shopping/web:1", false},
		{"[registry.example.com/shop/]", "registry.example.com/shop/web" + digest, true},
		{"[host:5000]", "host:5000/app:1", true},
		{"[host:5000]", "host:5001/app:1", false},
		{"[host]", "host:5000/app", false},
		{"[localhost:5000]", "localhost:5000/x", true},
		{"[localhost]", "localhost/x", true},
		{"[registry.example.com]", "registry.example.com.evil.io/web:1", false},
		{"[registry.example.com]", "registry.example.com/Web:1", false}, // upper case: not a reference
		{"[registry.example.com]", "registry.example.com/web@sha256:abc", false},
		{"[docker.io]", "Docker/web", false}, // an upper-case first segment is a host
	} {
		constraint := "apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: AllowedRegistries\nmetadata: {name: one}\nspec:\n  parameters:\n    registries: " + tc.registries + "\n"
		docs, errs := inputs.Parse("constraint.yaml", []byte(constraint), inputs.DefaultOptions)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		cons, errs := constraints.Load(docs, cat)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		pod := fmt.Sprintf("apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  containers:\n  - name: c\n    image: %q\n", tc.image)
		objs, errs := inputs.Parse("pod.yaml", []byte(pod), inputs.DefaultOptions)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		df, errs := inputs.Parse("Dockerfile", []byte("FROM "+tc.image+"\nUSER app\n"), inputs.DefaultOptions)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		run, err := eng.Prepare(context.Background(), cons, inventory.Build(nil))
		if err != nil {
			t.Fatal(err)
		}
		verdict := map[string]bool{}
		for _, d := range [][]inputs.Document{objs, df} {
			findings, errs := run.Evaluate(context.Background(), d)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			denied := false
			for _, f := range findings {
				if f.Policy == "allowed-registries" {
					denied = true
				}
			}
			verdict[d[0].File] = !denied
		}
		if verdict["pod.yaml"] != tc.allowed || verdict["Dockerfile"] != tc.allowed {
			t.Errorf("registries %s, image %s: container allowed=%v, FROM allowed=%v, want %v", tc.registries, tc.image, verdict["pod.yaml"], verdict["Dockerfile"], tc.allowed)
		}
	}
}
