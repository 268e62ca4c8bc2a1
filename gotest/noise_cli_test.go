package gotest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeTree writes files (path relative to a new temporary folder: content)
// and returns the folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	}
	return dir
}

const pinnedPod = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  containers:
    - name: web
      image: nginx:1.27.0
`

// A run that judges nothing says so and exits 2; one that judges
// something is unchanged. Dot-directories are skipped inside a folder,
// named in the message, and read when named.
func TestNothingCheckedIsNotSilent(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"hidden/.k8s/pod.yaml": pinnedPod,
		"unknown/crd.yaml":     "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n",
		"mixed/pod.yaml":       pinnedPod,
		"mixed/crd.yaml":       "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n",
	})
	tests := []struct {
		name     string
		arg      string
		code     int
		stderr   string
		stdout   string
		notInOut string
	}{
		{"only dot-directories", "hidden", 2, "nothing was checked: no YAML, JSON or Dockerfile was found in the inputs; 1 dot-directories were skipped (hidden/.k8s): name one as an argument", "nothing was checked:", ""},
		{"dot-directory named", "hidden/.k8s", -1, "", "", "nothing was checked"},
		{"only unknown kinds", "unknown", 2, "nothing was checked: no selected policy applies to any of the 1 documents (kinds example.com/v1/Widget)", "nothing was checked:", ""},
		{"some checked", "mixed", -1, "", "", "nothing was checked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runCLIIn(t, dir, "check", "--policy", "image-tag-pinned", "--policy", "no-default-namespace", tt.arg)
			if tt.code >= 0 {
				assert.Equal(t, tt.code, res.code, res.stdout+res.stderr)
			} else {
				assert.NotEqual(t, 2, res.code, res.stdout+res.stderr)
			}
			assert.Contains(t, res.stderr, tt.stderr)
			assert.Contains(t, res.stdout, tt.stdout)
			if tt.notInOut != "" {
				assert.NotContains(t, res.stdout+res.stderr, tt.notInOut)
			}
		})
	}
	help := runCLI(t, "", "check", "--help")
	assert.Contains(t, help.stdout, "directories whose name starts with\na dot (.git, .github, .terraform, ...) are skipped; name one as an\nargument to check it")
}

// The same object given twice (the same file named twice, or two files
// with the same apiVersion, kind, namespace and name) is reported once,
// at its first place, with a note naming every place; in a streamed run
// and in one that builds the inventory alike. Objects that differ in
// namespace are two objects.
func TestSameObjectTwiceIsReportedOnce(t *testing.T) {
	other := strings.Replace(pinnedPod, "nginx:1.27.0", "nginx", 1)
	dir := writeTree(t, map[string]string{
		"a.yaml":     other,
		"copy.yaml":  other,
		"other.yaml": strings.Replace(other, "namespace: shop", "namespace: shop-staging", 1),
		// the same identity with other content: another version, judged on its own
		"changed.yaml": strings.Replace(other, "image: nginx", "image: httpd", 1),
	})
	tests := []struct {
		name   string
		policy []string
		args   []string
		notes  []string
		pods   map[string]string // namespace/name: file of its finding
	}{
		{"same file twice, streamed", []string{"image-tag-pinned"}, []string{"a.yaml", "a.yaml"},
			[]string{"note: file a.yaml is given 2 times; it is checked and reported once"}, map[string]string{"shop/web": "a.yaml"}},
		{"two files, streamed", []string{"image-tag-pinned"}, []string{"copy.yaml", "a.yaml", "other.yaml"},
			[]string{"note: Pod shop/web is given 2 times (a.yaml:1, copy.yaml:1); its findings are reported once, at a.yaml:1"},
			map[string]string{"shop/web": "a.yaml", "shop-staging/web": "other.yaml"}},
		{"two files, with the inventory", []string{"image-tag-pinned", "namespace-limit-range"}, []string{"copy.yaml", "a.yaml"},
			[]string{"note: Pod shop/web is given 2 times (a.yaml:1, copy.yaml:1); its findings are reported once, at a.yaml:1"},
			map[string]string{"shop/web": "a.yaml"}},
		{"same identity, other content", []string{"image-tag-pinned"}, []string{"a.yaml", "changed.yaml"},
			nil, map[string]string{"shop/web": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"check"}
			for _, p := range tt.policy {
				args = append(args, "--policy", p)
			}
			text := runCLIIn(t, dir, append(args, tt.args...)...)
			for _, n := range tt.notes {
				assert.Contains(t, text.stdout, n+"\n")
			}
			if len(tt.notes) == 0 {
				assert.NotContains(t, text.stdout, "is given 2 times")
			}
			res := runCLIIn(t, dir, append(append(args, "-o", "json"), tt.args...)...)
			r := parseReport(t, res.stdout)
			got := map[string]int{}
			for _, f := range r.Findings {
				if f.Policy == "image-tag-pinned" {
					if want := tt.pods[f.Namespace+"/web"]; want != "" {
						assert.Equal(t, want, f.File, f.Namespace)
					}
					got[f.Namespace+"/web"]++
				}
			}
			for pod, file := range tt.pods {
				want := 1
				if file == "" {
					want = 2 // both versions
				}
				assert.Equal(t, want, got[pod], "%s: %s", pod, res.stdout)
			}
		})
	}
}

// A fact about a namespace (custom.factOf: namespace: no ResourceQuota, no
// LimitRange, the Namespace not in the input) is said once per namespace
// offline, with the number of workloads that share it: on the Namespace
// object when the input has it, else on the first workload.
func TestNamespaceFactsAreSaidOncePerNamespace(t *testing.T) {
	deploy := func(name, ns string) string {
		return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\n  namespace: " + ns +
			"\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: nginx:1.27.0\n---\n"
	}
	dir := writeTree(t, map[string]string{
		"shop.yaml":    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\n" + deploy("api", "shop") + deploy("web", "shop") + deploy("db", "shop"),
		"logging.yaml": deploy("agent", "logging") + deploy("shipper", "logging"),
		"ops.yaml":     deploy("one", "ops"),
	})
	res := runCLIIn(t, dir, "check", "-o", "json", "--policy", "namespace-resource-quota", "--policy", "namespace-limit-range", ".")
	r := parseReport(t, res.stdout)
	type got struct{ file, kind, name string }
	by := map[string][]got{}
	for _, f := range r.Findings {
		by[f.Policy] = append(by[f.Policy], got{f.File, f.Kind, f.Name})
	}
	for _, policy := range []string{"namespace-resource-quota", "namespace-limit-range"} {
		assert.ElementsMatch(t, []got{
			{"shop.yaml", "Namespace", "shop"},
			{"logging.yaml", "Deployment", "agent"},
			{"ops.yaml", "Deployment", "one"},
		}, by[policy], policy)
	}
	text := runCLIIn(t, dir, "check", "--policy", "namespace-resource-quota", ".").stdout
	assert.Contains(t, text, "shop.yaml:1  warn     namespace-resource-quota  Deployment api runs in namespace shop, which has no ResourceQuota; add one so the namespace's requests, limits and object counts are capped (said once for namespace shop: 3 workloads in it share this: Deployment api, Deployment web, Deployment db)")
	assert.Contains(t, text, "(said once for namespace logging: 2 workloads in it share this: Deployment agent, Deployment shipper)")
	assert.NotContains(t, text, "namespace ops:")

	// --per-object: on each object, as Gatekeeper reports them.
	res = runCLIIn(t, dir, "check", "-o", "json", "--per-object", "--policy", "namespace-resource-quota", ".")
	var each []got
	for _, f := range parseReport(t, res.stdout).Findings {
		each = append(each, got{f.File, f.Kind, f.Name})
	}
	assert.ElementsMatch(t, []got{
		{"shop.yaml", "Deployment", "api"}, {"shop.yaml", "Deployment", "web"}, {"shop.yaml", "Deployment", "db"},
		{"logging.yaml", "Deployment", "agent"}, {"logging.yaml", "Deployment", "shipper"},
		{"ops.yaml", "Deployment", "one"},
	}, each)
}
