package gotest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An object that names no namespace lands in default, as with kubectl, so
// no-default-namespace reports it; cluster-scoped objects are left alone.
func TestObjectWithoutNamespaceLandsInDefault(t *testing.T) {
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
`
	res := runCLI(t, docs, "check", "-o", "json", "--policy", "no-default-namespace", "-")
	assert.Equal(t, 1, res.code, res.stdout+res.stderr)
	r := parseReport(t, res.stdout)
	require.Len(t, r.Findings, 1, res.stdout)
	f := r.Findings[0]
	assert.Equal(t, "ConfigMap", f.Kind)
	assert.Equal(t, "settings", f.Name)
	assert.Equal(t, "default", f.Namespace)
	assert.Equal(t, "deny", f.Action)
	assert.Contains(t, f.Message, "ConfigMap settings is in namespace default")
	assert.Equal(t, 1, f.Line)
}
