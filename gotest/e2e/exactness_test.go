package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/yaml"

	"github.com/shipshape-dev/shipshape/internal/inputs"
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
			for _, ns := range append(namespacesIn(t, file, data), "default") {
				if err := c.EnsureNamespace(ctx, ns, nil); err != nil {
					t.Fatal(err)
				}
			}
			if len(setup) > 0 {
				objects := []byte(strings.Join(setup, "\n---\n"))
				if _, err := c.KubectlIn(ctx, objects, "apply", "-f", "-"); err != nil {
					t.Fatal(err)
				}
				// The next fixture must not see this one's LimitRange (the
				// API server's LimitRanger would fill in its Pods' resources).
				t.Cleanup(func() {
					for _, o := range setup {
						if !strings.Contains(o, "kind: Namespace\n") {
							c.KubectlIn(ctx, []byte(o), "delete", "--wait=false", "-f", "-")
						}
					}
				})
			}
			// Offline gets what the cluster knows: the dumps of the
			// Namespaces the file names but does not hold.
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, filepath.Base(file)), data, 0o600); err != nil {
				t.Fatal(err)
			}
			for _, ns := range namespacesIn(t, file, data) {
				dumps := [][]string{{"serviceaccounts", "-n", ns}}
				if !strings.Contains(string(data), "kind: Namespace\nmetadata:\n  name: "+ns+"\n") {
					dumps = append(dumps, []string{"namespace", ns})
				}
				for i, what := range dumps {
					dump, err := c.Kubectl(ctx, append([]string{"get", "-o", "yaml"}, what...)...)
					if err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("cluster-%s-%d.yaml", ns, i)), []byte(dump), 0o600); err != nil {
						t.Fatal(err)
					}
				}
			}
			file := filepath.Join(dir, filepath.Base(file))
			res, err := runCheck(bin, dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Errors) > 0 {
				t.Fatalf("offline input errors: %+v", res.Errors)
			}
			var want []string
			for _, f := range res.Findings {
				if (f.Action == "deny" || f.Action == "warn") && workloadKinds[f.Kind] && f.File == file {
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

// namespacesIn are the namespaces of the objects in data as shipshape
// reads them (list items included), default for those that name none.
func namespacesIn(t *testing.T, file string, data []byte) []string {
	docs, errs := inputs.Parse(file, data, inputs.DefaultOptions)
	if len(errs) > 0 {
		t.Fatalf("%s: %v", file, errs)
	}
	inputs.DefaultNamespace(docs, "")
	seen := map[string]bool{}
	var out []string
	for _, d := range docs {
		meta, _ := d.Object["metadata"].(map[string]any)
		if ns, _ := meta["namespace"].(string); ns != "" && !seen[ns] {
			seen[ns] = true
			out = append(out, ns)
		}
	}
	return out
}
