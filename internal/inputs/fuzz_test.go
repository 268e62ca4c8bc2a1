package inputs

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzParse: no input makes the YAML/JSON reader panic or hang; every
// error names the file and a line inside it; every document has an
// apiVersion and a kind, a line inside the file, and is JSON.
func FuzzParse(f *testing.F) {
	f.Add("a.yaml", []byte(podYAML("a")+"---\n"+podYAML("b")))
	f.Add("a.json", []byte(`{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}}`))
	f.Add("a.yaml", []byte("apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod}\n"))
	f.Add("a.yaml", []byte("a: &a [*a]\n"))
	f.Add("a.yaml", []byte("%YAML 1.1\n---\n<<: {apiVersion: v1}\nkind: Pod\n...\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if name == "" {
			name = "x.yaml"
		}
		opts := Options{MaxDepth: 50, MaxNodes: 10_000}
		docs, errs := Parse(name, data, opts)
		lines := 1 + lineBreaks(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
		for _, e := range errs {
			if e.File != name || e.Line < 1 || e.Line > lines || e.Message == "" {
				t.Errorf("error %+v: want file %q and a line in 1..%d", e, name, lines)
			}
		}
		for _, d := range docs {
			if d.File != name || d.Line < 1 || d.Line > lines {
				t.Errorf("document at %s:%d: want a line in 1..%d", d.File, d.Line, lines)
			}
			if s, _ := d.Object["apiVersion"].(string); s == "" {
				t.Errorf("document without apiVersion: %v", d.Object)
			}
			if s, _ := d.Object["kind"].(string); s == "" {
				t.Errorf("document without kind: %v", d.Object)
			}
			if _, err := json.Marshal(d.Object); err != nil {
				t.Errorf("document is not JSON: %v", err)
			}
		}
	})
}
