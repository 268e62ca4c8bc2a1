package gotest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	configv1alpha1 "github.com/open-policy-agent/gatekeeper/v3/apis/config/v1alpha1"
	"github.com/open-policy-agent/gatekeeper/v3/pkg/cachemanager/parser"
	"github.com/open-policy-agent/gatekeeper/v3/pkg/gator/reader"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/yaml"

	"github.com/shipshape-dev/shipshape/internal/build"
)

// TestSyncConfigCoversExactlyWhatTemplatesRequire reads templates/sync.yaml
// as Gatekeeper's Config type and every template's requires-sync-data
// annotation with Gatekeeper's own parser: every requirement is synced,
// and nothing else is.
func TestSyncConfigCoversExactlyWhatTemplatesRequire(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(RepoRoot(), "templates", "sync.yaml"))
	require.NoError(t, err)
	var cfg configv1alpha1.Config
	require.NoError(t, yaml.UnmarshalStrict(raw, &cfg))
	assert.Equal(t, "config.gatekeeper.sh/v1alpha1", cfg.APIVersion)
	assert.Equal(t, "Config", cfg.Kind)
	assert.Equal(t, build.SyncName, cfg.Name)
	assert.Equal(t, build.SyncNamespace, cfg.Namespace)
	synced := map[schema.GroupVersionKind]bool{}
	for _, e := range cfg.Spec.Sync.SyncOnly {
		synced[e.ToGroupVersionKind()] = true
	}

	gk := newGatekeeperEngine(t)
	required := map[schema.GroupVersionKind]bool{}
	referential := 0
	for _, p := range loadCatalog(t).Policies {
		if p.Input != "kubernetes" {
			continue
		}
		readsInventory := strings.Contains(p.Source, "data.inventory")
		for _, l := range p.Libs {
			readsInventory = readsInventory || l.Package == "lib.inventory"
		}
		tmplYAML, err := build.TemplateYAML(p)
		require.NoError(t, err)
		u, err := reader.ReadUnstructured(tmplYAML)
		require.NoError(t, err)
		tmpl, err := reader.ToTemplate(gk.scheme, u)
		require.NoError(t, err)
		reqs, err := parser.ReadSyncRequirements(tmpl)
		require.NoError(t, err, "%s: requires-sync-data is not in Gatekeeper's format", p.ID)
		if !readsInventory {
			assert.Empty(t, reqs, "%s reads no inventory but asks for sync", p.ID)
			continue
		}
		referential++
		require.NotEmpty(t, reqs, "%s reads data.inventory but declares no custom.sync", p.ID)
		for _, set := range reqs {
			ok := false
			for gvk := range set {
				required[gvk] = true
				ok = ok || synced[gvk]
			}
			assert.True(t, ok, "%s requires %v, which sync.yaml does not sync", p.ID, set)
		}
	}
	assert.Positive(t, referential)
	assert.Equal(t, required, synced, "sync.yaml syncs exactly the kinds the templates require")

	kust, err := os.ReadFile(filepath.Join(RepoRoot(), "templates", "kustomization.yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(kust), "- sync.yaml")
}
