package gotest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The source document's example: 18 services × 2 replicas × 2 CPU / 4 GiB
// = 72 CPU / 144 GiB, × 110% = 79.2 CPU / 158.4 GiB, on a plan of three
// 28 CPU / 56 GiB workers.
const capacityFixture = "gotest/testdata/capacity"

func TestCapacityGoldenText(t *testing.T) {
	res := runCLI(t, "", "capacity", capacityFixture)
	// Losing one of three workers leaves too little: worker-failure-headroom denies.
	assert.Equal(t, 1, res.code, res.stderr)
	golden := filepath.Join(RepoRoot(), capacityFixture, "report.golden")
	if os.Getenv("UPDATE_GOLDEN") != "" {
		require.NoError(t, os.WriteFile(golden, []byte(res.stdout), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), res.stdout)
}

func TestCapacityJSONSeedExample(t *testing.T) {
	res := runCLI(t, "", "capacity", "-o", "json", capacityFixture)
	var r struct {
		Workloads      []struct{ Pods int }
		Requests       struct{ CPU, MemoryGiB float64 }
		WithRedundancy struct{ CPU, MemoryGiB float64 }
		Clusters       []struct {
			Workers     int
			Allocatable struct{ CPU, MemoryGiB float64 }
			Headroom    struct{ CPU, MemoryGiB float64 }
			Verdicts    []struct{ Policy, Action string }
		}
	}
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &r), res.stdout)
	assert.Len(t, r.Workloads, 18)
	assert.Equal(t, 72.0, r.Requests.CPU)
	assert.Equal(t, 144.0, r.Requests.MemoryGiB)
	assert.Equal(t, 79.2, r.WithRedundancy.CPU)
	assert.Equal(t, 158.4, r.WithRedundancy.MemoryGiB)
	require.Len(t, r.Clusters, 1)
	assert.Equal(t, 3, r.Clusters[0].Workers)
	assert.Equal(t, 84.0, r.Clusters[0].Allocatable.CPU)
	assert.InDelta(t, 4.8, r.Clusters[0].Headroom.CPU, 1e-9)
	verdicts := map[string]string{}
	for _, v := range r.Clusters[0].Verdicts {
		verdicts[v.Policy] = v.Action
	}
	assert.Equal(t, "ok", verdicts["capacity-headroom"])
	assert.Equal(t, "deny", verdicts["worker-failure-headroom"])

	// 20% redundancy: 86.4 CPU no longer fits in 84.
	res = runCLI(t, "", "capacity", "-o", "json", "--redundancy", "0.2", capacityFixture)
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &r))
	assert.Equal(t, 86.4, r.WithRedundancy.CPU)
	for _, v := range r.Clusters[0].Verdicts {
		if v.Policy == "capacity-headroom" {
			assert.Equal(t, "deny", v.Action)
		}
	}
}
