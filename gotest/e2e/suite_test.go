package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"sigs.k8s.io/yaml"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/policytest"
)

// caseConstraint is the name every suite test's Constraint is applied
// under. The default Constraints are deleted first and one suite test's
// Constraint is live at a time, so each case is judged by its own
// Constraint alone, with the match the suite wrote (namespaces, selectors)
// untouched.
const caseConstraint = "e2e-case"

// syncWait bounds how long a case with inventory is retried while
// Gatekeeper's sync (templates/sync.yaml) catches up with the objects just
// created; the last verdict is the one compared.
const syncWait = 30 * time.Second

// TestSuitesThroughAdmission applies every case of every Kubernetes suite
// with --dry-run=server under its test's Constraint and compares the
// messages with the embedded evaluator's for the same case.
func TestSuitesThroughAdmission(t *testing.T) {
	c := needCluster(t)
	ctx := context.Background()
	root := RepoRoot()
	fsys := os.DirFS(filepath.Join(root, "policies"))
	cat, err := catalog.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(cat, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	suites, err := policytest.Suites(fsys, cat)
	if err != nil {
		t.Fatal(err)
	}
	isolate(t, c)
	if err := c.EnsureNamespace(ctx, "default", nil); err != nil {
		t.Fatal(err)
	}
	var (
		mu                                      sync.Mutex // guards the counts: cases are judged in parallel
		compared, invalid, refused, offlineOnly int
		setup, side, judging                    time.Duration
	)
	for _, s := range suites {
		if s.Policy.Input != catalog.InputKubernetes {
			continue
		}
		inProcess := map[string]policytest.Outcome{}
		for _, o := range policytest.RunSuite(ctx, fsys, cat, eng, s) {
			inProcess[o.Test+"/"+o.Case] = o
		}
		dir := filepath.Join(root, "policies", path.Dir(s.Path))
		for _, st := range s.Tests {
			name := s.Path + " " + st.Name
			con, dryrun, err := caseConstraintYAML(filepath.Join(dir, st.Constraint))
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			began := time.Now()
			_, applyErr := c.KubectlIn(ctx, con, "apply", "-f", "-")
			if st.Invalid {
				invalid++
				if applyErr == nil {
					t.Errorf("%s: %s was accepted by the API server; the suite says it is invalid", name, st.Constraint)
					c.KubectlIn(ctx, con, "delete", "-f", "-")
				}
				continue
			}
			if applyErr != nil {
				t.Errorf("%s: %v", name, applyErr)
				continue
			}
			if err := c.WaitConstraint(ctx, s.Policy.ConstraintKind(), caseConstraint); err != nil {
				t.Errorf("%s: %v", name, err)
			}
			setup += time.Since(began)
			began = time.Now()
			reapply := func() error {
				if _, err := c.KubectlIn(ctx, con, "apply", "-f", "-"); err != nil {
					return err
				}
				return c.WaitConstraint(ctx, s.Policy.ConstraintKind(), caseConstraint)
			}
			// judge compares one case's admission verdict with the
			// in-process one.
			judge := func(tc *policytest.Case, expect []string, got Verdict, unserved []string, err error) {
				want := inProcess[st.Name+"/"+tc.Name]
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					t.Errorf("%s/%s: %v", name, tc.Name, err)
					return
				}
				if got.Other != "" {
					// The API server refuses the object before any webhook (a
					// validation rule, a built-in admission plugin): there is
					// no admission verdict to compare.
					refused++
					t.Logf("%s/%s: refused by the API server before admission (in-process: %d violations): %s", name, tc.Name, len(want.Violations), firstLine(got.Other))
					return
				}
				err = compare(got, expect)
				if ns, missing := namespaceNotInInventory(s.Policy, dir, tc); err != nil && missing {
					// The API server refuses an object whose Namespace does not
					// exist, so no cluster can hold this case as written.
					offlineOnly++
					t.Logf("%s/%s: offline only: its Namespace %s is not in the inventory: %v", name, tc.Name, ns, err)
					return
				}
				if err != nil && len(unserved) > 0 {
					// The case's inventory holds a custom resource of a kind
					// this cluster does not serve (no operator runs here to
					// make what it would make).
					offlineOnly++
					t.Logf("%s/%s: offline only: its inventory holds %s, which this cluster does not serve: %v", name, tc.Name, strings.Join(unserved, ", "), err)
					return
				}
				compared++
				if err != nil {
					t.Errorf("%s/%s (%s): %v", name, tc.Name, tc.Object, err)
				}
			}
			// Cases that create no objects cannot see each other: they are
			// dry-run side by side first (the webhook answers requests
			// concurrently, as it does in a cluster). Cases with inventory
			// then run one at a time: their objects are synced, and
			// runCase may delete the Constraint for a while.
			var alone sync.WaitGroup
			slots := make(chan struct{}, parallelCases)
			var withInventory []*policytest.Case
			expected := func(tc *policytest.Case) ([]string, bool) {
				want, ok := inProcess[st.Name+"/"+tc.Name]
				if !ok || want.Err != nil {
					t.Errorf("%s/%s: in-process: %v", name, tc.Name, want.Err)
					return nil, false
				}
				if dryrun {
					return nil, true // Gatekeeper reports dryrun results in audit only, never at admission
				}
				return want.Violations, true
			}
			for _, tc := range st.Cases {
				expect, ok := expected(tc)
				if !ok {
					continue
				}
				if len(tc.Inventory) > 0 {
					withInventory = append(withInventory, tc)
					continue
				}
				object, err := os.ReadFile(filepath.Join(dir, tc.Object))
				if err == nil {
					err = ensureNamespaces(ctx, c, object)
				}
				if err != nil {
					judge(tc, expect, Verdict{}, nil, err)
					continue
				}
				alone.Add(1)
				slots <- struct{}{}
				go func() {
					defer func() { <-slots; alone.Done() }()
					judge(tc, expect, c.DryRun(ctx, object), nil, nil)
				}()
			}
			alone.Wait()
			side += time.Since(began)
			began = time.Now()
			for _, tc := range withInventory {
				expect, _ := expected(tc)
				got, unserved, err := runCase(ctx, c, dir, tc, expect, con, reapply)
				judge(tc, expect, got, unserved, err)
			}
			judging += time.Since(began)
			if _, err := c.KubectlIn(ctx, con, "delete", "-f", "-"); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
	t.Logf("%d suite cases compared through admission, %d invalid Constraints refused, %d cases refused by the API server before admission, %d offline-only cases (Namespace not in the inventory)",
		compared, invalid, refused, offlineOnly)
	t.Logf("time: %s applying Constraints until enforced, %s judging cases without inventory (%d side by side at most), %s judging cases with inventory (one at a time, waiting for sync)",
		setup.Round(time.Second), side.Round(time.Second), parallelCases, judging.Round(time.Second))
	if compared == 0 {
		t.Fatal("no case compared")
	}
}

// parallelCases bounds the dry runs in flight: each is a kubectl process
// and a webhook evaluation, on a 2-core machine.
const parallelCases = 4

// isolate deletes every Constraint for the test and applies templates/
// again when it ends.
func isolate(t *testing.T, c *Cluster) {
	t.Helper()
	ctx := context.Background()
	if _, err := c.Kubectl(ctx, "delete", "constraints", "--all"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.ApplyKustomization(ctx, filepath.Join(RepoRoot(), "templates")); err != nil {
			t.Errorf("restoring the default Constraints: %v", err)
		}
	})
}

// compare is nil when admission gave exactly the in-process messages.
func compare(got Verdict, want []string) error {
	if got.Other != "" || !slices.Equal(got.All(), nonNil(want)) {
		return fmt.Errorf("Gatekeeper and the embedded evaluator disagree\n  only in the cluster: %q %s\n  only in-process:     %q\n  cluster:     deny %q warn %q\n  in-process:  %q",
			minusAll(got.All(), want), got.Other, minusAll(want, got.All()), got.Deny, got.Warn, want)
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// runCase creates the case's inventory (and the namespaces it and the
// object live in), then judges the object by dry run; with inventory, it
// retries while sync catches up. The inventory is deleted afterwards
// (Namespaces stay: without a controller manager nothing finalizes them).
//
// An inventory object the case's own Constraint denies (a ClusterRole with
// a wildcard, for the wildcard check) is created with the Constraint
// deleted and reapply()'d after; an inventory object of a kind the cluster
// does not serve (an operator's custom resource) is left out and returned
// in unserved: no sync can read it either.
func runCase(ctx context.Context, c *Cluster, dir string, tc *policytest.Case, want []string, constraint []byte, reapply func() error) (Verdict, []string, error) {
	var unserved []string
	object, err := os.ReadFile(filepath.Join(dir, tc.Object))
	if err != nil {
		return Verdict{}, nil, err
	}
	files := append(slices.Clone(tc.Inventory), tc.Object)
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return Verdict{}, nil, err
		}
		if err := ensureNamespaces(ctx, c, data); err != nil {
			return Verdict{}, nil, err
		}
	}
	for _, f := range tc.Inventory {
		_, stderr, err := c.KubectlFull(ctx, nil, "apply", "-f", filepath.Join(dir, f))
		switch {
		case err == nil:
		case strings.Contains(stderr, "no matches for kind"):
			unserved = append(unserved, f)
		case strings.Contains(stderr, `admission webhook "validation.gatekeeper.sh" denied the request`):
			if _, err := c.KubectlIn(ctx, constraint, "delete", "-f", "-"); err != nil {
				return Verdict{}, nil, err
			}
			_, applyErr := c.Kubectl(ctx, "apply", "-f", filepath.Join(dir, f))
			if err := reapply(); err != nil {
				return Verdict{}, nil, err
			}
			if applyErr != nil {
				return Verdict{}, nil, applyErr
			}
		default:
			return Verdict{}, nil, fmt.Errorf("kubectl apply -f %s: %v: %s", f, err, stderr)
		}
	}
	defer func() {
		for _, f := range tc.Inventory {
			data, _ := os.ReadFile(filepath.Join(dir, f))
			if !bytes.Contains(data, []byte("kind: Namespace")) {
				c.Kubectl(ctx, "delete", "--wait=false", "-f", filepath.Join(dir, f))
			}
		}
	}()
	deadline := time.Now().Add(syncWait)
	for {
		v := c.DryRun(ctx, object)
		if len(tc.Inventory) == 0 || slices.Equal(v.All(), nonNil(want)) || time.Now().After(deadline) {
			return v, unserved, nil
		}
		time.Sleep(250 * time.Millisecond) // sync usually lands within a second
	}
}

// ensureNamespaces creates the namespaces the documents of data live in.
func ensureNamespaces(ctx context.Context, c *Cluster, data []byte) error {
	for _, ns := range namespacesOf(data) {
		if err := c.EnsureNamespace(ctx, ns, nil); err != nil {
			return err
		}
	}
	return nil
}

// namespacesOf lists metadata.namespace of each document in data.
func namespacesOf(data []byte) []string {
	var out []string
	for _, doc := range bytes.Split(data, []byte("\n---")) {
		var o struct {
			Metadata struct{ Namespace string }
		}
		if yaml.Unmarshal(doc, &o) == nil && o.Metadata.Namespace != "" {
			out = append(out, o.Metadata.Namespace)
		}
	}
	return out
}

// caseConstraintYAML is the suite's Constraint renamed to caseConstraint,
// and whether its enforcementAction is dryrun.
func caseConstraintYAML(file string) ([]byte, bool, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, false, err
	}
	var obj map[string]any
	if err := yaml.Unmarshal(data, &obj); err != nil {
		return nil, false, fmt.Errorf("%s: %w", file, err)
	}
	spec, _ := obj["spec"].(map[string]any)
	dryrun := spec != nil && spec["enforcementAction"] == "dryrun"
	meta, _ := obj["metadata"].(map[string]any)
	if meta == nil {
		meta = map[string]any{}
		obj["metadata"] = meta
	}
	meta["name"] = caseConstraint
	if v, _ := obj["apiVersion"].(string); !strings.HasPrefix(v, "constraints.gatekeeper.sh/") {
		return nil, false, fmt.Errorf("%s: apiVersion %q is not a Constraint's", file, v)
	}
	out, err := yaml.Marshal(obj)
	return out, dryrun, err
}

// namespaceNotInInventory tells whether the case judges, with a policy
// that reads Namespaces from the inventory, an object whose Namespace the
// case's inventory does not hold.
func namespaceNotInInventory(p *catalog.Policy, dir string, tc *policytest.Case) (string, bool) {
	if !slices.ContainsFunc(p.Sync, func(k catalog.GVK) bool { return k.Group == "" && k.Kind == "Namespace" }) {
		return "", false
	}
	data, err := os.ReadFile(filepath.Join(dir, tc.Object))
	if err != nil {
		return "", false
	}
	ns := append(namespacesOf(data), "default") // kubectl's namespace for an object that names none
	for _, f := range tc.Inventory {
		inv, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			continue
		}
		for _, doc := range bytes.Split(inv, []byte("\n---")) {
			var o struct {
				Kind     string
				Metadata struct{ Name string }
			}
			if yaml.Unmarshal(doc, &o) == nil && o.Kind == "Namespace" && o.Metadata.Name == ns[0] {
				return "", false
			}
		}
	}
	return ns[0], true
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// minusAll is a without the elements of b, counted (a multiset difference).
func minusAll(a, b []string) []string {
	left := map[string]int{}
	for _, x := range b {
		left[x]++
	}
	var out []string
	for _, x := range a {
		if left[x] > 0 {
			left[x]--
			continue
		}
		out = append(out, x)
	}
	return out
}
