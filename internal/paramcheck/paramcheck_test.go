package paramcheck

import (
	"strings"
	"testing"

	"github.com/shipshape-dev/shipshape/internal/catalog"
)

func TestCheck(t *testing.T) {
	policy := catalog.Policy{ID: "p", Parameters: map[string]any{
		"minMemory":   map[string]any{"type": "string", "format": "quantity"},
		"namePattern": map[string]any{"type": "string", "format": "regex"},
		"plain":       map[string]any{"type": "string"},
		"limits": map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{
			"max":  map[string]any{"type": "string", "format": "quantity"},
			"name": map[string]any{"type": "string", "format": "regex"},
		}}},
		"perNamespace": map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string", "format": "quantity"}},
	}}
	for _, tc := range []struct {
		name   string
		params map[string]any
		want   []string
	}{
		{"valid", map[string]any{"minMemory": "32Gi", "namePattern": "^(db|redis)-", "plain": "[", "limits": []any{map[string]any{"max": "500m", "name": "a.*"}}, "perNamespace": map[string]any{"shop": "1e3"}}, nil},
		{"numbers are quantities", map[string]any{"minMemory": 2.5}, nil},
		{"bad quantity", map[string]any{"minMemory": "32GB"}, []string{`spec.parameters.minMemory: "32GB" is not a Kubernetes quantity`}},
		{"quantity of the wrong type", map[string]any{"minMemory": true}, []string{"spec.parameters.minMemory: must be a Kubernetes quantity such as 32Gi or 500m, got bool"}},
		{"bad regex", map[string]any{"namePattern": "(db"}, []string{`spec.parameters.namePattern: "(db" is not a regular expression: error parsing regexp: missing closing )`}},
		{"nested in a list", map[string]any{"limits": []any{map[string]any{"max": "1"}, map[string]any{"max": "1Kb", "name": "*"}}}, []string{
			`spec.parameters.limits[1].max: "1Kb" is not a Kubernetes quantity`,
			`spec.parameters.limits[1].name: "*" is not a regular expression`,
		}},
		{"map values", map[string]any{"perNamespace": map[string]any{"a": "1Gi", "b": "lots"}}, []string{`spec.parameters.perNamespace.b: "lots" is not a Kubernetes quantity`}},
		{"a parameter without a schema is not judged here", map[string]any{"other": "(("}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := Check(policy, tc.params)
			if len(errs) != len(tc.want) {
				t.Fatalf("got %v, want %d errors %q", errs, len(tc.want), tc.want)
			}
			for i, w := range tc.want {
				if !strings.Contains(errs[i].Error(), w) {
					t.Errorf("error %d: got %q, want it to contain %q", i, errs[i], w)
				}
			}
		})
	}
}
