package gotest

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/build"
)

// TestGeneratedFilesAreFresh fails when templates/ or bundles/ do not match
// the policies: run `make generate`.
func TestGeneratedFilesAreFresh(t *testing.T) {
	files, err := build.Outputs(loadCatalog(t))
	require.NoError(t, err)
	stale := build.Stale(os.DirFS(RepoRoot()), files)
	assert.Empty(t, stale, "stale generated files; run `make generate`")
}

// TestBuildIsDeterministic: two builds give the same bytes.
func TestBuildIsDeterministic(t *testing.T) {
	a, err := build.Outputs(loadCatalog(t))
	require.NoError(t, err)
	b, err := build.Outputs(loadCatalog(t))
	require.NoError(t, err)
	require.Equal(t, len(a), len(b))
	for i := range a {
		assert.Equal(t, a[i].Path, b[i].Path)
		assert.True(t, bytes.Equal(a[i].Data, b[i].Data), a[i].Path)
	}
}
