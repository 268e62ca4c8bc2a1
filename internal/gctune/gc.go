// Package gctune sets the garbage collector for a run of the CLI. The CLI
// imports it for its init, which runs before most packages' init (Go
// initialises packages in import path order, each after its imports), so
// the setting holds from the start: package init allocates 9 MiB, which
// Go's default collected four times (14 ms of a 140 ms cold start).
package gctune

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
	"testing"
)

// The garbage a run may hold beyond its live heap before the collector
// runs: twice the live heap, at least minHeadroom and at most maxHeadroom
// (but never less than Go's default, the live heap itself).
const (
	minHeadroom = 128 << 20
	maxHeadroom = 512 << 20
)

func init() {
	// A test binary keeps Go's default: tests set what they measure.
	if !testing.Testing() {
		Tune()
	}
}

// Tune sets the collector for a run. A check run allocates a lot (every
// policy evaluation) and keeps little (a file's findings when it streams;
// every document when inventory checks need them all), so with Go's
// default the collector runs every few MiB and takes a fifth of the CPU.
// Until the first collection, which comes when the heap reaches
// minHeadroom (a memory limit, with the percentage off: nothing is live
// yet to take twice of), nothing is collected; then each collection sets
// the percentage from the live heap after it. GOGC in the environment
// turns this off.
func Tune() {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	tuning.Store(true)
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(minHeadroom)
	arm()
}

// percentFor is the GC percentage for a live heap of live bytes.
func percentFor(live uint64) int {
	live = max(live, 1<<20)
	headroom := min(max(minHeadroom, 2*live), maxHeadroom)
	return int(min(800, max(100, headroom*100/live)))
}

// tuning is on while Tune's work goes on (tests turn it off).
var tuning atomic.Bool

// sentinel is garbage whose finalizer runs once per collection.
type sentinel struct{ _ [16]byte }

func arm() { runtime.SetFinalizer(new(sentinel), func(*sentinel) { retune() }) }

func retune() {
	if !tuning.Load() {
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	var live uint64
	if sample[0].Value.Kind() == metrics.KindUint64 {
		live = sample[0].Value.Uint64()
	}
	debug.SetMemoryLimit(math.MaxInt64) // Go's default: no limit
	debug.SetGCPercent(percentFor(live))
	arm()
}
