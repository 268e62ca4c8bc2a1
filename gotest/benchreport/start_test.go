package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestStartRows: the size and start-up rows carry a size in MiB for both
// builds, start times in the shipshape column with the p90 not below the
// median, and a note whose CPU breakdown names the compile.
func TestStartRows(t *testing.T) {
	_, ship := builtCLI(t)
	rows, note, err := startRows(binaries{shipped: ship, plain: ship, ldflags: "-s -w"}, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4: %q", len(rows), rows)
	}
	secs := func(r string) float64 {
		cells := strings.Split(r, "\t")
		if len(cells) != len(columns)+1 {
			t.Fatalf("row %q: %d cells, want the table's %d and the trailing tab", r, len(cells), len(columns))
		}
		f := strings.Fields(cells[4])
		v, err := strconv.ParseFloat(f[0], 64)
		if err != nil || v <= 0 || len(f) != 2 {
			t.Fatalf("row %q: shipshape cell %q is not 'wall (cpu)'", r, cells[4])
		}
		return v
	}
	median, p90, help := secs(rows[0]), secs(rows[1]), secs(rows[2])
	if p90 < median {
		t.Errorf("p90 %.3f below median %.3f", p90, median)
	}
	if help <= 0 {
		t.Errorf("--help start %.3f", help)
	}
	if !regexp.MustCompile(`^binary size: \d+\.\d MiB \(make build\), \d+\.\d MiB \(go build\)\t`).MatchString(rows[3]) {
		t.Errorf("size row %q", rows[3])
	}
	if !strings.Contains(note, "compiling the policies ") || !strings.Contains(note, "-ldflags='-s -w'") {
		t.Errorf("note %q does not name the compile's share and the build flags", note)
	}
	for _, r := range rows {
		t.Log(r)
	}
	t.Log(note)
}
