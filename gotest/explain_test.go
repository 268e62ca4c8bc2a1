package gotest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/docs"
)

// TestExplainEveryPolicy: explain names the title, the source section, each
// parameter with its default, an allowed and a denied sample, and the
// exemption annotation. A check ID that exists for several inputs
// (image-tag-pinned: objects and Dockerfiles) is explained once per input,
// Kubernetes first, and every assertion holds within that input's part;
// INPUT/ID explains one.
func TestExplainEveryPolicy(t *testing.T) {
	cat := loadCatalog(t)
	for _, p := range cat.Policies {
		res := runCLI(t, "", "explain", p.ID)
		require.Equal(t, 0, res.code, res.stderr)
		parts := strings.Split(res.stdout, docs.VariantSeparator)
		variants := cat.Variants(p.ID)
		require.Len(t, parts, len(variants), p.ID)
		var out string
		for i, v := range variants {
			if v == p {
				out = parts[i]
			}
		}
		assert.True(t, strings.HasPrefix(out, p.ID+": "+p.Title+"\n"), p.ID)
		assert.Contains(t, out, "  input:   "+p.Input+"\n", p.ID)
		if len(variants) > 1 {
			one := runCLI(t, "", "explain", p.Key())
			require.Equal(t, 0, one.code, one.stderr)
			assert.Equal(t, out, one.stdout, p.Key())
		}
		assert.Contains(t, out, "section "+p.Section+" of "+catalog.Source)
		// The source document is named by its title, never generically.
		assert.NotRegexp(t, `(?i)the source document|the seed`, out, p.Key())
		assert.Contains(t, out, "action:  "+p.Action)
		for _, par := range docs.Parameters(p) {
			assert.Contains(t, out, par.Name+" ("+par.Type+", default "+par.Default+")", p.ID)
		}
		assert.Regexp(t, `Allowed example \(policies/`+p.Dir+`/samples/allowed-`, out)
		assert.Regexp(t, `Denied example \(policies/`+p.Dir+`/samples/denied-`, out)
		assert.Contains(t, out, "reported:\n    - ", "the denied sample's findings")
		if p.Input == catalog.InputKubernetes {
			assert.Contains(t, out, "shipshape.dev/exempt."+p.ID+":")
		} else {
			// Only Kubernetes objects carry annotations to exempt one by.
			assert.NotContains(t, out, "shipshape.dev/exempt.", p.Key())
			assert.Contains(t, out, "--skip "+p.ID, p.Key())
		}
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
	cat := loadCatalog(t)
	for _, p := range cat.Policies {
		i := strings.Index(doc, "\n## "+p.ID+"\n")
		require.Positive(t, i, p.ID)
		section := doc[i:]
		if j := strings.Index(section[4:], "\n## "); j > 0 {
			section = section[:j+4]
		}
		// An ID that exists for several inputs has a subsection per input.
		if len(cat.Variants(p.ID)) > 1 {
			i := strings.Index(section, "\n### "+p.ID+" ("+p.Input+")\n")
			require.Positive(t, i, p.Key())
			section = section[i:]
			if j := strings.Index(section[5:], "\n### "); j > 0 {
				section = section[:j+5]
			}
		}
		assert.Contains(t, section, "**"+p.Title+"**", p.Key())
		assert.Contains(t, section, "- Input: `"+p.Input+"`", p.Key())
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
