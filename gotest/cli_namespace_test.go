package gotest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An object that names no namespace goes where kubectl apply is pointed.
// Not told the target, shipshape takes default but only warns, saying how
// to tell it; told default (flag or .shipshape.yaml) it denies; told
// another namespace, the object is there. An object that says default is
// denied whatever the target. Cluster-scoped objects are left alone.
func TestObjectWithoutNamespaceTakesTheTargetNamespace(t *testing.T) {
	docs := `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  LOG_LEVEL: info
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    team: storefront
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: placed
  namespace: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: explicit
  namespace: default
`
	type want struct {
		name, namespace, action, message string
	}
	explicit := want{"explicit", "default", "deny", "ConfigMap explicit is in namespace default"}
	tests := []struct {
		name   string
		config string // .shipshape.yaml
		args   []string
		want   []want
	}{
		{"not told", "", nil, []want{explicit,
			{"settings", "default", "warn", "ConfigMap settings names no namespace, so kubectl apply puts it in the namespace of -n, else of the current context, else default; this check was not told which (run shipshape with --namespace"}}},
		{"told default", "", []string{"--namespace", "default"}, []want{explicit,
			{"settings", "default", "deny", "ConfigMap settings is in namespace default"}}},
		{"told shop with -n", "", []string{"-n", "shop"}, []want{explicit}},
		{"told shop in .shipshape.yaml", "namespace: shop\n", nil, []want{explicit}},
		{"flag wins over the file", "namespace: shop\n", []string{"--namespace", "default"}, []want{explicit,
			{"settings", "default", "deny", "ConfigMap settings is in namespace default"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"docs.yaml": docs}
			if tt.config != "" {
				files[".shipshape.yaml"] = tt.config
			}
			dir := writeTree(t, files)
			args := append([]string{"check", "-o", "json", "--policy", "no-default-namespace"}, tt.args...)
			res := runCLIIn(t, dir, append(args, "docs.yaml")...)
			assert.Equal(t, 1, res.code, res.stdout+res.stderr)
			r := parseReport(t, res.stdout)
			require.Len(t, r.Findings, len(tt.want), res.stdout)
			byName := map[string]int{}
			for i, f := range r.Findings {
				byName[f.Name] = i
			}
			for _, w := range tt.want {
				i, ok := byName[w.name]
				require.True(t, ok, "no finding for %s: %s", w.name, res.stdout)
				f := r.Findings[i]
				assert.Equal(t, "ConfigMap", f.Kind)
				assert.Equal(t, w.name, f.Name)
				assert.Equal(t, w.namespace, f.Namespace)
				assert.Equal(t, w.action, f.Action)
				assert.Contains(t, f.Message, w.message)
			}
		})
	}
}
