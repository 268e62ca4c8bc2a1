package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/require"
)

// gcPercent reads the current GC percentage without changing it.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

func TestTuneGCFollowsTheLiveHeap(t *testing.T) {
	defer debug.SetGCPercent(gcPercent())
	small := func() {
		runtime.GC()
		runtime.GC() // the finalizer of the first collection re-arms the sentinel
	}
	gcTuning.Store(false)
	small()
	defer gcTuning.Store(false)
	t.Setenv("GOGC", "137")
	debug.SetGCPercent(137)
	tuneGC()
	small()
	require.Equal(t, 137, gcPercent(), "GOGC in the environment leaves the collector alone")

	// tuneGC with GOGC unset: a small live heap gets a high percentage...
	os.Unsetenv("GOGC")
	tuneGC()
	small()
	require.Eventually(t, func() bool { return gcPercent() > 100 }, 5e9, 1e7, "small heap: GC percent %d", gcPercent())
	require.LessOrEqual(t, gcPercent(), 800)

	// ...and a live heap larger than the headroom gets Go's default.
	big := make([][]byte, 0, 64)
	for range 2 * gcHeadroom / (4 << 20) {
		big = append(big, make([]byte, 4<<20))
	}
	small()
	require.Eventually(t, func() bool { return gcPercent() == 100 }, 5e9, 1e7, "large heap: GC percent %d", gcPercent())
	runtime.KeepAlive(big)
}
