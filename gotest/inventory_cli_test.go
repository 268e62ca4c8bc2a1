package gotest

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/policytest"
)

// inventoryPolicies are the checks that read data.inventory.
var inventoryPolicies = []string{
	"config-rollout-on-change", "hpa-requires-requests", "ingress-worker-processes",
	"namespace-limit-range", "namespace-resource-quota", "priority-class-usage",
	"same-image-across-environments", "shared-volume-access-mode",
}

// TestClusterDumpListIsCheckedAcrossObjects checks the output of
// `kubectl get deploy,sts,hpa,pvc,cm,ns,resourcequota,limitrange,priorityclass -A -o yaml`
// (one kind: List) through the CLI: the inventory is built from the List's
// items, so findings that need another object come out right, each at the
// line of its own item.
func TestClusterDumpListIsCheckedAcrossObjects(t *testing.T) {
	const fixture = "gotest/testdata/cluster-dump.yaml"
	args := []string{"check", "-o", "json"}
	for _, id := range inventoryPolicies {
		args = append(args, "--policy", id)
	}
	res := runCLI(t, "", append(args, fixture)...)
	assert.Equal(t, 1, res.code, res.stderr)
	r := parseReport(t, res.stdout)
	require.Empty(t, r.Errors)
	assert.Equal(t, 42, r.Summary["documents"])

	type want struct{ policy, action, kind, ns, name, msg string }
	wants := []want{
		{"config-rollout-on-change", "warn", "Deployment", "kube-system", "coredns", "reads ConfigMap coredns, but nothing rolls its pods"},
		{"config-rollout-on-change", "warn", "Deployment", "blog", "wordpress", "reads ConfigMap wordpress-config, but"},
		{"config-rollout-on-change", "warn", "StatefulSet", "shop-prod", "orders-db", "reads Secret orders-db-credentials, but"},
		{"hpa-requires-requests", "deny", "HorizontalPodAutoscaler", "shop-prod", "checkout", "has minReplicas 1"},
		{"hpa-requires-requests", "deny", "HorizontalPodAutoscaler", "shop-prod", "checkout", "on memory utilization, but container checkout requests no memory"},
		{"hpa-requires-requests", "warn", "HorizontalPodAutoscaler", "shop-prod", "search", "its target Deployment shop-prod/search is not found in the inventory"},
		{"ingress-worker-processes", "warn", "Deployment", "ingress-nginx", "ingress-nginx-controller", `has CPU limit 16 but ConfigMap ingress-nginx/ingress-nginx-controller sets worker-processes "auto"`},
		{"namespace-limit-range", "warn", "Namespace", "", "kube-system", "namespace kube-system, which has no LimitRange"},       // said once, on the Namespace
		{"namespace-limit-range", "warn", "Namespace", "", "ingress-nginx", "namespace ingress-nginx, which has no LimitRange"},   // said once, on the Namespace
		{"namespace-limit-range", "warn", "Namespace", "", "blog", "namespace blog, which has no LimitRange"},                     // said once, on the Namespace
		{"namespace-resource-quota", "warn", "Namespace", "", "kube-system", "namespace kube-system, which has no ResourceQuota"}, // said once, on the Namespace
		{"namespace-resource-quota", "warn", "Namespace", "", "blog", "namespace blog, which has no ResourceQuota"},               // said once, on the Namespace
		{"priority-class-usage", "deny", "PriorityClass", "", "business-default", "and so is PriorityClass legacy-default"},
		{"priority-class-usage", "deny", "PriorityClass", "", "legacy-default", "and so is PriorityClass business-default"},
		{"same-image-across-environments", "deny", "Deployment", "shop-prod", "catalog", `but Deployment catalog in namespace shop-staging runs "registry.example.com/shop/catalog:2.3.0-staging"`},
		{"same-image-across-environments", "deny", "Deployment", "shop-staging", "catalog", `but Deployment catalog in namespace shop-prod runs "registry.example.com/shop/catalog:2.3.0"`},
		{"shared-volume-access-mode", "deny", "Deployment", "shop-prod", "catalog", "runs 3 replicas, yet all its pods mount PersistentVolumeClaim catalog-uploads"},
		{"shared-volume-access-mode", "deny", "HorizontalPodAutoscaler", "shop-prod", "catalog", "may scale Deployment catalog to 10 replicas, yet all its pods mount PersistentVolumeClaim catalog-uploads"},
	}
	var got, expected []string
	for _, f := range r.Findings {
		got = append(got, fmt.Sprintf("%s %s %s %s/%s", f.Policy, f.Action, f.Kind, f.Namespace, f.Name))
	}
	for _, w := range wants {
		expected = append(expected, fmt.Sprintf("%s %s %s %s/%s", w.policy, w.action, w.kind, w.ns, w.name))
	}
	sort.Strings(got)
	sort.Strings(expected)
	require.Equal(t, expected, got)
	for _, w := range wants {
		found := false
		for _, f := range r.Findings {
			found = found || (f.Policy == w.policy && f.Name == w.name && f.Namespace == w.ns && strings.Contains(f.Message, w.msg))
		}
		assert.True(t, found, "no %s finding on %s/%s saying %q", w.policy, w.ns, w.name, w.msg)
	}

	// Each finding points at its own item of the List.
	data, err := os.ReadFile(filepath.Join(RepoRoot(), fixture))
	require.NoError(t, err)
	lines := strings.Split(string(data), "\n")
	for _, f := range r.Findings {
		assert.Equal(t, fixture, f.File)
		require.Less(t, f.Line-1, len(lines))
		require.True(t, strings.HasPrefix(lines[f.Line-1], "- apiVersion:"), "line %d of a %s finding starts no List item: %q", f.Line, f.Policy, lines[f.Line-1])
		end := f.Line
		for end < len(lines) && !strings.HasPrefix(lines[end], "- ") && !strings.HasPrefix(lines[end], "kind: List") {
			end++
		}
		item := strings.Join(lines[f.Line-1:end], "\n")
		assert.Contains(t, item, "\n    name: "+f.Name+"\n", "line %d is not the item of %s %s", f.Line, f.Kind, f.Name)
	}

	// The not-found finding is warn-level offline, so the deny findings alone
	// decide the exit code.
	assert.Equal(t, 8, r.Summary["deny"])
	assert.Equal(t, 10, r.Summary["warn"])
}

// TestSuiteInventoryCasesThroughCLI runs every suite case that has an
// inventory through `shipshape check`, with the inventory files as more
// inputs: the findings on the case's object must be as many as the case
// expects, whatever the other files produce themselves.
func TestSuiteInventoryCasesThroughCLI(t *testing.T) {
	cat := loadCatalog(t)
	suites, err := policytest.Suites(os.DirFS(PoliciesDir()), cat)
	require.NoError(t, err)
	ran := 0
	for _, s := range suites {
		dir := filepath.Join("policies", filepath.Dir(s.Path))
		id := filepath.Base(dir)
		for _, test := range s.Tests {
			if test.Invalid {
				continue
			}
			for _, c := range test.Cases {
				if len(c.Inventory) == 0 {
					continue
				}
				want := -1
				for _, a := range c.Assertions {
					if n, ok := a.Violations.(float64); ok && a.Message == nil {
						want = int(n)
					}
				}
				if want < 0 {
					continue
				}
				object := filepath.Join(dir, c.Object)
				args := []string{"check", "-o", "json", "--policy", id, "-c", filepath.Join(dir, test.Constraint), object}
				for _, f := range c.Inventory {
					args = append(args, filepath.Join(dir, f))
				}
				r := parseReport(t, runCLI(t, "", args...).stdout)
				got := 0
				for _, f := range r.Findings {
					if f.File == object && !f.Exempted {
						got++
					}
				}
				assert.Equal(t, want, got, "%s %s/%s", id, test.Name, c.Name)
				ran++
			}
		}
	}
	assert.Positive(t, ran)
}
