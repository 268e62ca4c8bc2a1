package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// gcHeadroom is how much garbage a run may hold beyond its live heap
// before the collector runs, at most.
const gcHeadroom = 128 << 20

// tuneGC lets the heap grow by up to gcHeadroom past the live heap between
// collections, instead of Go's default of the live heap's size. A check
// run allocates a lot (every policy evaluation) and keeps little (the
// inventory, the findings of a file), so with the default the collector
// runs every few MiB and takes a fifth of the CPU. The GC percentage is
// set again after each collection, from the live heap then: between 100
// (Go's default, for large inventories) and 800. GOGC in the environment
// turns this off.
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	gcTuning.Store(true)
	retune()
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
	live := uint64(1 << 20)
	if sample[0].Value.Kind() == metrics.KindUint64 {
		live = max(live, sample[0].Value.Uint64())
	}
	debug.SetGCPercent(int(min(800, max(100, gcHeadroom*100/live))))
	runtime.SetFinalizer(new(gcSentinel), func(*gcSentinel) { retune() })
}
