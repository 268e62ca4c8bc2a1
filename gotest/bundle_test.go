package gotest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/envelope"
)

// opaBin builds github.com/open-policy-agent/opa once per test run.
func opaBin(t testing.TB) string {
	path, err := PeerTool("opa")
	require.NoError(t, err)
	return path
}

func TestOPAInspectsTheBundle(t *testing.T) {
	cmd := exec.Command(opaBin(t), "inspect", "--format", "json", "bundles/shipshape.tar.gz")
	cmd.Dir = RepoRoot()
	out, err := cmd.Output()
	require.NoError(t, err, string(out))
	var info struct {
		Manifest struct {
			Revision string
			Roots    []string
		}
		Namespaces map[string][]string
	}
	require.NoError(t, json.Unmarshal(out, &info))
	assert.NotEmpty(t, info.Manifest.Revision)
	assert.ElementsMatch(t, []string{"lib", "main", "shipshape"}, info.Manifest.Roots)
	for _, p := range loadCatalog(t).Policies {
		assert.Contains(t, info.Namespaces, "data."+p.Package, p.ID)
	}
	for ns, files := range info.Namespaces {
		for _, f := range files {
			assert.NotContains(t, f, "_test.rego", "%s: tests do not belong in the bundle", ns)
		}
	}
}

func TestOPAEvalsAViolationFromTheBundle(t *testing.T) {
	obj := readObjects(t, filepath.Join(PoliciesDir(), "kubernetes/image-tag-pinned/samples/denied-pod-latest.yaml"))[0]
	input := map[string]any{
		"review":     envelope.Review(obj, nil),
		"parameters": map[string]any{"disallowedTags": []any{"latest"}},
	}
	data, err := json.Marshal(input)
	require.NoError(t, err)
	inputFile := filepath.Join(t.TempDir(), "input.json")
	require.NoError(t, os.WriteFile(inputFile, data, 0o644))
	msgs := opaEvalMessages(t, inputFile, "data.shipshape.kubernetes.image_tag_pinned.violation")
	require.Len(t, msgs, 2)
}

// opaEvalMessages runs `opa eval` of query on the bundle with an input file
// and returns the msg of every result of the query's set.
func opaEvalMessages(t *testing.T, inputFile, query string) []string {
	cmd := exec.Command(opaBin(t), "eval", "--format", "json", "--bundle", "bundles/shipshape.tar.gz", "--input", inputFile, query)
	cmd.Dir = RepoRoot()
	out, err := cmd.Output()
	require.NoError(t, err, string(out))
	var res struct {
		Result []struct {
			Expressions []struct {
				Value []struct{ Msg string }
			}
		}
	}
	require.NoError(t, json.Unmarshal(out, &res))
	require.Len(t, res.Result, 1)
	var msgs []string
	for _, v := range res.Result[0].Expressions[0].Value {
		msgs = append(msgs, v.Msg)
	}
	return msgs
}
