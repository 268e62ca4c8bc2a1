package gotest

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/check"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/render"
)

// BenchmarkRender gives the cost of rendering one chart (the test chart,
// with its dependency on) and one overlay next to the cost of checking
// what they render: render-ms is render.Render alone, check-ms is the
// whole catalog over the rendered output saved as a plain YAML file, and
// run-ms a whole check of the folder (rendering, checking, mapping every
// finding back to its source).
func BenchmarkRender(b *testing.B) {
	cat := loadCatalog(b)
	shop := filepath.Join(RepoRoot(), renderData, "shop")
	for _, v := range []struct {
		name string
		dir  string
		opts render.Options
	}{
		{"chart=shop", shop, render.Options{Values: []string{filepath.Join(shop, "values-dev.yaml")}}},
		{"overlay=prod", filepath.Join(RepoRoot(), renderData, "overlay", "prod"), render.Options{}},
	} {
		b.Run(v.name, func(b *testing.B) {
			r, err := render.New(v.opts)
			require.NoError(b, err)
			limits := inputs.DefaultOptions
			limits.Render = r
			res := r.Render(v.dir, limits)
			require.Empty(b, res.Errors)
			// The rendered output as one plain file.
			names := make([]string, 0, len(res.Pipes))
			for name := range res.Pipes {
				names = append(names, name)
			}
			sort.Strings(names)
			var plain []byte
			for _, name := range names {
				plain = append(append(plain, "---\n"...), res.Pipes[name]...)
			}
			file := filepath.Join(b.TempDir(), "rendered.yaml")
			require.NoError(b, os.WriteFile(file, plain, 0o644))
			docs := len(res.Documents)

			var renderT, checkT, runT time.Duration
			for i := 0; i < b.N; i++ {
				start := time.Now()
				out := r.Render(v.dir, limits)
				renderT += time.Since(start)
				require.Len(b, out.Documents, docs)

				start = time.Now()
				rep, err := check.Run(context.Background(), cat, check.Params{Paths: []string{file}})
				checkT += time.Since(start)
				require.NoError(b, err)
				require.Equal(b, docs, rep.Summary.Documents)

				start = time.Now()
				rep, err = check.Run(context.Background(), cat, check.Params{Paths: []string{v.dir}, Limits: limits})
				runT += time.Since(start)
				require.NoError(b, err)
				require.Empty(b, rep.Errors)
				require.Equal(b, docs, rep.Summary.Documents)
			}
			n := float64(b.N)
			b.ReportMetric(float64(renderT.Microseconds())/1000/n, "render-ms")
			b.ReportMetric(float64(checkT.Microseconds())/1000/n, "check-ms")
			b.ReportMetric(float64(runT.Microseconds())/1000/n, "run-ms")
			b.ReportMetric(float64(docs), "docs")
		})
	}
}
