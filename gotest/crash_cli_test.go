package gotest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestNoPanics: inputs that made the CLI panic. Each is now an answer: a
// usage error (exit 2) naming the flag, or a run.
func TestNoPanics(t *testing.T) {
	cons := "apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: ImageTagPinned\nmetadata:\n  name: warn-only\nspec:\n  enforcementAction: warn\n"
	for _, c := range []struct {
		name, stdin string
		args        []string
		code        int
		out         string // in stdout or stderr
	}{
		{"constraints from stdin", cons, []string{"check", "--no-config", "-o", "json", "--policy", "image-tag-pinned", "-c", "-", "policies/kubernetes/image-tag-pinned/samples/denied-pod-latest.yaml"}, 0, `"action": "warn"`},
		{"stdin twice", cons, []string{"check", "--no-config", "-c", "-", "-"}, 2, "read only once"},
		{"redundancy NaN", "", []string{"capacity", "--redundancy", "NaN", capacityFixture}, 2, "--redundancy NaN: must be a finite number"},
		{"redundancy Inf", "", []string{"capacity", "--redundancy", "Inf", capacityFixture}, 2, "--redundancy +Inf: must be a finite number"},
		{"redundancy -Inf", "", []string{"capacity", "--redundancy", "-Inf", capacityFixture}, 2, "must be a finite number"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := runCLI(t, c.stdin, c.args...)
			assert.NotContains(t, res.stderr, "panic", res.stderr)
			assert.NotContains(t, res.stderr, "goroutine")
			assert.Equal(t, c.code, res.code, res.stdout+res.stderr)
			assert.True(t, strings.Contains(res.stdout+res.stderr, c.out), "%q not in:\n%s%s", c.out, res.stdout, res.stderr)
		})
	}
}
