package catalog

import (
	"context"
	"io/fs"
	"math/rand"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/shipshape-dev/shipshape/policies"
)

var quantityRE = regexp.MustCompile(QuantityPattern)

// structuredQuantities writes strings from the parts of the quantity
// grammar and near misses of each part: signs, digit runs long enough for
// ParseQuantity's slow path, bare points, every suffix, exponents with
// signs, leading zeros and up to 20 digits, and suffixes Kubernetes
// refuses. Exponents of more than four digits are written only after
// short numbers and never negative: there ParseQuantity's slow path rounds
// to 10^n for n near the exponent, which for 1e-999999999 runs for hours.
func structuredQuantities() []string {
	signs := []string{"", "+", "-"}
	ints := []string{"", "0", "1", "007", "32", "15500", "999999999999999999", "12345678901234567890"}
	fracs := []string{"", ".", ".5", ".0", ".000000001", ".1234567891", ".25000"}
	suffixes := []string{"", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
		"e3", "E3", "e-2", "E+4", "e-12", "e0", "e007", "e-007", "e19", "E-20", "e300", "e99999999999999999999",
		"K", "ki", "KiB", "mi", "e", "E+", "e+-3", "Ee3", "e1.5", "e.5", " ", "i", "MM", "b", "B", "GB", "XB", "e3x", "Mi1"}
	longExponents := []string{"e1000", "e-1000", "e9999", "e-9999", "e999999999", "E+0000000000999999999", "e1000000000", "e4294967296", "E+9223372036854775807"}
	var out []string
	for _, s := range signs {
		for _, i := range ints {
			for _, f := range fracs {
				for _, x := range suffixes {
					out = append(out, s+i+f+x)
				}
			}
		}
		for _, i := range []string{"", "1", "007", "32"} {
			for _, f := range []string{"", ".", ".5"} {
				for _, x := range longExponents {
					out = append(out, s+i+f+x)
				}
			}
		}
	}
	return append(out, "", " 1", "1 ", "--1", "+-1", "1.2.3", "0x10", "1_000", "1,5", "٣", "1e3e3", "12XB", "32GiB", "1Gi ", "\t1")
}

// randomQuantities are short strings over the characters the quantity
// grammar uses (and two it does not), seeded so a run can be repeated.
func randomQuantities(n int) []string {
	const alphabet = "0123456789.+-eEinumkKMGTPx "
	r := rand.New(rand.NewSource(12))
	out := make([]string, n)
	for i := range out {
		b := make([]byte, 1+r.Intn(7))
		for j := range b {
			b[j] = alphabet[r.Intn(len(alphabet))]
		}
		out[i] = string(b)
	}
	return out
}

// Where ParseQuantity reads a string that QuantityPattern refuses, the
// string is one of these two kinds (QuantityPattern's comment names them).
var (
	numberWithoutDigits = regexp.MustCompile(`^[+-]?\.?([KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$`)
	longExponent        = regexp.MustCompile(`[eE][+-]?0*[1-9][0-9]{3,}$`)
)

// TestQuantityPatternIsParseQuantity pins QuantityPattern against
// resource.ParseQuantity: every string the pattern accepts parses (and
// lib.quantity, which every policy reads quantities with, reads it too),
// the canonical form Kubernetes writes of any quantity is accepted, and
// every string that parses but is refused is of a kind the pattern's
// comment names.
func TestQuantityPatternIsParseQuantity(t *testing.T) {
	qs := append(structuredQuantities(), randomQuantities(300000)...)
	var accepted []string
	seen := map[string]bool{}
	stricter := map[string]int{}
	for _, q := range qs {
		if seen[q] {
			continue
		}
		seen[q] = true
		parsed, err := resource.ParseQuantity(q)
		ok := quantityRE.MatchString(q)
		switch {
		case ok && err != nil:
			t.Errorf("%q: the pattern accepts it, ParseQuantity does not: %v", q, err)
		case ok:
			accepted = append(accepted, q)
			{
				// The canonical form of what was read.
				if c := parsed.String(); !quantityRE.MatchString(c) {
					t.Errorf("%q: its canonical form %q is refused", q, c)
				}
			}
		case err == nil && numberWithoutDigits.MatchString(q):
			stricter["a number without digits"]++
		case err == nil && longExponent.MatchString(q):
			stricter["an exponent of 4 or more digits"]++
		case err == nil:
			t.Errorf("%q: ParseQuantity reads it as %s, the pattern refuses it", q, parsed.String())
		}
	}
	t.Logf("%d distinct strings, %d accepted by the pattern; stricter than ParseQuantity on %v", len(seen), len(accepted), stricter)
	if len(accepted) < 5000 || len(seen)-len(accepted) < 5000 {
		t.Errorf("the generators cover too little: %d accepted of %d", len(accepted), len(seen))
	}
	// Past 2^31 ParseQuantity cuts the exponent to 32 bits: one reason
	// for the bound.
	if q := resource.MustParse("1e4294967296"); q.Cmp(resource.MustParse("1")) != 0 {
		t.Errorf("1e4294967296 reads as %s; the comment on QuantityPattern says 1", q.String())
	}

	// Canonical forms of generated values, every format and scale.
	r := rand.New(rand.NewSource(7))
	var canonical int
	for range 20000 {
		v := r.Int63n(1 << uint(1+r.Intn(62)))
		if r.Intn(2) == 0 {
			v = -v
		}
		for _, q := range []*resource.Quantity{
			resource.NewScaledQuantity(v, resource.Scale(r.Intn(28)-9)),
			resource.NewQuantity(v, resource.BinarySI),
			resource.NewQuantity(v, resource.DecimalExponent),
			resource.NewMilliQuantity(v, resource.DecimalSI),
		} {
			canonical++
			if s := q.String(); !quantityRE.MatchString(s) {
				t.Errorf("canonical %q is refused", s)
			}
		}
	}
	t.Logf("%d canonical forms accepted", canonical)

	// What the schema admits, the policies read: lib.quantity.valid holds
	// for every accepted string (a sample of the random ones).
	sample := accepted
	if len(sample) > 6000 {
		sample = sample[:6000]
	}
	valid := evalQuantityValid(t, sample)
	for _, q := range sample {
		if !valid[q] {
			t.Errorf("%q: the pattern accepts it, lib.quantity.valid does not", q)
		}
	}
}

// evalQuantityValid evaluates data.lib.quantity.valid on each string.
func evalQuantityValid(t *testing.T, qs []string) map[string]bool {
	t.Helper()
	src, err := fs.ReadFile(policies.FS, "lib/quantity.rego")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := rego.New(
		rego.Query(`{q: data.lib.quantity.valid(q) | some q in input}`),
		rego.Module("lib/quantity.rego", string(src)),
		rego.Input(qs),
	).Eval(context.Background())
	if err != nil || len(rs) != 1 {
		t.Fatalf("lib.quantity.valid: %v %v", rs, err)
	}
	out := map[string]bool{}
	for q, v := range rs[0].Expressions[0].Value.(map[string]any) {
		out[q], _ = v.(bool)
	}
	return out
}

// TestQuantityPatternExamples: the forms users write, and the mistakes.
func TestQuantityPatternExamples(t *testing.T) {
	for _, q := range []string{"32Gi", "512Mi", "1.5Gi", "128974848", "129e6", "129M", "123Mi", "500m", "0.5", ".5", "5.", "1E3", "1e+3", "1e-3", "+1k", "-1Gi", "2u", "3n", "0", "1Ei", "1000000000000000000000"} {
		if !quantityRE.MatchString(q) {
			t.Errorf("%q is refused", q)
		}
	}
	for _, q := range []string{"12XB", "32GB", "32gi", "1Kb", "1K", "lots", "", " 1Gi", "1 Gi", "1e1.5", "1e", "Gi", "1.2.3", "0x10", "1_000"} {
		if quantityRE.MatchString(q) {
			t.Errorf("%q is accepted", q)
		}
	}
}

func TestExpandFormats(t *testing.T) {
	str := func(extra map[string]any) map[string]any {
		s := map[string]any{"type": "string"}
		for k, v := range extra {
			s[k] = v
		}
		return s
	}
	regexRule := map[string]any{"rule": RegexRule, "message": RegexMessage}
	for _, tc := range []struct {
		name    string
		params  map[string]any
		want    map[string]any // params after expansion
		wantErr string
	}{
		{
			name:   "quantity and regex",
			params: map[string]any{"min": str(map[string]any{"format": "quantity", "default": "1Gi"}), "re": str(map[string]any{"format": "regex"})},
			want:   map[string]any{"min": str(map[string]any{"pattern": QuantityPattern, "default": "1Gi"}), "re": str(map[string]any{"x-kubernetes-validations": []any{regexRule}})},
		},
		{
			name: "nested in items, properties and additionalProperties",
			params: map[string]any{"limits": map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{
				"max":    str(map[string]any{"format": "quantity"}),
				"byName": map[string]any{"type": "object", "additionalProperties": str(map[string]any{"format": "regex"})},
			}}}},
			want: map[string]any{"limits": map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{
				"max":    str(map[string]any{"pattern": QuantityPattern}),
				"byName": map[string]any{"type": "object", "additionalProperties": str(map[string]any{"x-kubernetes-validations": []any{regexRule}})},
			}}}},
		},
		{
			name:   "a regex rule is added to the parameter's own rules",
			params: map[string]any{"re": str(map[string]any{"format": "regex", "x-kubernetes-validations": []any{map[string]any{"rule": "self != ''"}}})},
			want:   map[string]any{"re": str(map[string]any{"x-kubernetes-validations": []any{map[string]any{"rule": "self != ''"}, regexRule}})},
		},
		{
			name:   "formats the API server knows stay",
			params: map[string]any{"at": str(map[string]any{"format": "date-time"}), "n": map[string]any{"type": "integer", "format": "int32"}},
			want:   map[string]any{"at": str(map[string]any{"format": "date-time"}), "n": map[string]any{"type": "integer", "format": "int32"}},
		},
		{name: "quantity on a number", params: map[string]any{"min": map[string]any{"type": "number", "format": "quantity"}}, wantErr: `min: format quantity needs type string, not "number"`},
		{name: "regex without a type", params: map[string]any{"re": map[string]any{"format": "regex"}}, wantErr: `re: format regex needs type string, not ""`},
		{name: "quantity with a pattern of its own", params: map[string]any{"min": str(map[string]any{"format": "quantity", "pattern": "^1$"})}, wantErr: "min: format quantity sets the pattern"},
		{name: "a format the API server ignores", params: map[string]any{"x": map[string]any{"type": "object", "properties": map[string]any{"re": str(map[string]any{"format": "regexp"})}}}, wantErr: `x.re: the API server does not know format "regexp"`},
		{name: "integer format on a string", params: map[string]any{"n": str(map[string]any{"format": "int32"})}, wantErr: `n: the API server does not know format "int32" for type "string"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := expandFormats(tc.params)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(tc.params, tc.want) {
				t.Errorf("got\n%v\nwant\n%v", tc.params, tc.want)
			}
		})
	}
}

// TestCatalogParameterFormats: the catalog's quantity and regular
// expression parameters (METADATA format quantity / regex) carry the
// schemas the API server enforces, and no parameter keeps a format.
func TestCatalogParameterFormats(t *testing.T) {
	cat, err := Load(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	var quantities, regexes []string
	for _, p := range cat.Policies {
		for _, name := range sortedKeys(p.Parameters) {
			s := p.Parameters[name].(map[string]any)
			if _, ok := s["format"]; ok {
				t.Errorf("%s: parameter %s keeps format %v", p.Key(), name, s["format"])
			}
			if s["pattern"] == QuantityPattern {
				quantities = append(quantities, p.ID+"."+name)
			}
			if rules, _ := s["x-kubernetes-validations"].([]any); len(rules) > 0 && reflect.DeepEqual(rules[len(rules)-1], map[string]any{"rule": RegexRule, "message": RegexMessage}) {
				regexes = append(regexes, p.ID+"."+name)
			}
		}
	}
	sort.Strings(quantities)
	sort.Strings(regexes)
	if got := strings.Join(quantities, " "); got != "ingress-dedicated-nodes.minMemory" {
		t.Errorf("quantity parameters: %s", got)
	}
	if got := strings.Join(regexes, " "); got != "no-secrets-in-configmaps.namePattern secrets-from-secret-refs.namePattern" {
		t.Errorf("regular expression parameters: %s", got)
	}
}
