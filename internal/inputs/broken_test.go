package inputs

import (
	"strings"
	"testing"
)

const pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: %s\n"

func podYAML(name string) string { return strings.Replace(pod, "%s", name, 1) }

// TestBrokenInput: every kind of broken file gives exactly the errors
// listed, each with its file and line, and the good documents around it
// are still read.
func TestBrokenInput(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		data     string
		docs     []string // metadata.name of the documents read, in order
		errLine  []int    // line of each error, in order
		errMsg   []string // a substring of each error
		noteLine []int    // line of each note of the documents, in order
		noteMsg  []string // a substring of each note
	}{
		{
			name: "malformed YAML, the next document is still read",
			file: "a.yaml",
			data: podYAML("x") + "   bad: indent\n---\n" + podYAML("yy"),
			docs: []string{"yy"}, errLine: []int{5}, errMsg: []string{"invalid YAML: mapping values are not allowed"},
		},
		{
			name: "broken document in the middle keeps absolute lines after it",
			file: "a.yaml",
			data: podYAML("a") + "---\nkey: [unclosed\n---\n" + podYAML("b") + "---\n" + "kind: Pod\n",
			docs: []string{"a", "b"}, errLine: []int{6, 13}, errMsg: []string{"invalid YAML", "no apiVersion"},
		},
		{
			name:    "malformed JSON",
			file:    "a.json",
			data:    "{\"apiVersion\": \"v1\", \"kind\": \"Pod\",\n \"metadata\": {\"name\": \"x\" \"y\"}}\n",
			errLine: []int{2}, errMsg: []string{"invalid JSON: invalid character '\"' after object key:value pair"},
		},
		{
			name:    "truncated JSON",
			file:    "a.json",
			data:    "{\"apiVersion\": \"v1\",\n \"kind\": \"Pod\",\n",
			errLine: []int{3}, errMsg: []string{"invalid JSON: unexpected end of input"},
		},
		{
			name:    "JSON trailing comma",
			file:    "a.json",
			data:    "{\"apiVersion\": \"v1\", \"kind\": \"Pod\",\n \"metadata\": {\"name\": \"x\",}}\n",
			errLine: []int{2}, errMsg: []string{"invalid JSON: invalid character '}'"},
		},
		{
			name: "valid JSON is read with its lines",
			file: "a.json",
			data: "[\n{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"a\"}},\n{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"b\"}}\n]\n",
			docs: []string{"a", "b"},
		},
		{
			name: "scalar document",
			file: "a.yaml",
			data: podYAML("a") + "---\nhello\n",
			docs: []string{"a"}, errLine: []int{6}, errMsg: []string{"document is a string, not an object"},
		},
		{
			name:    "list of scalars is one error",
			file:    "a.yaml",
			data:    "- a\n- b\n- c\n",
			errLine: []int{1}, errMsg: []string{"document is a list of strings, not objects"},
		},
		{
			name:    "list of mixed scalars",
			file:    "a.yaml",
			data:    "- a\n- 1\n",
			errLine: []int{1}, errMsg: []string{"document is a list of values"},
		},
		{
			name:    "no apiVersion",
			file:    "a.yaml",
			data:    "kind: Pod\nmetadata: {name: x}\n",
			errLine: []int{1}, errMsg: []string{"document has no apiVersion; is this a Kubernetes object?"},
		},
		{
			name:    "no apiVersion and no kind",
			file:    "a.yaml",
			data:    "# comment\nmetadata: {name: x}\n",
			errLine: []int{2}, errMsg: []string{"document has no apiVersion and kind"},
		},
		{
			name: "unknown kind is a document, not an error",
			file: "a.yaml",
			data: "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n",
			docs: []string{"w"},
		},
		{
			// kubectl keeps the last value (seen against a real API
			// server by the e2e differential test); so does the check.
			name: "duplicate key",
			file: "a.yaml",
			data: podYAML("x") + "  name: second\n",
			docs: []string{"second"}, noteLine: []int{5}, noteMsg: []string{`key "name" is written twice in one mapping (lines 4 and 5)`},
		},
		{
			name: "duplicate key in JSON",
			file: "a.json",
			data: "{\"apiVersion\": \"v1\",\n\"kind\": \"Pod\",\n\"metadata\": {\"name\": \"a\",\n\"name\": \"b\"}}\n",
			docs: []string{"b"}, noteLine: []int{4}, noteMsg: []string{`key "name" is written twice in one mapping (lines 3 and 4)`},
		},
		{
			name: "invalid UTF-8",
			file: "a.yaml",
			data: podYAML("a") + "---\n" + podYAML("\xff\xfe"),
			docs: []string{"a"}, errLine: []int{9}, errMsg: []string{"invalid UTF-8 (byte 0xff)"},
		},
		{
			name:    "binary file",
			file:    "a.yaml",
			data:    "\x7fELF\x02\x01\x01\x00\x00\x00",
			errLine: []int{1}, errMsg: []string{"binary content"},
		},
		{
			name:    "UTF-16",
			file:    "a.yaml",
			data:    "\xff\xfea\x00p\x00",
			errLine: []int{1}, errMsg: []string{"UTF-16"},
		},
		{
			name:    "empty file",
			file:    "a.yaml",
			data:    "",
			errLine: []int{1}, errMsg: []string{"no YAML or JSON document"},
		},
		{
			name:    "only comments",
			file:    "a.yaml",
			data:    "# nothing here\n\n",
			errLine: []int{1}, errMsg: []string{"no YAML or JSON document"},
		},
		{
			name:    "only ---",
			file:    "a.yaml",
			data:    "---\n",
			errLine: []int{1}, errMsg: []string{"no YAML or JSON document"},
		},
		{
			name: "empty documents between good ones are fine",
			file: "a.yaml",
			data: "---\n---\n" + podYAML("a") + "---\n\n---\n",
			docs: []string{"a"},
		},
		{
			name: "CRLF line endings",
			file: "a.yaml",
			data: strings.ReplaceAll(podYAML("a")+"---\n"+podYAML("b")+"  name: c\n", "\n", "\r\n"),
			docs: []string{"a", "c"}, noteLine: []int{10}, noteMsg: []string{`key "name" is written twice in one mapping (lines 9 and 10)`},
		},
		{
			name: "lone CR line endings count as lines, as in YAML",
			file: "a.yaml",
			data: strings.ReplaceAll(podYAML("a")+"  name: b\n", "\n", "\r"),
			docs: []string{"b"}, noteLine: []int{5}, noteMsg: []string{`(lines 4 and 5)`},
		},
		{
			name: "byte order mark",
			file: "a.yaml",
			data: "\xef\xbb\xbf" + podYAML("a"),
			docs: []string{"a"},
		},
		{
			name:    "tab-indented YAML",
			file:    "a.yaml",
			data:    "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n",
			errLine: []int{4}, errMsg: []string{"a tab indents this line; YAML indents with spaces only"},
		},
		{
			name: "directive before the document",
			file: "a.yaml",
			data: "%YAML 1.1\n---\n" + podYAML("a"),
			docs: []string{"a"},
		},
		{
			name: "--- inside a block scalar is indented, not a separator",
			file: "a.yaml",
			data: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: |\n    ---\n    y\n",
			docs: []string{"a"},
		},
		{
			name: "a type the API server cannot decode names its field",
			file: "a.yaml",
			data: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: \"3\"\n---\n" + podYAML("b"),
			docs: []string{"b"}, errLine: []int{6}, errMsg: []string{"the API server refuses this Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"},
		},
		{
			name:    "YAML 1.1: name y is a boolean, which the API server refuses",
			file:    "a.yaml",
			data:    podYAML("y"),
			errLine: []int{4}, errMsg: []string{"Go struct field ObjectMeta.metadata.name of type string"},
		},
		{
			name:    "an unknown field is refused, as kubectl --validate=strict does",
			file:    "a.yaml",
			data:    podYAML("a") + "spec:\n  containers:\n  - name: c\n    image: x\n    imagePullPolcy: Always\n",
			errLine: []int{9}, errMsg: []string{`unknown field "spec.containers[0].imagePullPolcy"`},
		},
		{
			name: "a custom resource is left to its CRD",
			file: "a.yaml",
			data: "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  anything: [1, true]\n",
			docs: []string{"w"},
		},
		{
			name: "--- with content on the same line",
			file: "a.yaml",
			data: podYAML("a") + "--- {apiVersion: v1, kind: Pod, metadata: {name: b}}\n",
			// kubectl's reader refuses content after "---"; so does shipshape.
			docs: []string{"a"}, errLine: []int{5}, errMsg: []string{"invalid YAML document separator"},
		},
		{
			name:    "alias to its own anchor",
			file:    "a.yaml",
			data:    "apiVersion: v1\nkind: Pod\nmetadata: &m\n  self: *m\n",
			errLine: []int{4}, errMsg: []string{"refused"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, errs := Parse(tc.file, []byte(tc.data), DefaultOptions)
			var names []string
			for _, d := range docs {
				meta, _ := d.Object["metadata"].(map[string]any)
				n, _ := meta["name"].(string)
				names = append(names, n)
			}
			if strings.Join(names, ",") != strings.Join(tc.docs, ",") {
				t.Errorf("documents %q, want %q (errors %v)", names, tc.docs, errs)
			}
			if len(errs) != len(tc.errMsg) {
				t.Fatalf("errors %v, want %d", errs, len(tc.errMsg))
			}
			for i, e := range errs {
				if e.File != tc.file || e.Line != tc.errLine[i] || !strings.Contains(e.Message, tc.errMsg[i]) {
					t.Errorf("error %d = %q, want %s:%d: …%s…", i, e.Error(), tc.file, tc.errLine[i], tc.errMsg[i])
				}
			}
			var notes []Error
			for _, d := range docs {
				notes = append(notes, d.Notes...)
			}
			if len(notes) != len(tc.noteMsg) {
				t.Fatalf("notes %v, want %d", notes, len(tc.noteMsg))
			}
			for i, n := range notes {
				if n.File != tc.file || n.Line != tc.noteLine[i] || !strings.Contains(n.Message, tc.noteMsg[i]) {
					t.Errorf("note %d = %q, want %s:%d: …%s…", i, n.Error(), tc.file, tc.noteLine[i], tc.noteMsg[i])
				}
			}
		})
	}
}

// TestDocumentLines: documents after a split keep their line in the file.
func TestDocumentLines(t *testing.T) {
	data := "# header\n" + podYAML("a") + "---\n" + podYAML("b") + "---\r\n\n" + podYAML("c")
	docs, errs := Parse("a.yaml", []byte(data), DefaultOptions)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var lines []int
	for _, d := range docs {
		lines = append(lines, d.Line)
	}
	want := []int{2, 7, 13}
	if len(lines) != 3 || lines[0] != want[0] || lines[1] != want[1] || lines[2] != want[2] {
		t.Errorf("lines %v, want %v", lines, want)
	}
}
