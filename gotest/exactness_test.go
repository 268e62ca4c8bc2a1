package gotest

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOfflineSeesWhatAdmissionSees: each file of testdata/exactness is a
// shape on which shipshape and the API server used to disagree (issue 12).
// The verdict of the checks the shape is about must be the one Gatekeeper
// gives after `kubectl apply`; the real-cluster test feeds the same files
// to a kube-apiserver with Gatekeeper.
func TestOfflineSeesWhatAdmissionSees(t *testing.T) {
	cases := []struct {
		file string
		want map[string]string // check ID -> action, "" for no finding
		// text some finding must contain, and text none may
		msg, notMsg string
		count       map[string]int // check ID -> number of findings, where it matters
	}{
		{file: "yaml11-privileged.yaml", want: map[string]string{"no-privileged": "deny"}},
		{file: "yaml11-host-namespaces.yaml", want: map[string]string{"no-host-namespaces": "deny"}, msg: "hostPID"},
		{file: "yaml11-no-escalation.yaml", want: map[string]string{"no-privilege-escalation": ""}},
		{file: "merge-key-list.yaml", want: map[string]string{"no-privileged": "deny"}, count: map[string]int{"no-privileged": 2}, msg: "container app is privileged"},
		{file: "merge-key-override.yaml", want: map[string]string{"no-privileged": "deny"}, count: map[string]int{"no-privileged": 1}, msg: "init container init is privileged"},
		{file: "null-proc-mount.yaml", want: map[string]string{"proc-mount": ""}},
		{file: "null-host-port.yaml", want: map[string]string{"host-ports": ""}},
		{file: "null-run-as-non-root.yaml", want: map[string]string{"run-as-non-root": ""}},
		{file: "typed-list.yaml", want: map[string]string{"no-privileged": "deny"}},
		{file: "cluster-scope.yaml", want: map[string]string{"namespace-limit-range": "", "namespace-resource-quota": "warn"}, notMsg: "Namespace shop (and any"},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			res := runCLI(t, "", "check", "--no-config", "-o", "json", filepath.Join("gotest", "testdata", "exactness", tc.file))
			r := parseReport(t, res.stdout)
			require.Empty(t, r.Errors, "the API server reads this file: %s", res.stdout)
			got := map[string][]string{}
			var msgs []string
			for _, f := range r.Findings {
				msgs = append(msgs, f.Message)
				got[f.Policy] = append(got[f.Policy], f.Action)
				if tc.notMsg != "" {
					assert.NotContains(t, f.Message, tc.notMsg)
				}
			}
			if tc.msg != "" {
				assert.Contains(t, strings.Join(msgs, "\n"), tc.msg)
			}
			for id, n := range tc.count {
				assert.Len(t, got[id], n, "%s findings", id)
			}
			for id, action := range tc.want {
				actions := got[id]
				sort.Strings(actions)
				if action == "" {
					assert.Empty(t, actions, "%s: want no finding", id)
					continue
				}
				require.NotEmpty(t, actions, "%s: want %s", id, action)
				assert.Equal(t, action, strings.Join(actions[len(actions)-1:], ""), "%s", id)
			}
		})
	}
}
