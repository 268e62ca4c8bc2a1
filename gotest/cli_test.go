package gotest

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/policytest"
)

// shipshapeBin builds ./cmd/shipshape once per test run.
func shipshapeBin(t testing.TB) string {
	path, err := Binary("./cmd/shipshape")
	require.NoError(t, err)
	return path
}

type cliResult struct {
	code           int
	stdout, stderr string
}

func runCLI(t testing.TB, stdin string, args ...string) cliResult {
	return runCLIAt(t, RepoRoot(), stdin, args...)
}

// runCLIAt runs the shipshape binary in dir with stdin and returns its exit
// code and output.
func runCLIAt(t testing.TB, dir, stdin string, args ...string) cliResult {
	cmd := exec.Command(shipshapeBin(t), args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	return runCmd(t, cmd)
}

// runCmd runs a prepared command of the CLI and returns its exit code and
// output.
func runCmd(t testing.TB, cmd *exec.Cmd) cliResult {
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return cliResult{code: code, stdout: out.String(), stderr: errb.String()}
}

type jsonReport struct {
	Findings []struct {
		Policy, Action, Message, File string
		Line                          int
		APIVersion, Kind, Namespace   string
		Name                          string
		Exempted                      bool
	}
	Errors []struct {
		File    string
		Line    int
		Message string
	}
	Summary map[string]int
}

func parseReport(t testing.TB, s string) jsonReport {
	var r jsonReport
	require.NoError(t, json.Unmarshal([]byte(s), &r), s)
	return r
}

func TestCheckExamplesReportsEveryInputKind(t *testing.T) {
	res := runCLI(t, "", "check", "examples/", "-o", "json")
	assert.Equal(t, 1, res.code, res.stderr)
	r := parseReport(t, res.stdout)
	seen := map[string]bool{}
	for _, f := range r.Findings {
		seen[f.Policy] = true
		assert.NotEmpty(t, f.File)
		assert.Positive(t, f.Line)
		assert.NotEmpty(t, f.Kind)
	}
	for _, id := range []string{"image-tag-pinned", "resources-required", "probes-required"} {
		assert.True(t, seen[id], "no finding of %s in examples/", id)
	}
	// Every kind of input in examples/ yields findings at the offending line.
	byFile := map[string]map[string]int{}
	for _, f := range r.Findings {
		if byFile[f.File] == nil {
			byFile[f.File] = map[string]int{}
		}
		byFile[f.File][f.Policy] = f.Line
	}
	for file, want := range map[string]map[string]int{
		"examples/app/Dockerfile":                     {"image-tag-pinned": 9, "dockerfile-exec-form": 13, "dockerfile-non-root": 9},
		"examples/kubeconfig/staging-admin.conf.yaml": {"kubeconfig-unique-names": 15},
		"examples/cluster/plan.yaml":                  {"network-cidr-overlap": 18, "worker-data-disk": 30, "multi-zone": 22, "outbound-snat": 12},
		"examples/cluster/nodes.yaml":                 {"worker-size": 79, "capacity-headroom": 6},
		"examples/app/access.yaml":                    {"rbac-no-cluster-admin-binding": 36},
		"examples/app/network-policies.yaml":          {"no-metadata-api-egress": 13},
	} {
		for id, line := range want {
			assert.Equal(t, line, byFile[file][id], "%s: %s", file, id)
		}
	}
	assert.NotContains(t, byFile, "examples/kubeconfig/prod-admin.conf.yaml", "the first kubeconfig of the merge wins; only the later one is reported")
	// web runs as its own ServiceAccount, with no token, under the shop's
	// default deny and a policy that selects it: the section F checks that
	// read the inventory find nothing to say about it.
	for _, id := range []string{"no-default-serviceaccount", "serviceaccount-token-automount", "namespace-default-deny", "selector-matches-pods"} {
		assert.NotContains(t, byFile["examples/app/web.yaml"], id)
	}
	assert.Equal(t, len(r.Findings), r.Summary["deny"]+r.Summary["warn"]+r.Summary["dryrun"]+r.Summary["exempted"])
}

func TestCheckExitCodes(t *testing.T) {
	sample := "policies/kubernetes/image-tag-pinned/samples/"
	// Every suite case through the CLI with the suite's constraint: exit 1
	// exactly when the case expects violations under a deny constraint.
	cat := loadCatalog(t)
	suites, err := policytest.Suites(os.DirFS(PoliciesDir()), cat)
	require.NoError(t, err)
	for _, s := range suites {
		dir := filepath.Join("policies", filepath.Dir(s.Path))
		for _, test := range s.Tests {
			if test.Invalid {
				continue
			}
			cons := readObjects(t, filepath.Join(RepoRoot(), dir, test.Constraint))[0]
			spec, _ := cons["spec"].(map[string]any)
			deny := spec["enforcementAction"] == nil || spec["enforcementAction"] == "deny"
			for _, c := range test.Cases {
				want := -1
				for _, a := range c.Assertions {
					if n, ok := a.Violations.(float64); ok && a.Message == nil {
						want = 0
						if n > 0 && deny {
							want = 1
						}
					}
				}
				if want < 0 || len(c.Inventory) > 0 {
					continue
				}
				id := filepath.Base(dir)
				res := runCLI(t, "", "check", "--policy", id, "-c", filepath.Join(dir, test.Constraint), filepath.Join(dir, c.Object))
				if want == 0 && res.code == 2 && strings.Contains(res.stderr, "nothing was checked: no selected policy applies to any of the 1 documents") {
					continue // the constraint matches nothing in the case: a run that checked nothing says so
				}
				if want == 1 && res.code == 0 && cappedAtWarn(t, id, filepath.Join(dir, test.Constraint), filepath.Join(dir, c.Object)) {
					continue // "cannot tell" findings are capped at warn (details.severity) whatever the action
				}
				assert.Equal(t, want, res.code, "%s %s/%s\n%s%s", id, test.Name, c.Name, res.stdout, res.stderr)
			}
		}
	}
	assert.Equal(t, 2, runCLI(t, "", "check", "--policy", "no-such-check", sample).code)
	assert.Equal(t, 2, runCLI(t, "", "check").code, "no path is a usage error")
	assert.Equal(t, 2, runCLI(t, "", "check", "-o", "nope", sample).code)
}

func TestMalformedFileIsReportedAndOthersStillChecked(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "broken.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: indent\n"), 0o644))
	res := runCLI(t, "", "check", "-o", "json", bad, "examples/app/worker.yaml")
	assert.Equal(t, 2, res.code)
	r := parseReport(t, res.stdout)
	require.Len(t, r.Errors, 1)
	assert.Equal(t, bad, r.Errors[0].File)
	assert.Equal(t, 5, r.Errors[0].Line)
	assert.NotEmpty(t, r.Findings, "the good file is still checked")
	text := runCLI(t, "", "check", bad)
	assert.Contains(t, text.stdout, bad+":5:")
}

func TestCheckReadsStdin(t *testing.T) {
	pod := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx\n"
	res := runCLI(t, pod, "check", "-o", "json", "-")
	assert.Equal(t, 1, res.code)
	r := parseReport(t, res.stdout)
	require.NotEmpty(t, r.Findings)
	assert.Equal(t, "<stdin>", r.Findings[0].File)
	assert.Equal(t, "default", r.Findings[0].Namespace, "a namespaced object without namespace lands in default")
}

func TestUserConstraintOverridesDefault(t *testing.T) {
	dir := t.TempDir()
	cons := `apiVersion: constraints.gatekeeper.sh/v1beta1
kind: ImageTagPinned
metadata:
  name: relaxed
spec:
  enforcementAction: warn
  parameters:
    disallowedTags: []
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "c.yaml"), []byte(cons), 0o644))
	res := runCLI(t, "", "check", "-o", "json", "-c", dir, "policies/kubernetes/image-tag-pinned/samples/denied-pod-latest.yaml")
	r := parseReport(t, res.stdout)
	var tagFindings int
	for _, f := range r.Findings {
		if f.Policy == "image-tag-pinned" {
			tagFindings++
			assert.Equal(t, "warn", f.Action)
		}
	}
	assert.Equal(t, 1, tagFindings, "only the untagged image; latest is allowed by the user's constraint")
}

func TestExemptedFindingsAreKeptAndDoNotFail(t *testing.T) {
	pod := `apiVersion: v1
kind: Pod
metadata:
  name: vendor
  namespace: shop
  annotations:
    shipshape.dev/exempt.image-tag-pinned: "vendor image mirrored by digest elsewhere"
    shipshape.dev/exempt.probes-required: "one-shot debug pod"
    shipshape.dev/exempt.resources-required: "debug pod, deleted after use"
spec:
  containers:
  - name: a
    image: vendor/tool
`
	// Only the three exempted checks, so findings of other checks do not count.
	res := runCLI(t, pod, "check", "-o", "json", "--policy", "image-tag-pinned", "--policy", "probes-required", "--policy", "resources-required", "-")
	assert.Equal(t, 0, res.code, res.stdout)
	r := parseReport(t, res.stdout)
	require.Len(t, r.Findings, 4)
	for _, f := range r.Findings {
		assert.True(t, f.Exempted, f.Message)
	}
	assert.Equal(t, 4, r.Summary["exempted"])
	assert.Equal(t, 0, r.Summary["deny"])
}

func TestPoliciesListsTheCatalog(t *testing.T) {
	res := runCLI(t, "", "policies", "-o", "json")
	require.Equal(t, 0, res.code, res.stderr)
	var entries []struct {
		ID, Title, Action string
		Parameters        map[string]any
	}
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &entries))
	ids := map[string]bool{}
	for _, e := range entries {
		ids[e.ID] = true
		assert.NotEmpty(t, e.Title)
		assert.Contains(t, []string{"deny", "warn", "dryrun"}, e.Action)
	}
	for _, p := range loadCatalog(t).Policies {
		assert.True(t, ids[p.ID], p.ID)
	}
}

// TestPoliciesGroupsBySection: the text listing has a SECTION column, the
// sections in order, and the checks beyond the source document under F.
func TestPoliciesGroupsBySection(t *testing.T) {
	res := runCLI(t, "", "policies")
	require.Equal(t, 0, res.code, res.stderr)
	lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
	require.Equal(t, "SECTION", strings.Fields(lines[0])[0])
	section := map[string]string{}
	var order []string
	for _, line := range lines[1:] {
		f := strings.Fields(line)
		section[f[1]+"/"+f[2]] = f[0]
		if len(order) == 0 || order[len(order)-1] != f[0] {
			order = append(order, f[0])
		}
	}
	if order[len(order)-1] == "-" { // policies whose section names no letter come last
		order = order[:len(order)-1]
	}
	assert.Equal(t, []string{"A", "B", "C", "D", "E", "F"}, order, "one group per section, in order")
	for _, tc := range []struct{ key, section string }{
		{"capacity-headroom/plan", "A"},
		{"no-privileged/kubernetes", "D"},
		{"host-ports/kubernetes", "E"},
		{"rbac-no-cluster-admin-binding/kubernetes", "F"},
		{"rbac-secrets-access/kubernetes", "F"},
		{"serviceaccount-token-automount/kubernetes", "F"},
		{"no-default-serviceaccount/kubernetes", "F"},
	} {
		assert.Equal(t, tc.section, section[tc.key], tc.key)
	}
}

func TestShipshapeTestCommand(t *testing.T) {
	res := runCLI(t, "", "test")
	assert.Equal(t, 0, res.code, res.stdout)
	assert.Regexp(t, `(?m)^\d+ passed, 0 failed$`, res.stdout)
}

func TestDockerfileIsCheckedAndABrokenOneIsReported(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "broken.Dockerfile")
	require.NoError(t, os.WriteFile(bad, []byte("FROM alpine:3.20\nRUNN echo hi\n"), 0o644))
	good := "policies/dockerfile/dockerfile-exec-form/samples/denied-shell-cmd.Dockerfile"
	res := runCLI(t, "", "check", "-o", "json", bad, good)
	assert.Equal(t, 2, res.code, res.stderr)
	r := parseReport(t, res.stdout)
	require.Len(t, r.Errors, 1)
	assert.Equal(t, bad, r.Errors[0].File)
	assert.Equal(t, 2, r.Errors[0].Line)
	assert.Contains(t, r.Errors[0].Message, "unknown instruction RUNN")
	var execForm int
	for _, f := range r.Findings {
		assert.Equal(t, good, f.File)
		assert.Equal(t, "Dockerfile", f.Kind)
		if f.Policy == "dockerfile-exec-form" {
			execForm++
			assert.Equal(t, 3, f.Line, "the line of the CMD, not of the file")
		}
	}
	assert.Equal(t, 1, execForm)

	// --kind dockerfile reads a file of any name as a Dockerfile.
	plain := filepath.Join(dir, "build.txt")
	require.NoError(t, os.WriteFile(plain, []byte("FROM alpine\n"), 0o644))
	res = runCLI(t, "", "check", "-o", "json", "--kind", "dockerfile", "--policy", "image-tag-pinned", plain)
	assert.Equal(t, 1, res.code, res.stdout+res.stderr)
	assert.Len(t, parseReport(t, res.stdout).Findings, 1)
}

func TestInvalidPlanIsReportedAndOthersStillChecked(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "plan.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("apiVersion: shipshape.dev/v1alpha1\nkind: ClusterPlan\nmetadata:\n  name: p\nspec:\n  environment: production\n  network:\n    plugin: terway\n    vpcCIDR: 192.168.0.0/33\n    serviceCIDR: 172.21.0.0/20\n  nodePools: []\n"), 0o644))
	res := runCLI(t, "", "check", "-o", "json", bad, "examples/app/Dockerfile")
	assert.Equal(t, 2, res.code, res.stderr)
	r := parseReport(t, res.stdout)
	require.Len(t, r.Errors, 2, res.stdout)
	assert.Equal(t, 9, r.Errors[0].Line)
	assert.Contains(t, r.Errors[0].Message, `spec.network.vpcCIDR: "192.168.0.0/33" is not an IPv4 CIDR`)
	assert.Equal(t, 11, r.Errors[1].Line)
	assert.Contains(t, r.Errors[1].Message, "spec.nodePools: needs at least 1 item(s)")
	assert.NotEmpty(t, r.Findings, "the Dockerfile is still checked")
	for _, f := range r.Findings {
		assert.Equal(t, "examples/app/Dockerfile", f.File)
	}
}

// cappedAtWarn tells whether every finding of the check on the object says
// it is capped at warn (details.severity), as "cannot tell" findings are.
func cappedAtWarn(t *testing.T, id, constraint, object string) bool {
	res := runCLI(t, "", "check", "-o", "json", "--policy", id, "-c", constraint, object)
	var r struct {
		Findings []struct {
			Details map[string]any `json:"details"`
		} `json:"findings"`
	}
	if json.Unmarshal([]byte(res.stdout), &r) != nil || len(r.Findings) == 0 {
		return false
	}
	for _, f := range r.Findings {
		if f.Details["severity"] != "warn" {
			return false
		}
	}
	return true
}
