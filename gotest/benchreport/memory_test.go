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
// and checked, and accepted; each row names its size and a peak RSS.
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
		if len(cells) < 5 || cells[2] == "0" || !strings.Contains(cells[1], "(limit ") {
			t.Errorf("row %q: want kind, size, peak RSS, seconds, CPU seconds", r)
		}
		if strings.Contains(cells[0], "REFUSED") {
			t.Errorf("row %q: the input was refused, so it is no measure of an accepted one", r)
		}
	}
}

// TestRefusedReadsTheReport: a row knows an accepted input from a refused
// one by the report's errors.
func TestRefusedReadsTheReport(t *testing.T) {
	for out, want := range map[string]string{
		`{"findings": [], "errors": []}`:                                       "",
		`{"errors": [{"file": "a.yaml", "message": "larger than the limit"}]}`: "larger than the limit",
		`not json`: "no JSON report",
	} {
		if got := refused([]byte(out)); !strings.HasPrefix(got, want) || (want == "") != (got == "") {
			t.Errorf("refused(%s) = %q, want %q", out, got, want)
		}
	}
}

// TestPeakRSSIsTheChilds: a small child started by a large process is
// measured at its own peak, not at the parent's RSS (its rusage keeps the
// high-water mark of the memory it shared with the parent until exec, so
// every small row read the same ~290 MiB, benchreport's own size).
func TestPeakRSSIsTheChilds(t *testing.T) {
	ballast := make([]byte, 256<<20)
	for i := range ballast {
		ballast[i] = byte(i)
	}
	tm, err := timed("", "sh", "-c", "sleep 0.1")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("parent holds %d MiB; child peak %d KiB", len(ballast)>>20, tm.maxRSS)
	if tm.maxRSS > 64<<10 {
		t.Errorf("a shell's peak RSS read as %d KiB: the parent's memory was counted", tm.maxRSS)
	}
	ballast[0]++ // keep it alive past the run
}
