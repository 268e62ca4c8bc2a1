package gctune

import (
	"math"
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

// memoryLimit reads the current memory limit without changing it.
func memoryLimit() int64 { return debug.SetMemoryLimit(-1) }

func TestTuneFollowsTheLiveHeap(t *testing.T) {
	defer debug.SetGCPercent(gcPercent())
	defer debug.SetMemoryLimit(memoryLimit())
	small := func() {
		runtime.GC()
		runtime.GC() // the finalizer of the first collection re-arms the sentinel
	}
	require.Equal(t, 100, gcPercent(), "a test binary keeps Go's default")
	require.Equal(t, int64(math.MaxInt64), memoryLimit(), "a test binary keeps Go's default")
	tuning.Store(false)
	small()
	defer tuning.Store(false)
	t.Setenv("GOGC", "137")
	debug.SetGCPercent(137)
	Tune()
	small()
	require.Equal(t, 137, gcPercent(), "GOGC in the environment leaves the collector alone")
	require.Equal(t, int64(math.MaxInt64), memoryLimit())

	// With GOGC unset, nothing is collected before the heap reaches the
	// least headroom; then each collection sets the percentage from the
	// live heap: a test's small heap gets more than Go's default.
	os.Unsetenv("GOGC")
	Tune()
	require.Equal(t, -1, gcPercent())
	require.Equal(t, int64(minHeadroom), memoryLimit())
	small()
	require.Eventually(t, func() bool { return gcPercent() > 100 }, 5e9, 1e7, "small heap: GC percent %d", gcPercent())
	require.LessOrEqual(t, gcPercent(), 800)
	require.Equal(t, int64(math.MaxInt64), memoryLimit(), "the limit holds until the first collection only")
}

func TestPercentFor(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct {
		live uint64
		want int
	}{
		{0, 800},          // nothing live yet: the most headroom
		{16 * mib, 800},   // 128 MiB of headroom would be 800%: capped
		{40 * mib, 320},   // a streamed run: 128 MiB of headroom
		{150 * mib, 200},  // a run that keeps its documents: twice the live heap
		{400 * mib, 128},  // 512 MiB of headroom at most
		{2048 * mib, 100}, // never less than Go's default
	} {
		require.Equal(t, tc.want, percentFor(tc.live), "live %d MiB", tc.live/mib)
	}
}
