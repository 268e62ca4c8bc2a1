//go:build unix

package gotest

import (
	"context"
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/constraints"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/inventory"
)

// BenchmarkInventoryPolicies evaluates a generated cluster of N objects
// against the policies that read data.inventory: one run builds the
// inventory, prepares the queries and evaluates every object. Namespaces
// grow with N (50 objects each, as in a real cluster that grows by teams),
// so a policy that scans the whole inventory per object shows up as
// superlinear time per document.
func BenchmarkInventoryPolicies(b *testing.B) {
	clusters := map[int][]inputs.Document{}
	for _, n := range []int{1000, 10000} {
		clusters[n] = generateCluster(n, 50)
		b.Run(fmt.Sprintf("objects=%d", n), func(b *testing.B) {
			benchmarkInventory(b, inventoryPolicies, clusters[n])
		})
	}
	// Everything in one namespace: the per-namespace lookups (quotas, a
	// workload's own namespace) see every object.
	b.Run("one-namespace/objects=10000", func(b *testing.B) {
		benchmarkInventory(b, inventoryPolicies, generateCluster(10000, 10000))
	})
	// Each policy alone, to tell which one grows.
	for _, id := range inventoryPolicies {
		for _, n := range []int{1000, 10000} {
			b.Run(fmt.Sprintf("policy=%s/objects=%d", id, n), func(b *testing.B) {
				benchmarkInventory(b, []string{id}, clusters[n])
			})
		}
	}
}

func benchmarkInventory(b *testing.B, ids []string, docs []inputs.Document) {
	ctx := context.Background()
	cat, err := catalog.Load(os.DirFS(PoliciesDir()))
	require.NoError(b, err)
	eng, err := engine.New(cat, engine.Options{Workers: 1})
	require.NoError(b, err)
	var cons []*constraints.Constraint
	for _, id := range ids {
		p := cat.Policy(id)
		require.NotNil(b, p, id)
		cons = append(cons, constraints.Default(p))
	}
	b.ResetTimer()
	start, cpuStart := time.Now(), cpuTime()
	findings := 0
	for i := 0; i < b.N; i++ {
		run, err := eng.Prepare(ctx, cons, inventory.Build(docs))
		require.NoError(b, err)
		fs, errs := run.Evaluate(ctx, docs)
		require.Empty(b, errs)
		findings = len(fs)
	}
	elapsed, cpu := time.Since(start), cpuTime()-cpuStart
	n := float64(len(docs) * b.N)
	b.ReportMetric(n/elapsed.Seconds(), "docs/s")
	b.ReportMetric(float64(elapsed.Nanoseconds())/n, "ns/doc")
	// CPU time is what to compare on a shared machine, where wall time
	// also measures the neighbours.
	b.ReportMetric(float64(cpu.Nanoseconds())/n, "cpu-ns/doc")
	b.ReportMetric(float64(findings), "findings")
}

// cpuTime is the CPU time the process has used (user and system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// generateCluster makes n objects in namespaces of perNamespace objects:
// per namespace a Namespace, a ResourceQuota, a LimitRange (in every other
// namespace), Deployments with an HPA, a claim and ConfigMaps, and
// StatefulSets; plus a few PriorityClasses. Each team has a prod, a
// staging and a dev namespace whose workloads share names, with images
// that differ in some, so the cross-namespace lookups find counterparts.
func generateCluster(n, perNamespace int) []inputs.Document {
	var objs []map[string]any
	add := func(o map[string]any) { objs = append(objs, o) }
	for _, name := range []string{"business-high", "business-default", "batch-low"} {
		add(map[string]any{"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": map[string]any{"name": name}, "value": 1000, "globalDefault": name == "business-default"})
	}
	for nsIndex := 0; len(objs) < n; nsIndex++ {
		ns := fmt.Sprintf("team-%04d", nsIndex)
		env := []string{"prod", "staging", "dev"}[nsIndex%3]
		add(map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": ns, "labels": map[string]any{"team": ns}}})
		add(map[string]any{"apiVersion": "v1", "kind": "ResourceQuota", "metadata": map[string]any{"name": "compute", "namespace": ns}, "spec": map[string]any{"hard": map[string]any{"requests.cpu": "40"}}})
		if nsIndex%2 == 0 {
			add(map[string]any{"apiVersion": "v1", "kind": "LimitRange", "metadata": map[string]any{"name": "defaults", "namespace": ns}, "spec": map[string]any{"limits": []any{map[string]any{"type": "Container", "default": map[string]any{"cpu": "1"}}}}})
		}
		for i := 0; len(objs) < n && i < perNamespace/6; i++ {
			// One team's app in its prod, staging and dev namespaces.
			app := fmt.Sprintf("t%04d-svc-%03d", nsIndex/3, i)
			image := "registry.example.com/" + app + ":1.0.0"
			if env == "staging" && i%4 == 0 {
				image += "-staging"
			}
			cm := fmt.Sprintf("%s-config-%010d", app, i)
			add(map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": cm, "namespace": ns}, "immutable": i%2 == 0, "data": map[string]any{"A": "b"}})
			add(map[string]any{"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": map[string]any{"name": app + "-data", "namespace": ns}, "spec": map[string]any{"accessModes": []any{[]string{"ReadWriteOnce", "ReadWriteMany"}[i%2]}}})
			add(map[string]any{"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": map[string]any{"name": app, "namespace": ns}, "spec": map[string]any{
				"scaleTargetRef": map[string]any{"apiVersion": "apps/v1", "kind": "Deployment", "name": app}, "minReplicas": 2, "maxReplicas": 6,
				"metrics": []any{map[string]any{"type": "Resource", "resource": map[string]any{"name": "cpu", "target": map[string]any{"type": "Utilization", "averageUtilization": 70}}}},
			}})
			add(map[string]any{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": map[string]any{"name": app, "namespace": ns, "labels": map[string]any{"app.kubernetes.io/name": app, "app.kubernetes.io/version": "1.0.0"}}, "spec": map[string]any{
				"replicas": 2,
				"template": map[string]any{"spec": map[string]any{
					"priorityClassName": "business-high",
					"containers": []any{map[string]any{"name": "app", "image": image,
						"resources": map[string]any{"requests": map[string]any{"cpu": "100m", "memory": "128Mi"}},
						"envFrom":   []any{map[string]any{"configMapRef": map[string]any{"name": cm}}}}},
					"volumes": []any{map[string]any{"name": "data", "persistentVolumeClaim": map[string]any{"claimName": app + "-data"}}},
				}},
			}})
			add(map[string]any{"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": map[string]any{"name": app + "-db", "namespace": ns}, "spec": map[string]any{
				"replicas": 3,
				"template": map[string]any{"spec": map[string]any{"containers": []any{map[string]any{"name": "db", "image": "postgres:16.4",
					"env": []any{map[string]any{"name": "PASSWORD", "valueFrom": map[string]any{"secretKeyRef": map[string]any{"name": app + "-db", "key": "p"}}}}}}}},
			}})
			add(map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": app + "-extra", "namespace": ns}, "data": map[string]any{"B": "c"}})
		}
	}
	docs := make([]inputs.Document, 0, len(objs))
	for i, o := range objs[:n] {
		docs = append(docs, inputs.Document{File: "generated.yaml", Line: i + 1, Input: inputs.KindKubernetes, Object: o})
	}
	return docs
}
