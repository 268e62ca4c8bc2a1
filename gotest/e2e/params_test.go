package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/constraints"
	"github.com/shipshape-dev/shipshape/internal/inputs"
)

// paramCase is one parameter value, as YAML, and whether a Constraint
// carrying it is admitted.
type paramCase struct {
	kind, param, value string
	admitted           bool
}

// paramCases are the quantity and regular expression parameters of the
// catalog with values of every legal form and bad ones; YAML reads the
// unquoted 1E3 and 34359738368 as numbers.
func paramCases() []paramCase {
	var out []paramCase
	for _, v := range []string{"32Gi", "512Mi", "1.5Gi", `"34359738368"`, `"128974848e3"`, "129M", "500m", `".5"`, `"5."`, `"1E3"`, `"1e-3"`, "+1k", "-1Gi", "2u", "1Ei", `"1e999"`, "null"} {
		out = append(out, paramCase{"IngressDedicatedNodes", "minMemory", v, true})
	}
	for _, v := range []string{"12XB", "32GB", "32gi", "1Kb", "lots", `""`, `" 32Gi"`, "1e1.5", "1e", "Gi", "1e1000", "34359738368", "1E3", "[32Gi]"} {
		out = append(out, paramCase{"IngressDedicatedNodes", "minMemory", v, false})
	}
	for _, kind := range []string{"NoSecretsInConfigmaps", "SecretsFromSecretRefs"} {
		for _, v := range []string{`""`, `"(?i)(passw(or)?d|secret)"`, `"^[A-Z_]+$"`, `"\\bkey\\b"`, `"(?P<n>x)"`, `"[[:alpha:]]+"`, `"\\pL"`, `"x*?"`} {
			out = append(out, paramCase{kind, "namePattern", v, true})
		}
		for _, v := range []string{`"(["`, `"(db"`, `"*"`, `"a{2,1}"`, `"(?<x)"`, `"\\p{Foo}"`, `"(?z)"`, `"x\\8"`, `"a**"`, "7"} {
			out = append(out, paramCase{kind, "namePattern", v, false})
		}
	}
	return out
}

// TestParamsOneVerdict applies Constraints with good and bad quantity and
// regular expression parameters with --dry-run=server and asserts the API
// server's verdict (the generated Constraint CRD's pattern and CEL rules)
// is the one `shipshape check` reaches loading the same file, and the
// expected one.
func TestParamsOneVerdict(t *testing.T) {
	c := needCluster(t)
	ctx := context.Background()
	cat, err := catalog.Load(os.DirFS(filepath.Join(RepoRoot(), "policies")))
	if err != nil {
		t.Fatal(err)
	}
	var admitted, refused int
	for i, pc := range paramCases() {
		name := fmt.Sprintf("%s %s: %s", pc.kind, pc.param, pc.value)
		doc := []byte(fmt.Sprintf("apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: %s\nmetadata:\n  name: e2e-params-%d\nspec:\n  enforcementAction: dryrun\n  parameters:\n    %s: %s\n", pc.kind, i, pc.param, pc.value))

		offlineErr := offlineConstraint(cat, doc)
		_, stderr, clusterErr := c.KubectlFull(ctx, doc, "apply", "--dry-run=server", "-f", "-")

		switch {
		case (offlineErr == nil) != (clusterErr == nil):
			t.Errorf("%s: two verdicts: offline %v; cluster %v %s", name, errText(offlineErr), errText(clusterErr), stderr)
		case (clusterErr == nil) != pc.admitted:
			t.Errorf("%s: admitted=%v in both places, want %v: %v %s", name, clusterErr == nil, pc.admitted, errText(offlineErr), stderr)
		case clusterErr != nil:
			refused++
			field := "spec.parameters." + pc.param
			if !strings.Contains(stderr, field) || !strings.Contains(offlineErr.Error(), field) {
				t.Errorf("%s: both refuse it, but not both name %s:\n  offline: %v\n  cluster: %s", name, field, offlineErr, stderr)
			}
		default:
			admitted++
		}
	}
	t.Logf("%d Constraints admitted and %d refused, offline as by the API server", admitted, refused)
}

// offlineConstraint loads one Constraint document as `shipshape check -c`
// does; nil when it is admitted.
func offlineConstraint(cat *catalog.Catalog, doc []byte) error {
	docs, errs := inputs.Parse("constraint.yaml", doc, inputs.DefaultOptions)
	if len(errs) == 0 {
		_, errs = constraints.Load(docs, cat)
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", errs[0].Message)
	}
	return nil
}

func errText(err error) string {
	if err == nil {
		return "admitted"
	}
	return "refused (" + err.Error() + ")"
}
