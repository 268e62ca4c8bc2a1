package gotest

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"

	"github.com/shipshape-dev/shipshape/internal/catalog"
)

// TestKustomizeBuildsTheTemplates runs kustomize's own build (what
// `kubectl apply -k templates/` runs first) and checks that it yields a
// ConstraintTemplate with its parameter schema and a default Constraint for
// every Kubernetes policy, and the sync Config.
func TestKustomizeBuildsTheTemplates(t *testing.T) {
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	resources, err := k.Run(filesys.MakeFsOnDisk(), filepath.Join(RepoRoot(), "templates"))
	require.NoError(t, err)
	templates := map[string]map[string]any{}
	constraintKinds := map[string]bool{}
	configs := 0
	for _, r := range resources.Resources() {
		obj, err := r.Map()
		require.NoError(t, err)
		switch r.GetKind() {
		case "ConstraintTemplate":
			templates[r.GetName()] = obj
		case "Config":
			configs++
		default:
			assert.Equal(t, "constraints.gatekeeper.sh/v1beta1", r.GetApiVersion(), r.GetKind())
			constraintKinds[r.GetKind()] = true
		}
	}
	assert.Equal(t, 1, configs, "the sync Config")
	want := 0
	for _, p := range loadCatalog(t).Policies {
		if p.Input != catalog.InputKubernetes {
			continue
		}
		want++
		tmpl, ok := templates[lowerKind(p.ConstraintKind())]
		if !assert.True(t, ok, "no ConstraintTemplate for %s", p.ID) {
			continue
		}
		assert.True(t, constraintKinds[p.ConstraintKind()], "no default Constraint for %s", p.ID)
		props := dig(tmpl, "spec", "crd", "spec", "validation", "openAPIV3Schema", "properties")
		for name := range p.Parameters {
			_, ok := props[name]
			assert.True(t, ok, "%s: template schema lacks parameter %s", p.ID, name)
		}
	}
	assert.Len(t, templates, want)
	assert.Len(t, constraintKinds, want)
}

func lowerKind(kind string) string {
	b := []byte(kind)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func dig(m map[string]any, path ...string) map[string]any {
	for _, k := range path {
		next, _ := m[k].(map[string]any)
		m = next
	}
	return m
}
