package gotest

import (
	"context"
	"os"
	"testing"

	"github.com/open-policy-agent/gatekeeper/v3/pkg/gator"
	"github.com/open-policy-agent/gatekeeper/v3/pkg/gator/verify"
	"github.com/stretchr/testify/require"
)

// TestGatorVerifyRunsEverySuite runs every Kubernetes suite.yaml with
// gator's own verify runner, against the generated templates. Suites of
// Dockerfile, kubeconfig and plan policies have no template (gator cannot
// read their inputs); `shipshape test` runs them.
func TestGatorVerifyRunsEverySuite(t *testing.T) {
	fsys := os.DirFS(RepoRoot())
	suites, err := verify.ReadSuites(fsys, "policies/kubernetes", "policies/kubernetes", true)
	require.NoError(t, err)
	require.NotEmpty(t, suites)
	runner, err := verify.NewRunner(fsys, func(opts ...gator.Opt) (gator.Client, error) {
		return gator.NewOPAClient(false, opts...)
	})
	require.NoError(t, err)
	filter, err := verify.NewFilter("")
	require.NoError(t, err)
	for _, s := range suites {
		t.Run(s.InputPath, func(t *testing.T) {
			res := runner.Run(context.Background(), filter, s)
			require.NoError(t, res.Error)
			tests := 0
			for _, tr := range res.TestResults {
				require.NoError(t, tr.Error, "test %s", tr.Name)
				for _, cr := range tr.CaseResults {
					require.NoError(t, cr.Error, "test %s case %s", tr.Name, cr.Name)
				}
				tests++
			}
			require.Positive(t, tests, "suite ran no test")
		})
	}
}
