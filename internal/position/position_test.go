package position

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/shipshape-dev/shipshape/internal/engine"
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
		assert.Equal(t, want, Line(obj, path), path)
	}
}

func TestResolveFindsTheDocumentOfEachFinding(t *testing.T) {
	files := map[string]string{
		"multi.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - image: x\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  containers:\n  - image: y\n",
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
	Resolve(findings, func(name string) ([]byte, error) {
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
