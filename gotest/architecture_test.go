package gotest

import (
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goPackages lists the Go packages (directories with non-test Go files)
// under root, as paths relative to the repository root.
func goPackages(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(filepath.Join(RepoRoot(), root), func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if _, err := build.ImportDir(p, 0); err != nil {
			if _, none := err.(*build.NoGoError); none {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(RepoRoot(), p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	require.NoError(t, err)
	sort.Strings(out)
	return out
}

// TestArchitectureDocNamesEveryPackage: docs/architecture.md has one
// "### `internal/...`" heading per package under internal/ (and one for
// cmd/shipshape), no heading for a package that does not exist, and every
// internal/... path it mentions exists.
func TestArchitectureDocNamesEveryPackage(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(RepoRoot(), "docs", "architecture.md"))
	require.NoError(t, err)
	doc := string(b)

	var headings []string
	for _, m := range regexp.MustCompile("(?m)^### `([^`]+)`\\s*$").FindAllStringSubmatch(doc, -1) {
		headings = append(headings, m[1])
	}
	sort.Strings(headings)
	want := append(goPackages(t, "internal"), "cmd/shipshape")
	sort.Strings(want)
	require.Greater(t, len(want), 10, "packages found under internal/")
	assert.Equal(t, want, headings, "docs/architecture.md: one ### heading per package (missing ones are in the want list, stale ones in the doc's)")

	for _, m := range regexp.MustCompile(`internal/[A-Za-z0-9_./-]*[A-Za-z0-9_]`).FindAllString(doc, -1) {
		assert.True(t, Exists(filepath.Join(RepoRoot(), filepath.FromSlash(m))), "docs/architecture.md names %s, which does not exist", m)
	}
}
