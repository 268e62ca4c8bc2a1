package gotest

import (
	"context"

	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"
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
