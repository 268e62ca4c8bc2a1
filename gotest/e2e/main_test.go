package e2e

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cluster is the one cluster of the package, started by TestMain.
var cluster *Cluster

// startErr is why the cluster did not start; every test reports it.
var startErr error

func TestMain(m *testing.M) {
	if os.Getenv("SHIPSHAPE_E2E") == "" {
		fmt.Println("e2e: skipped: set SHIPSHAPE_E2E=1 (make e2e) to run the real-cluster tests")
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "shipshape-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		cancel()
		if c := cluster; c != nil {
			c.Stop()
		}
		os.Exit(130)
	}()
	code := func() int {
		start := time.Now()
		tools, err := BuildTools()
		if err != nil {
			startErr = err
			return m.Run()
		}
		cluster, startErr = Start(ctx, dir, tools, Options{AuditInterval: 5 * time.Second})
		if startErr == nil {
			defer cluster.Stop()
			fmt.Printf("e2e: cluster up in %s (%s)\n", time.Since(start).Round(time.Millisecond), dir)
			start = time.Now()
			// The default namespace's ServiceAccount (no controller manager
			// makes it) before the Constraints, which deny objects in default.
			if startErr = cluster.EnsureNamespace(ctx, "default", nil); startErr == nil {
				startErr = installTemplates(ctx, cluster)
			}
			fmt.Printf("e2e: templates installed in %s: %d templates created, %d Constraints enforced\n",
				time.Since(start).Round(time.Millisecond), installed.Templates, installed.Constraints)
		}
		return m.Run()
	}()
	cancel()
	if code == 0 {
		os.RemoveAll(dir)
	} else {
		fmt.Printf("e2e: logs kept in %s\n", dir)
	}
	os.Exit(code)
}

// installed is the readiness seen after the templates were applied.
var installed Readiness

func installTemplates(ctx context.Context, c *Cluster) error {
	root := RepoRoot()
	want, err := kustomizationCounts(filepath.Join(root, "templates", "kustomization.yaml"))
	if err != nil {
		return err
	}
	if err := c.ApplyKustomization(ctx, filepath.Join(root, "templates")); err != nil {
		return err
	}
	installed, err = c.WaitReady(ctx, templatesReady, want.templates, want.constraints)
	return err
}

type counts struct{ templates, constraints int }

// kustomizationCounts counts the templates and Constraints the
// kustomization lists (constraints/ holds the Constraints, sync.yaml is
// neither).
func kustomizationCounts(file string) (counts, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return counts{}, err
	}
	var n counts
	for _, line := range strings.Split(string(data), "\n") {
		r, ok := strings.CutPrefix(strings.TrimSpace(line), "- ")
		switch {
		case !ok || r == "sync.yaml":
		case strings.HasPrefix(r, "constraints/"):
			n.constraints++
		default:
			n.templates++
		}
	}
	if n.templates == 0 {
		return n, fmt.Errorf("%s: no templates listed", file)
	}
	return n, nil
}

// needCluster skips nothing: without SHIPSHAPE_E2E the test is skipped
// with the reason, otherwise a cluster that did not start fails it.
func needCluster(t *testing.T) *Cluster {
	t.Helper()
	if os.Getenv("SHIPSHAPE_E2E") == "" {
		t.Skip("real-cluster test: set SHIPSHAPE_E2E=1 (make e2e)")
	}
	if startErr != nil {
		t.Fatalf("cluster: %v", startErr)
	}
	return cluster
}

func TestTemplatesInstalled(t *testing.T) {
	c := needCluster(t)
	want, err := kustomizationCounts(filepath.Join(RepoRoot(), "templates", "kustomization.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Ready(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r.Templates != want.templates || r.Constraints < want.constraints || len(r.Problems) > 0 {
		t.Fatalf("%d templates created (want %d), %d Constraints enforced (want %d): %v",
			r.Templates, want.templates, r.Constraints, want.constraints, r.Problems)
	}
	t.Logf("%d templates created, %d Constraints enforced", r.Templates, r.Constraints)
}
