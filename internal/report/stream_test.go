package report_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/report"
)

// TestStreamPrintsWhatWritePrints feeds the same reports through Write and
// through a Stream, in batches of several sizes with empty batches
// between, and compares the bytes, for every format.
func TestStreamPrintsWhatWritePrints(t *testing.T) {
	withNotes := fixture()
	withNotes.SetNotCovered([]inputs.Document{
		{File: "crd.yaml", Line: 1, Object: map[string]any{"apiVersion": "example.com/v1", "kind": "Widget", "metadata": map[string]any{"name": "w"}}},
	})
	big := bigReport(1000)
	big.Findings[10].Exempted, big.Findings[10].Reason = true, "vendored"
	big.Findings[500].Source = "chart/templates/pod.yaml"
	big.Findings[501].Source = "chart/templates/pod.yaml"
	big.Findings[502].Source = "chart/templates/other.yaml"
	big.Findings[700].Message = "two\nlines"
	reports := map[string]*report.Report{
		"fixture":    fixture(),
		"with notes": withNotes,
		"empty":      report.New(nil, nil, 3, 3),
		"big":        big,
	}
	type variant struct {
		format string
		opts   report.Options
	}
	var variants []variant
	for _, f := range report.Formats() {
		variants = append(variants, variant{f, report.Options{}})
	}
	variants = append(variants, variant{"text", report.Options{Color: true}}, variant{"junit", report.Options{FailOn: []string{"warn"}}})

	for _, v := range variants {
		v.opts.Rules, v.opts.Version = rules(), "test"
		w, err := report.ForFormat(v.format, v.opts)
		require.NoError(t, err)
		for name, r := range reports {
			var want bytes.Buffer
			require.NoError(t, w.Write(&want, r))
			for _, size := range []int{1, 2, 3, 7, 1000} {
				for _, keep := range []bool{false, true} {
					var got bytes.Buffer
					s := report.NewStream(w, &got)
					require.NoError(t, s.Findings(nil))
					for i := 0; i < len(r.Findings); i += size {
						require.NoError(t, s.Findings(r.Findings[i:min(i+size, len(r.Findings))]))
						require.NoError(t, s.Findings([]engine.Finding{}))
					}
					rest := *r
					if !keep { // Finish ignores the report's findings
						rest.Findings = nil
					}
					require.NoError(t, s.Finish(&rest))
					label := fmt.Sprintf("%s color=%v failOn=%v, report %q, batches of %d", v.format, v.opts.Color, v.opts.FailOn, name, size)
					if !assert.Equal(t, want.String(), got.String(), label) {
						return
					}
				}
			}
		}
	}
}

// failing is a writer that fails once n bytes went through.
type failing struct{ n int }

func (f *failing) Write(p []byte) (int, error) {
	if f.n < len(p) {
		return 0, fmt.Errorf("disk full")
	}
	f.n -= len(p)
	return len(p), nil
}

// TestStreamReportsWriteErrors: a streaming format reports a failing
// output while findings still come, so a run can stop early.
func TestStreamReportsWriteErrors(t *testing.T) {
	r := bigReport(10_000)
	for _, format := range []string{"text", "json", "github"} {
		w, err := report.ForFormat(format, report.Options{})
		require.NoError(t, err)
		s := report.NewStream(w, &failing{n: 1000})
		var got error
		for i := 0; i < len(r.Findings) && got == nil; i += 100 {
			got = s.Findings(r.Findings[i : i+100])
		}
		assert.ErrorContains(t, got, "disk full", format)
	}
}
