package render

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/inputs"
)

func TestAlign(t *testing.T) {
	tests := []struct {
		name           string
		tmpl, rendered []string
		want           []int
	}{
		{"literal lines", []string{"a: 1", "b: 2"}, []string{"a: 1", "b: 2"}, []int{1, 2}},
		{"a value", []string{"kind: Pod", "name: {{ .Values.n }}"}, []string{"kind: Pod", "name: web"}, []int{1, 2}},
		{"include gives several lines", []string{"labels:", "  {{- include \"l\" . | nindent 2 }}", "spec:"},
			[]string{"labels:", "  a: b", "  c: d", "spec:"}, []int{1, 2, 2, 3}},
		{"false conditional", []string{"a: 1", "{{- if .Values.x }}", "b: 2", "{{- end }}", "c: 3"},
			[]string{"a: 1", "c: 3"}, []int{1, 5}},
		{"true conditional", []string{"a: 1", "{{- if .Values.x }}", "b: 2", "{{- end }}", "c: 3"},
			[]string{"a: 1", "b: 2", "c: 3"}, []int{1, 3, 5}},
		{"range repeats its body", []string{"ports:", "{{- range .Values.ports }}", "- port: {{ . }}", "{{- end }}", "end: x"},
			[]string{"ports:", "- port: 80", "- port: 443", "end: x"}, []int{1, 3, 3, 5}},
		{"unchomped control leaves a blank line", []string{"{{ if .Values.x }}", "a: {{ .Values.a }}", "{{ end }}"},
			[]string{"", "a: 1", ""}, []int{1, 2, 3}},
		{"chomped value", []string{"name: {{- .Values.n }}"}, []string{"name:web"}, []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := align(tt.tmpl, tt.rendered)
			assert.Equal(t, tt.want, m.lines)
		})
	}
}

func TestValuesRead(t *testing.T) {
	tests := []struct {
		line, prefix string
		want         []string
	}{
		{`image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"`, "", []string{"image.repository", "image.tag"}},
		{`port: {{ $.Values.service.port }}`, "", []string{"service.port"}},
		{`x: {{ index .Values "my-app" "tag" }}`, "", []string{"my-app.tag"}},
		{`image: {{ .Values.image }}`, "cache.", []string{"cache.image"}},
		{`r: {{ .Values.global.registry }}`, "cache.", []string{"global.registry"}},
		{`name: {{ .Release.Name }}`, "", nil},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, valuesRead(tt.line, tt.prefix), tt.line)
	}
}

func TestValueIndexNamesOnlyAUniqueKey(t *testing.T) {
	x := &valueIndex{values: map[string]any{"a": map[string]any{"port": float64(8080), "name": "web"}, "b": "web", "c": []any{"x"}}}
	k, ok := x.unique(int64(8080))
	assert.True(t, ok)
	assert.Equal(t, "a.port", k)
	_, ok = x.unique("web") // two keys hold it
	assert.False(t, ok)
	k, ok = x.unique("x")
	assert.True(t, ok)
	assert.Equal(t, "c[0]", k)
	_, ok = x.unique(map[string]any{})
	assert.False(t, ok)
}

func TestParseValueSet(t *testing.T) {
	vs, err := ParseValueSet("prod=a.yaml, b.yaml")
	require.NoError(t, err)
	assert.Equal(t, ValueSet{Name: "prod", Files: []string{"a.yaml", "b.yaml"}}, vs)
	for _, bad := range []string{"prod", "=a.yaml", "prod=", "prod=,"} {
		_, err := ParseValueSet(bad)
		assert.Error(t, err, bad)
	}
	_, err = New(Options{Sets: []ValueSet{{Name: "a", Files: []string{"x"}}, {Name: "a", Files: []string{"y"}}}})
	assert.ErrorContains(t, err, "given twice")
	_, err = New(Options{KubeVersion: "banana"})
	assert.ErrorContains(t, err, "--kube-version")
}

// TestKustomizeOriginIsStripped: the annotation asked for to know each
// object's file never reaches the policies, and the user's own
// kustomization is not changed on disk.
func TestKustomizeOriginIsStripped(t *testing.T) {
	dir := t.TempDir()
	kust := "resources: [cm.yaml]\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "kustomization.yaml"), []byte(kust), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "cm.yaml"), []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n"), 0o644))
	r, err := New(Options{})
	require.NoError(t, err)
	res := r.Render(dir, inputs.DefaultOptions)
	require.Empty(t, res.Errors)
	require.Len(t, res.Documents, 1)
	d := res.Documents[0]
	assert.Equal(t, map[string]any{"name": "c"}, d.Object["metadata"])
	loc := d.Origin.Locate.Locate(d.Line, "data.a", 0)
	assert.Equal(t, inputs.Location{File: filepath.Join(dir, "cm.yaml"), Line: 1, FieldLine: 6}, loc)
	data, err := os.ReadFile(filepath.Join(dir, "kustomization.yaml"))
	require.NoError(t, err)
	assert.Equal(t, kust, string(data))

	// A kustomization that asks for origins itself keeps them: the
	// cluster gets them too.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "kustomization.yaml"), []byte(kust+"buildMetadata: [originAnnotations]\n"), 0o644))
	res = r.Render(dir, inputs.DefaultOptions)
	require.Len(t, res.Documents, 1)
	meta := res.Documents[0].Object["metadata"].(map[string]any)
	assert.Contains(t, meta["annotations"], originAnnotation)
}

func TestRootKind(t *testing.T) {
	dir := t.TempDir()
	assert.Equal(t, "", RootKind(dir))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Kustomization"), nil, 0o644))
	assert.Equal(t, Kustomize, RootKind(dir))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Chart.yaml"), nil, 0o644))
	assert.Equal(t, Helm, RootKind(dir))
}
