package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

var (
	seed = flag.Int64("e2e.seed", 1, "seed of the differential test's generator")
	n    = flag.Int("e2e.n", 40, "documents the differential test generates")
)

// diffNamespace is where generated objects are judged; its own dump
// (kubectl get -o yaml) is given to shipshape check beside each document,
// so both sides know the same Namespace.
const diffNamespace = "e2e-diff"

// TestDifferentialOfflineVsCluster: each generated document goes through
// `shipshape check -o json` and through admission (dry-run=server, the
// default Constraints of templates/); the deny and warn Constraint IDs must
// be the same.
func TestDifferentialOfflineVsCluster(t *testing.T) {
	c := needCluster(t)
	ctx := context.Background()
	if err := c.EnsureNamespace(ctx, diffNamespace, nil); err != nil {
		t.Fatal(err)
	}
	nsDump, err := c.Kubectl(ctx, "get", "namespace", diffNamespace, "-o", "yaml")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "shipshape")
	if err := buildShipshape(bin); err != nil {
		t.Fatal(err)
	}
	docs := Generate(*seed, *n, diffNamespace)
	differ := 0
	for _, d := range docs {
		dir := t.TempDir()
		file := filepath.Join(dir, d.Name+".yaml")
		if err := os.WriteFile(file, d.YAML, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "namespace.yaml"), []byte(nsDump), 0o600); err != nil {
			t.Fatal(err)
		}
		off, offOut, err := offline(bin, dir, file)
		if err != nil {
			t.Fatalf("%s: %v", d.Name, err)
		}
		v := c.DryRun(ctx, d.YAML)
		on := idSet{Deny: nonNil(v.DenyIDs), Warn: nonNil(v.WarnIDs)}
		if v.Other != "" {
			on.Deny = append(on.Deny, "(rejected by kube-apiserver: "+v.Other+")")
		}
		if !slices.Equal(off.Deny, on.Deny) || !slices.Equal(off.Warn, on.Warn) {
			differ++
			t.Errorf("%s (%s): offline and cluster disagree\n  offline deny %q warn %q\n  cluster deny %q warn %q\n--- document\n%q\n--- shipshape check -o json (findings of this file)\n%s\n--- kubectl stderr\n%q",
				d.Name, d.Shape, off.Deny, off.Warn, on.Deny, on.Warn, d.YAML, offOut, strings.Join(append(v.Deny, v.Warn...), "\n"))
		}
	}
	t.Logf("seed %d: %d documents compared, %d differ", *seed, len(docs), differ)
}

type idSet struct{ Deny, Warn []string }

// offline runs shipshape check on dir and returns the deny and warn
// Constraint IDs of the findings in file (input errors count as a deny).
func offline(bin, dir, file string) (idSet, string, error) {
	res, err := runCheck(bin, dir)
	if err != nil {
		return idSet{}, "", err
	}
	var s idSet
	var shown []string
	for _, f := range res.Findings {
		if f.File != file {
			continue
		}
		shown = append(shown, fmt.Sprintf("%s %s: %q", f.Action, f.Constraint, f.Message))
		switch f.Action {
		case "deny":
			s.Deny = append(s.Deny, f.Constraint)
		case "warn":
			s.Warn = append(s.Warn, f.Constraint)
		}
	}
	for _, e := range res.Errors {
		if e.File == file {
			s.Deny = append(s.Deny, fmt.Sprintf("(input error line %d: %s)", e.Line, e.Message))
			shown = append(shown, fmt.Sprintf("error line %d: %q", e.Line, e.Message))
		}
	}
	sort.Strings(s.Deny)
	sort.Strings(s.Warn)
	s.Deny, s.Warn = nonNil(s.Deny), nonNil(s.Warn)
	return s, strings.Join(shown, "\n"), nil
}

func buildShipshape(bin string) error {
	build := exec.Command("go", "build", "-o", bin, "./cmd/shipshape")
	build.Dir = RepoRoot()
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/shipshape: %w\n%s", err, out)
	}
	return nil
}

// checkResult is the part of shipshape check -o json the tests read.
type checkResult struct {
	Findings []struct {
		Constraint, Action, File, Message, Kind, Name string
	}
	Errors []struct {
		File, Message string
		Line          int
	}
}

// runCheck runs shipshape check -o json on dir (exit 1, deny findings,
// and 2, unreadable input, are results, not failures).
func runCheck(bin, dir string) (checkResult, error) {
	cmd := exec.Command(bin, "check", "--per-object", "-o", "json", dir) // Gatekeeper reports namespace facts on each object
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() > 2) {
		return checkResult{}, fmt.Errorf("shipshape check: %w", err)
	}
	var res checkResult
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		return res, fmt.Errorf("shipshape check -o json: %w", err)
	}
	return res, nil
}
