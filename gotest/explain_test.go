package gotest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/docs"
)

// TestExplainEveryPolicy: explain names the title, the source section, each
// parameter with its default, an allowed and a denied sample, and the
// exemption annotation.
func TestExplainEveryPolicy(t *testing.T) {
	for _, p := range loadCatalog(t).Policies {
		res := runCLI(t, "", "explain", p.ID)
		require.Equal(t, 0, res.code, res.stderr)
		out := res.stdout
		assert.True(t, strings.HasPrefix(out, p.ID+": "+p.Title+"\n"), p.ID)
		assert.Contains(t, out, "section "+p.Section)
		assert.Contains(t, out, "action:  "+p.Action)
		for _, par := range docs.Parameters(p) {
			assert.Contains(t, out, par.Name+" ("+par.Type+", default "+par.Default+")", p.ID)
		}
		assert.Regexp(t, `Allowed example \(policies/`+p.Dir+`/samples/allowed-`, out)
		assert.Regexp(t, `Denied example \(policies/`+p.Dir+`/samples/denied-`, out)
		assert.Contains(t, out, "reported:\n    - ", "the denied sample's findings")
		assert.Contains(t, out, "shipshape.dev/exempt."+p.ID+":")
	}
	res := runCLI(t, "", "explain", "no-such-check")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "unknown check ID")
}

// TestPoliciesDocCoversTheCatalog: docs/policies.md (kept fresh by
// TestGeneratedFilesAreFresh) has a section per check and the advice with
// no check.
func TestPoliciesDocCoversTheCatalog(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(RepoRoot(), "docs/policies.md"))
	require.NoError(t, err)
	doc := string(b)
	for _, p := range loadCatalog(t).Policies {
		i := strings.Index(doc, "\n## "+p.ID+"\n")
		require.Positive(t, i, p.ID)
		section := doc[i:]
		if j := strings.Index(section[4:], "\n## "); j > 0 {
			section = section[:j+4]
		}
		assert.Contains(t, section, "- Action: `"+p.Action+"`", p.ID)
		assert.Contains(t, section, "Allowed (`policies/"+p.Dir, p.ID)
		assert.Contains(t, section, "Denied (`policies/"+p.Dir, p.ID)
		for _, par := range docs.Parameters(p) {
			assert.Contains(t, section, "| `"+par.Name+"` |", p.ID)
		}
	}
	assert.Contains(t, doc, "\n## Advice with no check\n")
	for _, a := range docs.NoCheck {
		assert.Contains(t, doc, "| "+a.Section+" |")
	}
}
