package e2e

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/yaml"
)

// workloadKinds are the kinds the exactness fixtures are about; the other
// objects of a fixture (its Namespace, LimitRange...) are its context.
var workloadKinds = map[string]bool{"Pod": true, "PodList": true, "Deployment": true, "StatefulSet": true, "DaemonSet": true, "Job": true, "CronJob": true}

// TestExactnessCasesAgreeWithCluster: every file of gotest/testdata/exactness
// (the shapes on which shipshape and admission used to disagree, issue 12)
// gets the same deny and warn messages from `shipshape check` as from
// Gatekeeper behind a real API server: the file's context objects are
// created for real (and synced), its workloads judged by dry run.
func TestExactnessCasesAgreeWithCluster(t *testing.T) {
	c := needCluster(t)
	ctx := context.Background()
	bin := filepath.Join(t.TempDir(), "shipshape")
	if err := buildShipshape(bin); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(RepoRoot(), "gotest", "testdata", "exactness", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no exactness fixtures: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var setup, subjects []string
			for _, doc := range strings.Split(string(data), "\n---\n") {
				var o struct{ Kind string }
				if err := yaml.Unmarshal([]byte(doc), &o); err != nil {
					t.Fatal(err)
				}
				if workloadKinds[o.Kind] {
					subjects = append(subjects, doc)
				} else {
					setup = append(setup, doc)
				}
			}
			for _, ns := range append(namespacesOf(data), "default") {
				if err := c.EnsureNamespace(ctx, ns, nil); err != nil {
					t.Fatal(err)
				}
			}
			if len(setup) > 0 {
				if _, err := c.KubectlIn(ctx, []byte(strings.Join(setup, "\n---\n")), "apply", "-f", "-"); err != nil {
					t.Fatal(err)
				}
			}
			res, err := runCheck(bin, file)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Errors) > 0 {
				t.Fatalf("offline input errors: %+v", res.Errors)
			}
			var want []string
			for _, f := range res.Findings {
				if (f.Action == "deny" || f.Action == "warn") && workloadKinds[f.Kind] {
					want = append(want, f.Message)
				}
			}
			sort.Strings(want)
			manifest := []byte(strings.Join(subjects, "\n---\n"))
			var got Verdict
			for deadline := time.Now().Add(syncWait); ; time.Sleep(time.Second) {
				got = c.DryRun(ctx, manifest)
				if slices.Equal(got.All(), nonNil(want)) || time.Now().After(deadline) || len(setup) == 0 {
					break
				}
			}
			if err := compare(got, want); err != nil {
				t.Error(err)
			}
		})
	}
}
