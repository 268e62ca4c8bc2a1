package envelope_test

import (
	"encoding/json"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/shipshape-dev/shipshape/internal/envelope"
	"github.com/shipshape-dev/shipshape/internal/inputs"
)

// FuzzReview: whatever document the reader accepts, the envelope builder
// gives a review that Rego can take as input and that keeps the object's
// kind, name and namespace.
func FuzzReview(f *testing.F) {
	f.Add([]byte("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\n"))
	f.Add([]byte("apiVersion: v1\nkind: Pod\nmetadata: {name: 1, namespace: [x]}\n"))
	f.Add([]byte("apiVersion: /\nkind: Pod\nmetadata: null\n"))
	f.Add([]byte(`{"apiVersion": "a/b/c", "kind": "K", "metadata": {"name": "\u0000"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, _ := inputs.Parse("x.yaml", data, inputs.Options{MaxDepth: 50, MaxValues: 10_000, MaxAliasValues: 10_000})
		for _, d := range docs {
			ns := map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": "n"}}
			review := envelope.Review(d.Object, ns)
			if _, err := ast.InterfaceToValue(map[string]any{"review": review}); err != nil {
				t.Fatalf("review is not a Rego value: %v", err)
			}
			if _, err := json.Marshal(review); err != nil {
				t.Fatalf("review is not JSON: %v", err)
			}
			kind, _ := review["kind"].(map[string]any)
			if kind["kind"] != d.Object["kind"] {
				t.Errorf("review kind %v, object kind %v", kind["kind"], d.Object["kind"])
			}
			group, version := envelope.SplitAPIVersion(d.Object["apiVersion"].(string))
			if kind["group"] != group || kind["version"] != version {
				t.Errorf("review group/version %v/%v", kind["group"], kind["version"])
			}
			meta, _ := d.Object["metadata"].(map[string]any)
			if name, _ := meta["name"].(string); name != "" && review["name"] != name {
				t.Errorf("review name %v, object name %q", review["name"], name)
			}
		}
	})
}
