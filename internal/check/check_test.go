package check_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/check"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/report"
	"github.com/shipshape-dev/shipshape/policies"
)

func loadCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.Load(policies.FS)
	require.NoError(t, err)
	return cat
}

// pod is a Pod that breaks several policies: an untagged image, no
// resources, no probes, two documents so a file has findings on two lines.
func pod(name string) string {
	return fmt.Sprintf(`apiVersion: v1
kind: Pod
metadata:
  name: %[1]s
spec:
  containers:
  - name: c
    image: nginx
---
apiVersion: v1
kind: Pod
metadata:
  name: %[1]s-2
spec:
  containers:
  - name: c
    image: nginx:latest
`, name)
}

// kubeconfig is a kubeadm admin.conf: every copy uses the same names, so
// each one after the first is reported by kubeconfig-unique-names.
const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: kubernetes
  cluster: {server: "https://10.0.0.1:6443"}
users:
- name: kubernetes-admin
  user: {token: x}
contexts:
- name: kubernetes-admin@kubernetes
  context: {cluster: kubernetes, user: kubernetes-admin}
current-context: kubernetes-admin@kubernetes
`

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(data), 0o644))
	}
}

// streamed runs p twice, keeping the findings and emitting them, and
// checks that the emitted run gives the same report less its findings,
// and the same findings in the same order. It returns the batches.
func streamed(t *testing.T, p check.Params, stdin string) [][]engine.Finding {
	t.Helper()
	cat := loadCatalog(t)
	p.Stdin = strings.NewReader(stdin)
	kept, err := check.Run(context.Background(), cat, p)
	require.NoError(t, err)
	require.NotEmpty(t, kept.Findings, "the case should have findings")

	var batches [][]engine.Finding
	p.Stdin = strings.NewReader(stdin)
	p.Emit = func(batch []engine.Finding) error {
		assert.NotEmpty(t, batch, "no empty batches")
		batches = append(batches, batch)
		return nil
	}
	rep, err := check.Run(context.Background(), cat, p)
	require.NoError(t, err)
	var all []engine.Finding
	for _, b := range batches {
		all = append(all, b...)
	}
	assert.Equal(t, kept.Findings, all, "emitted findings in the report's order")
	assert.Empty(t, rep.Findings)
	assert.Equal(t, kept.Summary, rep.Summary)
	assert.Equal(t, kept.Errors, rep.Errors)
	assert.Equal(t, kept.NotCovered, rep.NotCovered)
	assert.Equal(t, kept.Policies, rep.Policies)
	return batches
}

// files lists the File of each batch, which must each hold one file.
func files(t *testing.T, batches [][]engine.Finding) []string {
	t.Helper()
	var out []string
	for _, b := range batches {
		for _, f := range b {
			require.Equal(t, b[0].File, f.File, "one file per batch")
		}
		out = append(out, b[0].File)
	}
	return out
}

// TestEmitOrder: files are emitted in the order of the names their
// findings carry, whatever order the paths come in (stdin is "<stdin>"),
// one batch a file, the same with one worker or several.
func TestEmitOrder(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"a/b.yaml":         pod("ab"),
		"a/b/c.yaml":       pod("abc"),
		"a/b-c.yaml":       pod("a-bc"),
		"z/z.yaml":         pod("zz"),
		"m.yaml":           pod("m"),
		"a/b/unknown.yaml": "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n",
		"a/broken.yaml":    "kind: [\n",
	})
	j := func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }
	paths := []string{j("z"), "-", j("m.yaml"), j("a")}
	for _, workers := range []int{1, 3} {
		t.Run(fmt.Sprint("workers=", workers), func(t *testing.T) {
			batches := streamed(t, check.Params{Paths: paths, Workers: workers, Skip: engine.InventoryReaders(loadCatalog(t))}, pod("stdin"))
			assert.Equal(t, []string{j("a/b-c.yaml"), j("a/b.yaml"), j("a/b/c.yaml"), j("m.yaml"), j("z/z.yaml"), inputs.Stdin}, files(t, batches))
		})
	}
}

// TestEmitSameFileTwice: a file named twice is one file of the report,
// its findings merged and sorted as one.
func TestEmitSameFileTwice(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"a.yaml": pod("a"), "b.yaml": pod("b")})
	a, b := filepath.Join(dir, "a.yaml"), filepath.Join(dir, "b.yaml")
	batches := streamed(t, check.Params{Paths: []string{b, a, b}, Skip: engine.InventoryReaders(loadCatalog(t))}, "")
	assert.Equal(t, []string{a, b}, files(t, batches))
}

// TestEmitKubeconfigInTheMiddle: a file holding a kubeconfig is emitted
// only after the final pass over every kubeconfig, and the files after it
// wait behind it; the result is the same as keeping everything, the
// merge order of the kubeconfigs included.
func TestEmitKubeconfigInTheMiddle(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"a.yaml":      pod("a"),
		"b-kube.yaml": kubeconfig,
		"c.yaml":      pod("c") + "---\n" + kubeconfig, // a pod and a kubeconfig in one file
		"d.yaml":      pod("d"),
		"e-kube.yaml": kubeconfig,
		"f.yaml":      pod("f"),
	})
	j := func(name string) string { return filepath.Join(dir, name) }
	for _, c := range []struct {
		paths []string
		want  []string // files with findings; a clash is reported on the second kubeconfig merged, c.yaml in both orders
	}{
		{[]string{dir}, []string{"a.yaml", "c.yaml", "d.yaml", "f.yaml"}},
		{[]string{j("f.yaml"), j("e-kube.yaml"), j("d.yaml"), j("c.yaml"), j("b-kube.yaml"), j("a.yaml")}, []string{"a.yaml", "c.yaml", "d.yaml", "f.yaml"}},
		{[]string{j("e-kube.yaml"), j("b-kube.yaml"), j("c.yaml"), j("a.yaml")}, []string{"a.yaml", "b-kube.yaml", "c.yaml"}},
	} {
		for _, workers := range []int{1, 2} {
			batches := streamed(t, check.Params{Paths: c.paths, Workers: workers, Skip: engine.InventoryReaders(loadCatalog(t))}, "")
			var want []string
			for _, w := range c.want {
				want = append(want, j(w))
			}
			assert.Equal(t, want, files(t, batches))
		}
	}
}

// TestEmitWithInventory: a run that must keep every document (inventory
// policies selected) emits everything once, at the end.
func TestEmitWithInventory(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"a.yaml": pod("a"), "b.yaml": pod("b"), "k.yaml": kubeconfig})
	batches := streamed(t, check.Params{Paths: []string{dir}}, "")
	assert.Len(t, batches, 1)
}

// TestEmitError: an error from Emit ends the run with that error.
func TestEmitError(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for i := range 20 {
		files[fmt.Sprintf("f%02d.yaml", i)] = pod(fmt.Sprint("p", i))
	}
	write(t, dir, files)
	cat := loadCatalog(t)
	stop := errors.New("disk full")
	for _, skip := range [][]string{engine.InventoryReaders(cat), nil} {
		calls := 0
		_, err := check.Run(context.Background(), cat, check.Params{Paths: []string{dir}, Workers: 2, Skip: skip,
			Emit: func([]engine.Finding) error { calls++; return stop }})
		assert.ErrorIs(t, err, stop)
		assert.Equal(t, 1, calls, "no batch after an error")
	}
}

// TestNoEmitKeepsFindings: without Emit the report holds the findings,
// with their counts.
func TestNoEmitKeepsFindings(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"a.yaml": pod("a")})
	rep, err := check.Run(context.Background(), loadCatalog(t), check.Params{Paths: []string{dir}})
	require.NoError(t, err)
	var s report.Summary
	s.Count(rep.Findings)
	assert.NotZero(t, s.Deny)
	assert.Equal(t, s.Deny, rep.Summary.Deny)
	assert.Equal(t, s.Warn, rep.Summary.Warn)
}
