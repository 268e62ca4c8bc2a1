package main

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var cli = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "benchreport-test")
	if err != nil {
		return "", err
	}
	ship := filepath.Join(dir, "shipshape")
	return ship, goBuild(repoRoot(), ship)
})

func repoRoot() string {
	root, _ := filepath.Abs("../..")
	return root
}

// builtCLI is the repository root and the CLI built from it, once per
// test binary.
func builtCLI(t *testing.T) (root, ship string) {
	t.Helper()
	ship, err := cli()
	if err != nil {
		t.Fatal(err)
	}
	return repoRoot(), ship
}

// TestMemoryRows: every kind of input is generated near the size asked
// and checked; each row names its size and a peak RSS.
func TestMemoryRows(t *testing.T) {
	tmp := t.TempDir()
	root, ship := builtCLI(t)
	wd, _ := os.Getwd()
	if err := os.Chdir(root); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	rows, err := memoryRows(ship, tmp, 64<<20, 128<<10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 {
		t.Fatalf("rows %q, want one per kind", rows)
	}
	for _, r := range rows {
		cells := strings.Split(r, "\t")
		t.Log(r)
		if len(cells) < 4 || cells[2] == "0" || !strings.Contains(cells[1], "(limit ") {
			t.Errorf("row %q: want kind, size, peak RSS, seconds", r)
		}
	}
}
