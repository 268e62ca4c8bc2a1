package engine_test

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/constraints"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
)

// A rule a policy declares in custom.shared is evaluated once per merge of
// kubeconfigs and reused on every document. The test's rule breaks the
// promise on purpose (it reads the document's own place in the merge), so
// that the reuse shows: shared, every finding carries the one value
// computed first; not shared, each carries its own. (That reuse is what keeps kubeconfig-unique-names
// linear in the number of kubeconfigs.)
func TestSharedRuleIsEvaluatedOncePerMerge(t *testing.T) {
	tests := []struct {
		name   string
		shared string
		same   bool
	}{
		{"shared", "#   shared: [drawn]\n", true},
		{"not shared", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := `# METADATA
# title: Test policy
# description: A policy written by a test.
# custom:
#   section: test
#   input: kubeconfig
#   kinds: [Config]
#   action: deny
` + tt.shared + `package shipshape.kubeconfig.draw

drawn := input.review.mergedIndex

violation contains {"msg": sprintf("%d", [drawn]), "details": {}}
`
			cat := loadTestCatalog(t, fstest.MapFS{"kubeconfig/draw/policy.rego": {Data: []byte(src)}})
			eng, err := engine.New(cat, engine.Options{Workers: 2})
			require.NoError(t, err)
			run, err := eng.Prepare(context.Background(), constraints.Resolve(cat, nil), nil)
			require.NoError(t, err)
			var docs []inputs.Document
			for i := range 20 {
				docs = append(docs, inputs.Document{File: fmt.Sprintf("k%d.yaml", i), Line: 1, Input: inputs.KindKubeconfig,
					Object: map[string]any{"apiVersion": "v1", "kind": "Config"}})
			}
			findings, errs := run.Evaluate(context.Background(), docs)
			require.Empty(t, errs)
			require.Len(t, findings, 20)
			values := map[string]bool{}
			for _, f := range findings {
				values[f.Message] = true
			}
			if tt.same {
				assert.Len(t, values, 1)
			} else {
				assert.Greater(t, len(values), 1)
			}
		})
	}
}

// custom.shared names rules of the policy; another name is an error that
// names the file.
func TestSharedMustNameARule(t *testing.T) {
	fsys := policyFS("p", "violation contains {\"msg\": \"x\"} if false\n")
	src := string(fsys["kubernetes/p/policy.rego"].Data)
	fsys["kubernetes/p/policy.rego"].Data = []byte(replaceOnce(src, "#   action: deny\n", "#   action: deny\n#   shared: [index]\n"))
	_, err := catalog.Load(fsys)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "kubernetes/p/policy.rego: custom.shared: index names no rule of the policy")
}

func replaceOnce(s, old, new string) string {
	for i := 0; i+len(old) <= len(s); i++ {
		if s[i:i+len(old)] == old {
			return s[:i] + new + s[i+len(old):]
		}
	}
	return s
}
