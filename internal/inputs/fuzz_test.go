package inputs

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
)

// kubectlObjects decodes a stream as `kubectl apply -f` does: apimachinery's
// YAML-or-JSON decoder (sigs.k8s.io/yaml), then the unstructured decoder,
// lists flattened. It is the reference the parser is fuzzed against.
func kubectlObjects(data []byte) ([]map[string]any, error) {
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	var out []map[string]any
	for {
		var ext runtime.RawExtension
		if err := dec.Decode(&ext); err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return out, err
		}
		raw := bytes.TrimSpace(ext.Raw)
		if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
			continue
		}
		obj, _, err := unstructured.UnstructuredJSONScheme.Decode(raw, nil, nil)
		if err != nil {
			return out, err
		}
		var objs []unstructured.Unstructured
		switch o := obj.(type) {
		case *unstructured.Unstructured:
			objs = append(objs, *o)
		case *unstructured.UnstructuredList:
			objs = append(objs, o.Items...)
		}
		for _, o := range objs {
			// kubectl's REST mapping needs both before anything is sent.
			if o.GetAPIVersion() == "" || o.GetKind() == "" {
				return out, errors.New("object without apiVersion or kind")
			}
			out = append(out, o.Object)
		}
	}
}

// refusals are the inputs kubectl decodes and shipshape refuses on purpose
// (the first: what the API server itself would refuse).
var refusals = []string{"the API server refuses", "nests deeper", "refers to the value that contains it", "--max-values", "alias bomb", "invalid UTF-8"}

// FuzzParse: no input makes the YAML/JSON reader panic or hang; every
// error names the file and a line inside it; every document has an
// apiVersion, a kind and a line inside the file; and every object equals
// what kubectl's own decoding gives for the same bytes (nulls dropped, as
// the API server drops them).
func FuzzParse(f *testing.F) {
	f.Add("a.yaml", []byte(podYAML("a")+"---\n"+podYAML("b")))
	f.Add("a.json", []byte(`{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}}`))
	f.Add("a.json", []byte("{\"apiVersion\": \"v1\", \"kind\": \"Pod\"}\n{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"n\": 1e400}\n"))
	f.Add("a.yaml", []byte("apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod}\n"))
	f.Add("a.yaml", []byte("apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: a}\n"))
	f.Add("a.yaml", []byte("a: &a [*a]\n"))
	f.Add("a.yaml", []byte("%YAML 1.1\n---\n<<: {apiVersion: v1}\nkind: Pod\n...\n"))
	f.Add("a.yaml", []byte("apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: On\n  hostPID: Y\n  containers:\n  - name: a\n    securityContext: {privileged: yes, allowPrivilegeEscalation: no, procMount: ~}\n"))
	f.Add("a.yaml", []byte("x: &a {privileged: true}\ny: &b {runAsUser: 0}\napiVersion: v1\nkind: Pod\nsc:\n  <<: [*a, *b]\n  runAsUser: 1\n"))
	f.Add("a.yaml", []byte("apiVersion: v1\r\nkind: Pod\r\n---\r\n\xef\xbb\xbfapiVersion: v1\r\nkind: Pod\r\nn: 0x1F\r\nm: 1_000\r\no: .5\r\np: 0o17\r\nq: 2001-12-14\r\n"))
	f.Add("a.yaml", []byte("--- {apiVersion: v1, kind: Pod}\n"))
	f.Add("a.yaml", []byte(podYAML("a")+"  name: b\nkind: Pod\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if name == "" {
			name = "x.yaml"
		}
		opts := Options{MaxDepth: 50, MaxValues: 10_000, MaxAliasValues: 10_000}
		docs, errs := parseYAML(name, data, opts)
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
			for _, n := range d.Notes {
				if n.File != name || n.Line < 1 || n.Line > lines || n.Message == "" {
					t.Errorf("note %+v: want file %q and a line in 1..%d", n, name, lines)
				}
			}
			if d.Tree != nil && d.TreeBase+d.Tree.Line != d.Line {
				t.Errorf("document at %s:%d: tree from line %d", d.File, d.Line, d.TreeBase+d.Tree.Line)
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
		want, kerr := kubectlObjects(data)
		if kerr != nil {
			return // kubectl refuses it; shipshape may read more (top-level arrays)
		}
		if len(errs) > 0 {
			for _, e := range errs {
				if !containsAny(e.Message, refusals) {
					t.Errorf("kubectl reads %d objects, shipshape refuses: %v", len(want), e)
				}
			}
			return
		}
		for _, o := range want {
			DropNulls(o)
		}
		got := make([]map[string]any, len(docs))
		for i, d := range docs {
			got[i] = d.Object
		}
		if len(got)+len(want) > 0 && !reflect.DeepEqual(got, want) {
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			t.Errorf("objects differ from kubectl's\nshipshape: %s\nkubectl:   %s", g, w)
		}
	})
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
