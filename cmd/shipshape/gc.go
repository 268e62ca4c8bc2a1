package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// The garbage a run may hold beyond its live heap before the collector
// runs: twice the live heap, at least gcMinHeadroom and at most
// gcMaxHeadroom (but never less than Go's default, the live heap itself).
const (
	gcMinHeadroom = 128 << 20
	gcMaxHeadroom = 512 << 20
)

// tuneGC sets the GC percentage after each collection from the live heap
// then, instead of Go's default of 100. A check run allocates a lot (every
// policy evaluation) and keeps little (a file's findings when it streams;
// every document when inventory checks need them all), so with the
// default the collector runs every few MiB and takes a fifth of the CPU.
// GOGC in the environment turns this off.
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	gcTuning.Store(true)
	retune()
}

// gcPercentFor is the GC percentage for a live heap of live bytes.
func gcPercentFor(live uint64) int {
	live = max(live, 1<<20)
	headroom := min(max(gcMinHeadroom, 2*live), gcMaxHeadroom)
	return int(min(800, max(100, headroom*100/live)))
}

// gcTuning is on while tuneGC's work goes on (tests turn it off).
var gcTuning atomic.Bool

// gcSentinel is garbage whose finalizer runs once per collection.
type gcSentinel struct{ _ [16]byte }

func retune() {
	if !gcTuning.Load() {
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	var live uint64
	if sample[0].Value.Kind() == metrics.KindUint64 {
		live = sample[0].Value.Uint64()
	}
	debug.SetGCPercent(gcPercentFor(live))
	runtime.SetFinalizer(new(gcSentinel), func(*gcSentinel) { retune() })
}
