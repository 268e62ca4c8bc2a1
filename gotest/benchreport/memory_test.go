package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMemoryRows: every kind of input is generated near the size asked
// and checked; each row names its size and a peak RSS.
func TestMemoryRows(t *testing.T) {
	tmp := t.TempDir()
	ship := filepath.Join(tmp, "shipshape")
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if err := build(root, ship, "./cmd/shipshape"); err != nil {
		t.Fatal(err)
	}
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
