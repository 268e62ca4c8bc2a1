package gotest

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBadQuantityAndRegexParametersAreInputErrors: through the CLI, a
// Constraint whose quantity parameter is not a Kubernetes quantity, or
// whose regular expression parameter does not compile, is an input error
// (exit 2) naming its file and field, and configures nothing; the other
// Constraints of the folder still apply. Text from the Constraint reaches
// the terminal escaped.
func TestBadQuantityAndRegexParametersAreInputErrors(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"memory.yaml": "apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: IngressDedicatedNodes\nmetadata:\n  name: small\nspec:\n  parameters:\n    minMemory: 12XB\n",
		"keys.yaml":   "apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: NoSecretsInConfigmaps\nmetadata:\n  name: keys\nspec:\n  parameters:\n    namePattern: \"([\\x1b[2J\"\n",
		"env.yaml":    "apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: SecretsFromSecretRefs\nmetadata:\n  name: env\nspec:\n  enforcementAction: warn\n  parameters:\n    namePattern: \"^API_TOKEN$\"\n",
	}
	for name, src := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644))
	}
	pod := "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  containers:\n  - name: c\n    image: registry.example.com/app:1\n    env:\n    - {name: API_TOKEN, value: hunter2}\n    - {name: DB_PASSWORD, value: hunter2}\n"
	args := []string{"check", "-c", dir, "--policy", "ingress-dedicated-nodes", "--policy", "no-secrets-in-configmaps", "--policy", "secrets-from-secret-refs", "-"}

	res := runCLI(t, pod, append([]string{"-o", "json"}, args...)...)
	assert.Equal(t, 2, res.code, res.stderr)
	r := parseReport(t, res.stdout)
	require.Len(t, r.Errors, 2, res.stdout)
	sort.Slice(r.Errors, func(i, j int) bool { return r.Errors[i].File < r.Errors[j].File })
	assert.Equal(t, filepath.Join(dir, "keys.yaml"), r.Errors[0].File)
	assert.Contains(t, r.Errors[0].Message, "NoSecretsInConfigmaps keys: ")
	assert.Contains(t, r.Errors[0].Message, "spec.parameters.namePattern: Invalid value")
	assert.Contains(t, r.Errors[0].Message, "error parsing regexp: missing closing ]")
	assert.Equal(t, filepath.Join(dir, "memory.yaml"), r.Errors[1].File)
	assert.Contains(t, r.Errors[1].Message, "IngressDedicatedNodes small: ")
	assert.Contains(t, r.Errors[1].Message, `spec.parameters.minMemory: Invalid value: "12XB"`)

	// The good Constraint applies: only API_TOKEN, at its action.
	var secrets []string
	for _, f := range r.Findings {
		if f.Policy == "secrets-from-secret-refs" {
			secrets = append(secrets, f.Action+" "+f.Message)
		}
	}
	require.Len(t, secrets, 1, "the user's namePattern, not the default (which also matches DB_PASSWORD)")
	assert.Contains(t, secrets[0], "warn ")
	assert.Contains(t, secrets[0], "API_TOKEN")

	text := runCLI(t, pod, args...)
	assert.Equal(t, 2, text.code)
	out := text.stdout + text.stderr
	assert.Contains(t, out, "spec.parameters.namePattern")
	assert.NotContains(t, out, "\x1b[2J", "the pattern's escape sequence reaches the terminal escaped")
}
