package gotest

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/gotest/corpus"
	"github.com/shipshape-dev/shipshape/internal/check"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/report"
)

const corpusSeed = 42

// corpusDir writes (once per size) a corpus of n documents, 10 to a file.
func corpusDir(b *testing.B, n int) string {
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("shipshape-corpus-%d-%d", corpusSeed, n))
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err == nil {
		return dir
	}
	require.NoError(b, os.RemoveAll(dir))
	require.NoError(b, corpus.Write(dir, n, 10, corpusSeed))
	require.NoError(b, os.WriteFile(filepath.Join(dir, ".complete"), nil, 0o644))
	return dir
}

// peakHeap samples the live heap until stop is closed.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

// BenchmarkCheck runs the whole offline pipeline (read, parse, inventory,
// evaluate every policy, findings) over corpora of growing size: with the
// whole catalog (inventory policies make every document stay in memory),
// and without the inventory policies (files are judged as they are read
// and their findings printed, so memory stays flat). The findings go to
// the streaming JSON writer, into io.Discard, as the CLI sends them to
// standard output. allocs/doc and peakMiB (the largest live heap seen) are
// reported next to docs/s.
func BenchmarkCheck(b *testing.B) {
	cat := loadCatalog(b)
	inventoryPolicies := engine.InventoryReaders(cat)
	jsonWriter, err := report.ForFormat("json", report.Options{})
	require.NoError(b, err)
	for _, v := range []struct {
		name  string
		skip  []string
		sizes []int
	}{
		{"all", nil, []int{1_000, 10_000}},
		{"no-inventory", inventoryPolicies, []int{1_000, 10_000, 100_000}},
	} {
		for _, n := range v.sizes {
			if testing.Short() && n > 10_000 {
				continue
			}
			b.Run(fmt.Sprintf("%s/docs=%d", v.name, n), func(b *testing.B) {
				dir := corpusDir(b, n)
				runtime.GC()
				b.ReportAllocs()
				b.ResetTimer()
				stop := peakHeap()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				findings := 0
				for i := 0; i < b.N; i++ {
					// As the CLI does: findings streamed to the JSON
					// writer as each file is done, none kept.
					findings = 0
					out := report.NewStream(jsonWriter, io.Discard)
					rep, err := check.Run(context.Background(), cat, check.Params{Paths: []string{dir}, Skip: v.skip,
						Emit: func(batch []engine.Finding) error {
							findings += len(batch)
							return out.Findings(batch)
						}})
					require.NoError(b, err)
					require.NoError(b, out.Finish(rep))
					require.Empty(b, rep.Errors)
					require.Equal(b, n, rep.Summary.Documents)
				}
				runtime.ReadMemStats(&after)
				peak := stop()
				elapsed := b.Elapsed().Seconds() / float64(b.N)
				b.ReportMetric(float64(n)/elapsed, "docs/s")
				b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N)/float64(n), "allocs/doc")
				b.ReportMetric(float64(peak)/(1<<20), "peakMiB")
				b.ReportMetric(float64(findings), "findings")
			})
		}
	}
}

// BenchmarkGatekeeperReview measures what admission costs in a cluster:
// one object reviewed by Gatekeeper's engine holding every template and
// default Constraint. Reports p50 and p99 latency.
// BenchmarkGatekeeperReview: one object against every Kubernetes template
// in Gatekeeper's own engine, the p50 and p99 of at least 400 reviews.
// "catalog" is the templates as generated; "framework" is the same
// templates and Constraints with each template's Rego replaced by a
// violation rule that never holds, so what is left is the framework's own
// cost per review (matching, one query per template, the review's
// plumbing): catalog less framework is what our Rego costs.
func BenchmarkGatekeeperReview(b *testing.B) {
	for _, variant := range []struct {
		name  string
		empty bool
	}{{"catalog", false}, {"framework", true}} {
		b.Run(variant.name, func(b *testing.B) {
			ctx := context.Background()
			cat := loadCatalog(b)
			gk := newGatekeeperEngine(b)
			gk.emptyRego = variant.empty
			client, err := gk.clientWithAll(ctx, cat)
			require.NoError(b, err)
			var objs []map[string]any
			for i := 0; i < 200; i++ {
				docs, errs := inputs.Parse("bench", []byte(corpus.Document(corpusSeed, i)), inputs.DefaultOptions)
				require.Empty(b, errs)
				objs = append(objs, docs[0].Object)
			}
			// At least 400 reviews whatever -benchtime says (make bench runs
			// each benchmark once): a percentile of one sample means nothing.
			reviews := max(b.N, 400)
			lat := make([]time.Duration, 0, reviews)
			results := 0
			b.ResetTimer()
			for i := 0; i < reviews; i++ {
				obj := objs[i%len(objs)]
				start := time.Now()
				resp, err := client.Review(ctx, gk.augmented(obj))
				lat = append(lat, time.Since(start))
				require.NoError(b, err)
				results += len(resp.Results())
			}
			b.StopTimer()
			if variant.empty {
				require.Zero(b, results, "a template whose Rego never holds gave results")
			} else {
				require.NotZero(b, results)
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
		})
	}
}
