package inputs

import (
	"bytes"
	"encoding/json"
	"reflect"
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
		// Decoding in batches must give what decoding piece by piece gives.
		clean := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
		bd, be := parseYAML(name, data, opts)
		var pd []Document
		var pe []Error
		sp := splitter{data: clean, line: 1}
		for ch, ok := sp.next(); ok; ch, ok = sp.next() {
			d, e, _ := parseChunk(name, chunk{data: clean[ch.start:ch.end], line: ch.line}, opts)
			pd, pe = append(pd, d...), append(pe, e...)
		}
		// Their YAML trees differ in where their lines count from: the
		// document's own line is the same.
		for _, ds := range [][]Document{bd, pd} {
			for i, d := range ds {
				if d.Tree == nil || d.TreeBase+d.Tree.Line != d.Line {
					t.Errorf("document at %s:%d: tree from line %d", d.File, d.Line, d.TreeBase+1)
				}
				ds[i].Tree, ds[i].TreeBase = nil, 0
			}
		}
		if len(bd)+len(pd) > 0 && !reflect.DeepEqual(bd, pd) || len(be)+len(pe) > 0 && !reflect.DeepEqual(be, pe) {
			t.Errorf("batched: %v %v\npiece by piece: %v %v", bd, be, pd, pe)
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
