package engine

import (
	"context"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/constraints"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/plan"
	"github.com/shipshape-dev/shipshape/policies"
)

// TestVettedCompileIsTheSame is what lets the CLI mark the embedded
// catalog vetted: every module passes every check of OPA's compiler, the
// compile without skippedWhenVetted gives the same modules, and no module
// replaces a function with `with` (the one place evaluation reads the
// type environment that CheckTypes builds).
func TestVettedCompileIsTheSame(t *testing.T) {
	cat, err := catalog.Load(policies.FS)
	require.NoError(t, err)
	full, err := compile(cat.Policies, nil, false)
	require.NoError(t, err)
	vetted, err := compile(cat.Policies, nil, true)
	require.NoError(t, err)
	require.Len(t, vetted.Modules, len(full.Modules))
	for name, m := range full.Modules {
		v := vetted.Modules[name]
		require.NotNil(t, v, name)
		assert.True(t, m.Equal(v), "%s compiles to another module without the checks", name)
		assert.Equal(t, m.String(), v.String(), name)
	}
	modules := map[string]*ast.Module{}
	for _, l := range cat.Libs {
		modules[l.File] = l.Module
	}
	for _, p := range cat.Policies {
		modules[p.Dir+"/policy.rego"] = p.Module
	}
	for name, m := range modules {
		ast.WalkWiths(m, func(w *ast.With) bool {
			t.Errorf("%s:%d: `with` (the vetted compile leaves out the type environment it may read)", name, w.Location.Row)
			return true
		})
	}
}

// TestOnDemandCompilesWhatTheDocumentsNeed: with OnDemand, a run compiles
// the policies with a constraint that matches one of its documents, and
// nothing for documents no policy reads.
func TestOnDemandCompilesWhatTheDocumentsNeed(t *testing.T) {
	cat, err := catalog.Load(policies.FS)
	require.NoError(t, err)
	cat.Vetted = true
	var dockerfile []string
	for _, p := range cat.Policies {
		if p.Input == catalog.InputDockerfile {
			dockerfile = append(dockerfile, p.Key())
		}
	}
	doc := func(file string) inputs.Document {
		t.Helper()
		read := inputs.Read([]string{filepath.Join("../../policies", file)}, nil, inputs.DefaultOptions)
		require.Empty(t, read.Errors)
		require.Len(t, read.Documents, 1)
		return read.Documents[0]
	}
	cases := []struct {
		name string
		docs []inputs.Document
		want []string
	}{
		{name: "nothing", want: nil},
		{name: "a Dockerfile", docs: []inputs.Document{doc("dockerfile/dockerfile-non-root/samples/denied-no-user.Dockerfile")}, want: dockerfile},
		{
			name: "a ConfigMap", docs: []inputs.Document{doc("kubernetes/no-secrets-in-configmaps/samples/denied-configmap-password.yaml")},
			want: []string{"kubernetes/no-default-namespace", "kubernetes/no-secrets-in-configmaps"},
		},
		{
			name: "a Service", docs: []inputs.Document{doc("kubernetes/selector-matches-pods/samples/denied-service-db.yaml")},
			want: []string{"kubernetes/no-default-namespace", "kubernetes/selector-matches-pods"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			eng, err := New(cat, Options{OnDemand: true})
			require.NoError(t, err)
			run, err := eng.Prepare(context.Background(), constraints.Resolve(cat, nil), nil)
			require.NoError(t, err)
			_, errs := run.Evaluate(context.Background(), tc.docs)
			require.Empty(t, errs)
			var got []string
			for key := range eng.compiled {
				got = append(got, key)
			}
			slices.Sort(got)
			slices.Sort(tc.want)
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestOnDemandFindsWhatEagerFinds: every sample of the catalog, judged by
// its default Constraints, gives the same findings and errors from an
// engine that compiles every policy up front with every check and from
// one that compiles vetted, on demand.
func TestOnDemandFindsWhatEagerFinds(t *testing.T) {
	cat, err := catalog.Load(policies.FS)
	require.NoError(t, err)
	var files []string
	require.NoError(t, fs.WalkDir(policies.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.Contains(path, "/samples/") || strings.HasPrefix(filepath.Base(path), "constraint") {
			return err
		}
		files = append(files, filepath.Join("../../policies", path))
		return nil
	}))
	read := inputs.Read(files, nil, inputs.DefaultOptions)
	docs, _ := plan.Prepare(read.Documents)
	require.Greater(t, len(docs), 300, "the samples")
	judge := func(vetted, onDemand bool) ([]Finding, []inputs.Error) {
		c := *cat
		c.Vetted = vetted
		eng, err := New(&c, Options{OnDemand: onDemand})
		require.NoError(t, err)
		run, err := eng.Prepare(context.Background(), constraints.Resolve(&c, nil), nil)
		require.NoError(t, err)
		return run.Evaluate(context.Background(), docs)
	}
	eager, eagerErrs := judge(false, false)
	lazy, lazyErrs := judge(true, true)
	require.Greater(t, len(eager), 300, "findings on the denied samples")
	assert.Equal(t, eager, lazy)
	assert.Equal(t, eagerErrs, lazyErrs)
}

// TestInventoryReaders: a policy reads the inventory when its Rego refers
// to data.inventory, itself or through libraries, at any depth of imports.
func TestInventoryReaders(t *testing.T) {
	policy := func(id, imports, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("# METADATA\n# title: Test policy\n# description: A policy written by a test.\n# custom:\n#   section: test\n#   input: kubernetes\n#   kinds: [Pod]\n#   action: deny\n" +
			"package shipshape.kubernetes." + strings.ReplaceAll(id, "-", "_") + "\n\n" + imports + "\nviolation contains v if some v in findings\n\nfindings contains {\"msg\": \"x\", \"details\": {}} if {\n\t" + body + "\n}\n")}
	}
	cat := loadCatalog(t, fstest.MapFS{
		"lib/reads.rego":   {Data: []byte("package lib.reads\n\nfound if data.inventory.cluster\n")},
		"lib/through.rego": {Data: []byte("package lib.through\n\nimport data.lib.reads\n\nfound if reads.found\n")},
		"lib/other.rego":   {Data: []byte("package lib.other\n\nfound if input.review\n")},
		// A package whose name starts with another's is not that package.
		"lib/readsnot.rego":                  {Data: []byte("package lib.readsnot\n\nfound if input.review\n")},
		"kubernetes/direct/policy.rego":      policy("direct", "", "data.inventory.namespace"),
		"kubernetes/two-deep/policy.rego":    policy("two-deep", "import data.lib.through\n", "through.found"),
		"kubernetes/other-lib/policy.rego":   policy("other-lib", "import data.lib.other\n", "other.found"),
		"kubernetes/prefix-only/policy.rego": policy("prefix-only", "import data.lib.readsnot\n", "readsnot.found"),
	})
	assert.Equal(t, map[string]bool{
		"kubernetes/direct": true, "kubernetes/two-deep": true, "kubernetes/other-lib": false, "kubernetes/prefix-only": false,
	}, inventoryReaders(cat))
}

func loadCatalog(t *testing.T, fsys fstest.MapFS) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.Load(fsys)
	require.NoError(t, err)
	return cat
}
