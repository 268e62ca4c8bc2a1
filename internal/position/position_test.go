package position

import (
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
)

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    shipshape.dev/exempt.image-tag-pinned: ""
    shipshape.dev/exempt: "other"
spec:
  template:
    spec:
      containers:
        - name: a
          image: nginx
        - &second
          name: b
          image: busybox
      initContainers:
        - *second
`

func object(t *testing.T, src string) *yaml.Node {
	var doc yaml.Node
	require.NoError(t, yaml.Unmarshal([]byte(src), &doc))
	return doc.Content[0]
}

func TestLine(t *testing.T) {
	obj := object(t, deployment)
	for path, want := range map[string]int{
		"":              1,
		"metadata.name": 4,
		"metadata.annotations.shipshape.dev/exempt.image-tag-pinned": 6,
		"metadata.annotations.shipshape.dev/exempt":                  7,
		"spec.template.spec.containers[0].image":                     13,
		"spec.template.spec.containers[1]":                           14, // the anchor line
		"spec.template.spec.containers[1].image":                     16,
		"spec.template.spec.containers[0].readinessProbe":            12, // missing: the container
		"spec.template.spec.containers[7].image":                     11, // no such item: the list
		"spec.template.spec.initContainers[0].image":                 16, // through the alias
		"spec.template.spec.containers.image":                        11, // not a mapping
		"spec.template.spec.containers[x]":                           11,
	} {
		assert.Equal(t, want, inputs.TreeLine(obj, path), path)
	}
}

func TestResolveFindsTheDocumentOfEachFinding(t *testing.T) {
	files := map[string]string{
		"multi.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - image: x\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  containers:\n  - image: yy\n",
		"list.yaml":  "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  spec:\n    containers:\n    - image: x\n",
		"array.json": "[\n  {\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Pod\",\n    \"spec\": {\n      \"containers\": [\n        {\"image\": \"x\"}\n      ]\n    }\n  }\n]\n",
		"crlf.yaml":  "apiVersion: v1\r\nkind: Pod\r\nspec:\r\n  containers:\r\n  - image: x\r\n",
	}
	field := map[string]any{"field": "spec.containers[0].image"}
	findings := []engine.Finding{
		{File: "multi.yaml", Line: 1, Details: field},
		{File: "multi.yaml", Line: 9, Details: field},
		{File: "list.yaml", Line: 4, Details: field},
		{File: "array.json", Line: 2, Details: field},
		{File: "crlf.yaml", Line: 1, Details: field},
		{File: "crlf.yaml", Line: 1}, // names no field: left alone
		{File: "gone.yaml", Line: 1, Details: field},
	}
	opened := map[string]int{}
	var mu sync.Mutex // files are read from several goroutines
	Resolve(findings, func(name string) ([]byte, error) {
		mu.Lock()
		defer mu.Unlock()
		opened[name]++
		src, ok := files[name]
		if !ok {
			return nil, fmt.Errorf("no such file")
		}
		return []byte(src), nil
	})
	got := []int{}
	for _, f := range findings {
		got = append(got, f.FieldLine)
	}
	assert.Equal(t, []int{7, 15, 8, 7, 5, 0, 0}, got)
	assert.Equal(t, map[string]int{"multi.yaml": 1, "list.yaml": 1, "array.json": 1, "crlf.yaml": 1, "gone.yaml": 1}, opened, "each file is read once")
}

// ResolveDocuments reads lines from the documents' YAML trees and agrees
// with parsing the files again, for every shape of input; findings of a
// document without a tree fall back to the file.
func TestResolveDocumentsAgreesWithParsingAgain(t *testing.T) {
	helm := "---\n# Source: chart/templates/a.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - image: x\n    securityContext: {}\n"
	files := map[string]string{
		"multi.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - image: x\n---\n\n# c\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  containers:\n  - image: yy\n",
		"list.yaml":  "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  spec:\n    containers:\n    - image: x\n",
		"array.json": "[\n  {\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Pod\",\n    \"spec\": {\n      \"containers\": [\n        {\"image\": \"x\"}\n      ]\n    }\n  }\n]\n",
		"crlf.yaml":  "\ufeffapiVersion: v1\r\nkind: Pod\r\nspec:\r\n  containers:\r\n  - image: x\r\n",
		"alias.yaml": deployment,
		"helm.yaml":  helm + helm,
	}
	fields := []string{"", "metadata.name", "spec.containers[0].image", "spec.containers[0].securityContext.runAsUser",
		"spec.template.spec.initContainers[0].image", "spec.template.spec.containers[1].image", "spec.nothing"}
	var docs []inputs.Document
	var findings []engine.Finding
	for _, name := range slices.Sorted(maps.Keys(files)) {
		ds, errs := inputs.Parse(name, []byte(files[name]), inputs.DefaultOptions)
		require.Empty(t, errs, name)
		for _, d := range ds {
			require.NotNil(t, d.Tree, "%s:%d", name, d.Line)
			for _, field := range fields {
				findings = append(findings, engine.Finding{File: name, Line: d.Line, Details: map[string]any{"field": field}})
			}
		}
		docs = append(docs, ds...)
	}
	open := func(name string) ([]byte, error) { return []byte(files[name]), nil }
	want := slices.Clone(findings)
	Resolve(want, open)

	got := slices.Clone(findings)
	ResolveDocuments(got, docs, func(name string) ([]byte, error) { return nil, fmt.Errorf("%s read again", name) })
	for i := range got {
		if got[i].Field() != "" {
			assert.Equal(t, want[i].FieldLine, got[i].FieldLine, "%s:%d %s", got[i].File, got[i].Line, got[i].Field())
			assert.Positive(t, got[i].FieldLine)
		}
	}

	// Without trees, the files are read again.
	for i := range docs {
		docs[i].Tree = nil
	}
	got = slices.Clone(findings)
	ResolveDocuments(got, docs, open)
	assert.Equal(t, want, got)
}
