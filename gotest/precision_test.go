package gotest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/check"
	"github.com/shipshape-dev/shipshape/internal/report"
)

var updatePrecision = flag.Bool("update-precision", false, "rewrite gotest/testdata/precision/expected.txt from this run")

func precisionDir() string { return filepath.Join(RepoRoot(), "gotest", "testdata", "precision") }

func precisionRun(tb testing.TB) *report.Report {
	rep, err := check.Run(context.Background(), loadCatalog(tb), check.Params{Paths: []string{precisionDir()}, Namespace: "default"})
	require.NoError(tb, err)
	return rep
}

// precisionLines are the findings of a run, one line each, sorted:
// file:line action policy kind/namespace/name field.
func precisionLines(rep *report.Report) []string {
	var out []string
	for _, f := range rep.Findings {
		field, _ := f.Details["field"].(string)
		name := f.Name
		if f.Kind == "Dockerfile" {
			name = filepath.Base(name) // a Dockerfile is named by its path
		}
		out = append(out, fmt.Sprintf("%s:%d %s %s %s/%s/%s %s", filepath.Base(f.File), f.Line, f.Action, f.Policy, f.Kind, f.Namespace, name, field))
	}
	sort.Strings(out)
	return out
}

// precisionTable counts findings and deny findings per object, per check.
func precisionTable(rep *report.Report) string {
	type count struct{ all, deny int }
	per := map[string]*count{}
	for _, f := range rep.Findings {
		c := per[f.Policy]
		if c == nil {
			c = &count{}
			per[f.Policy] = c
		}
		c.all++
		if f.Action == "deny" {
			c.deny++
		}
	}
	ids := make([]string, 0, len(per))
	for id := range per {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	n := float64(rep.Summary.Documents)
	var b strings.Builder
	fmt.Fprintf(&b, "%-36s %9s %9s\n", "check", "find/obj", "deny/obj")
	all, deny := 0, 0
	for _, id := range ids {
		fmt.Fprintf(&b, "%-36s %9.3f %9.3f\n", id, float64(per[id].all)/n, float64(per[id].deny)/n)
		all += per[id].all
		deny += per[id].deny
	}
	fmt.Fprintf(&b, "%-36s %9.3f %9.3f   (%d objects, %d findings, %d deny)\n", "total", float64(all)/n, float64(deny)/n, rep.Summary.Documents, all, deny)
	return b.String()
}

// TestPrecisionCorpus: shipshape's findings on the realistic corpus are
// exactly the reviewed list in expected.txt, so a new false deny (or a lost
// true finding) fails. Rewrite the list with -update-precision and review
// the diff.
func TestPrecisionCorpus(t *testing.T) {
	rep := precisionRun(t)
	require.Empty(t, rep.Errors)
	got := strings.Join(precisionLines(rep), "\n") + "\n"
	path := filepath.Join(precisionDir(), "expected.txt")
	if *updatePrecision {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, string(want), got, "findings on the precision corpus changed; review, then go test ./gotest/ -run TestPrecisionCorpus -update-precision")
	t.Logf("per check, over the corpus:\n%s", precisionTable(rep))
}

// BenchmarkPrecision times a run over the corpus and reports findings and
// deny findings per object.
func BenchmarkPrecision(b *testing.B) {
	var rep *report.Report
	for i := 0; i < b.N; i++ {
		rep = precisionRun(b)
	}
	n := float64(rep.Summary.Documents)
	b.ReportMetric(float64(len(rep.Findings))/n, "findings/obj")
	b.ReportMetric(float64(rep.Summary.Deny)/n, "deny/obj")
	fmt.Print(precisionTable(rep))
}
