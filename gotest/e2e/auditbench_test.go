package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// benchNamespaces hold the generated objects of TestAuditBenchmark; the
// webhook ignores them.
var benchNamespaces = []string{"e2e-bench-0", "e2e-bench-1", "e2e-bench-2", "e2e-bench-3", "e2e-bench-4"}

// TestAuditBenchmark loads the cluster with generated Deployments and
// ConfigMaps (server-side apply) up to each size SHIPSHAPE_AUDIT_BENCH
// lists (make bench-audit: 10000,50000), and reports how fast shipshape
// audit reads and judges them (wall and CPU time) and its peak resident
// memory. It measures; it asserts only that every object was read.
func TestAuditBenchmark(t *testing.T) {
	sizes := os.Getenv("SHIPSHAPE_AUDIT_BENCH")
	if sizes == "" {
		t.Skip("benchmark: set SHIPSHAPE_AUDIT_BENCH=10000,50000 (make bench-audit)")
	}
	c := needCluster(t)
	ctx := context.Background()
	for _, ns := range benchNamespaces {
		if err := c.EnsureNamespace(ctx, ns, map[string]string{"admission.gatekeeper.sh/ignore": "e2e-bench"}); err != nil {
			t.Fatal(err)
		}
	}
	// The cluster's Gatekeeper neither syncs nor judges the corpus (its
	// audit still lists it): with the tests' audit interval of 5 s it
	// would judge 50k objects over and over beside the audit measured, on
	// the same cores.
	match, _ := json.Marshal(map[string]any{"spec": map[string]any{"match": []any{
		map[string]any{"excludedNamespaces": benchNamespaces, "processes": []string{"audit", "sync"}},
	}}})
	if _, err := c.Kubectl(ctx, "patch", "configs.config.gatekeeper.sh", "config", "-n", "gatekeeper-system", "--type", "merge", "-p", string(match)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c.Kubectl(ctx, "patch", "configs.config.gatekeeper.sh", "config", "-n", "gatekeeper-system", "--type", "json", "-p", `[{"op": "remove", "path": "/spec/match"}]`)
	})
	bin := filepath.Join(t.TempDir(), "shipshape")
	if err := buildShipshape(bin); err != nil {
		t.Fatal(err)
	}
	loaded := 0
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			t.Fatalf("SHIPSHAPE_AUDIT_BENCH: %q is not a positive size", s)
		}
		start := time.Now()
		for loaded < n {
			batch := min(1000, n-loaded)
			if _, err := c.KubectlIn(ctx, benchObjects(loaded, batch), "apply", "--server-side", "--field-manager", "e2e-bench", "-f", "-"); err != nil {
				t.Fatal(err)
			}
			loaded += batch
		}
		t.Logf("%d objects loaded in %s", n, time.Since(start).Round(time.Second))

		args := []string{"audit", "--kubeconfig", c.Kubeconfig, "-o", "json", "--progress", "never"}
		for _, ns := range benchNamespaces {
			args = append(args, "-n", ns)
		}
		cmd := exec.Command(bin, args...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		start = time.Now()
		err = cmd.Run()
		took := time.Since(start)
		if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() > 1) {
			t.Fatalf("shipshape audit: %v\n%s", err, stderr.String())
		}
		var res struct {
			Findings []json.RawMessage
			Summary  struct{ Documents int }
		}
		if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		if res.Summary.Documents < n {
			t.Errorf("audit read %d objects, want at least %d", res.Summary.Documents, n)
		}
		rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // KiB on Linux
		// CPU time besides wall time: on a shared machine the wall time
		// says as much about the neighbours as about the audit.
		cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		t.Logf("audit of %d objects in %d namespaces: %s, %.0f objects/s, CPU %s (%.0f objects per CPU second), %d findings, peak RSS %d MiB",
			res.Summary.Documents, len(benchNamespaces), took.Round(time.Millisecond), float64(res.Summary.Documents)/took.Seconds(),
			cpu.Round(time.Millisecond), float64(res.Summary.Documents)/cpu.Seconds(), len(res.Findings), rss/1024)
	}
}

// benchObjects are objects [from, from+n) of the corpus: alternately a
// Deployment (a pinned image, no probes, no resources: several findings)
// and a ConfigMap, spread over benchNamespaces, as one List.
func benchObjects(from, n int) []byte {
	items := make([]any, 0, n)
	for i := from; i < from+n; i++ {
		ns := benchNamespaces[i%len(benchNamespaces)]
		name := fmt.Sprintf("bench-%06d", i)
		if i%2 == 0 {
			items = append(items, map[string]any{
				"apiVersion": "apps/v1", "kind": "Deployment",
				"metadata": map[string]any{"name": name, "namespace": ns, "labels": map[string]any{"app": name}},
				"spec": map[string]any{
					"replicas": 2,
					"selector": map[string]any{"matchLabels": map[string]any{"app": name}},
					"template": map[string]any{
						"metadata": map[string]any{"labels": map[string]any{"app": name}},
						"spec": map[string]any{"containers": []any{map[string]any{
							"name": "app", "image": fmt.Sprintf("registry.example.com/app:%d.0.0", i%7),
							"env": []any{map[string]any{"name": "INDEX", "value": strconv.Itoa(i)}},
						}}},
					},
				},
			})
			continue
		}
		items = append(items, map[string]any{
			"apiVersion": "v1", "kind": "ConfigMap",
			"metadata": map[string]any{"name": name, "namespace": ns},
			"data":     map[string]any{"index": strconv.Itoa(i), "settings.yaml": strings.Repeat("key: value\n", 20)},
		})
	}
	data, _ := json.Marshal(map[string]any{"apiVersion": "v1", "kind": "List", "items": items})
	return data
}
