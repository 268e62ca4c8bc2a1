package gotest

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMakeHelpNamesEveryTarget: every target of the Makefile carries its
// one-line `## summary` (what `make help` prints), and .PHONY lists exactly
// the targets.
func TestMakeHelpNamesEveryTarget(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(RepoRoot(), "Makefile"))
	require.NoError(t, err)
	rule := regexp.MustCompile(`^([a-zA-Z0-9_-]+):([^=].*)?$`)
	var targets, phony []string
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, ".PHONY:"); ok {
			phony = strings.Fields(rest)
			continue
		}
		m := rule.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		targets = append(targets, m[1])
		_, summary, ok := strings.Cut(m[2], "## ")
		assert.True(t, ok && strings.TrimSpace(summary) != "", "target %s has no `## summary` for make help", m[1])
	}
	require.Contains(t, targets, "help")
	require.Contains(t, targets, "test-policies")
	sort.Strings(targets)
	sort.Strings(phony)
	assert.Equal(t, targets, phony, ".PHONY lists the targets")
}
