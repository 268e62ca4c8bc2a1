package gotest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/check"
	"github.com/shipshape-dev/shipshape/internal/report"
)

// genPod writes a workload that breaks some of the first policies,
// varied by i so the corpus has many different findings.
func genPod(i int) string {
	tags := []string{"nginx", "nginx:latest", "nginx:1.27", "registry:5000/app@sha256:" + strings.Repeat("a", 64)}
	kinds := []string{"Pod", "Deployment", "StatefulSet", "Job"}
	kind := kinds[i%len(kinds)]
	container := fmt.Sprintf("    - name: c%d\n      image: %s\n", i, tags[i%len(tags)])
	if i%3 == 0 {
		container += "      resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 64Mi}}\n"
	}
	if i%5 == 0 {
		container += "      livenessProbe: {httpGet: {path: /, port: 80}}\n      readinessProbe: {tcpSocket: {port: 80}}\n"
	}
	spec := "  containers:\n" + container
	if kind != "Pod" {
		tmpl := "  template:\n    metadata: {labels: {app: a}}\n    spec:\n      containers:\n" + strings.ReplaceAll(container, "    ", "        ")
		spec = "  selector: {matchLabels: {app: a}}\n" + tmpl
		if kind == "Job" {
			spec = tmpl
		}
	}
	api := map[string]string{"Pod": "v1", "Deployment": "apps/v1", "StatefulSet": "apps/v1", "Job": "batch/v1"}[kind]
	doc := fmt.Sprintf("apiVersion: %s\nkind: %s\nmetadata:\n  name: w%d\n  namespace: ns%d\nspec:\n%s", api, kind, i, i%7, spec)
	if i%11 == 0 { // a second document in the same file
		doc += "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n"
	}
	return doc
}

var brokenFiles = map[string]string{
	"broken-yaml.yaml":   "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: indent\n",
	"broken-json.json":   "{\"apiVersion\": \"v1\",",
	"broken-type.yaml":   "apiVersion: v1\nkind: Pod\nmetadata: [a]\n", // the API server cannot decode it
	"broken-binary.yaml": "\x00\x01\x02",
	"broken-empty.yaml":  "",
	"broken-bomb.yaml":   "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\napiVersion: v1\nkind: Pod\n",
	"broken-utf8.yaml":   "apiVersion: v1\nkind: Pod\nmetadata: {name: \"\xff\"}\n",
	"broken-scalar.yaml": "hello\n",
}

// brokenCorpus writes n generated files and the broken ones into a folder and
// returns it with the paths of the good files.
func brokenCorpus(t *testing.T, n int) (string, []string) {
	dir := t.TempDir()
	var good []string
	for i := 0; i < n; i++ {
		p := filepath.Join(dir, fmt.Sprintf("app-%04d.yaml", i))
		require.NoError(t, os.WriteFile(p, []byte(genPod(i)), 0o644))
		good = append(good, p)
	}
	for name, data := range brokenFiles {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644))
	}
	return dir, good
}

func runCheck(t *testing.T, paths []string, workers int) *report.Report {
	rep, err := check.Run(context.Background(), loadCatalog(t), check.Params{Paths: paths, Workers: workers})
	require.NoError(t, err)
	return rep
}

// TestOutputIsDeterministic: every output format is byte-identical between
// two runs and between 1 and 4 workers, over generated files, broken files
// and the examples.
func TestOutputIsDeterministic(t *testing.T) {
	dir, _ := brokenCorpus(t, 150)
	paths := []string{dir, filepath.Join(RepoRoot(), "examples"), filepath.Join(PoliciesDir(), "kubernetes")}
	for _, format := range report.Formats() {
		w, err := report.ForFormat(format, report.Options{Rules: report.Rules(loadCatalog(t))})
		require.NoError(t, err)
		var first []byte
		for _, workers := range []int{1, 4, 4, 1} {
			var buf bytes.Buffer
			require.NoError(t, w.Write(&buf, runCheck(t, paths, workers)))
			if first == nil {
				first = buf.Bytes()
				require.NotEmpty(t, first)
				continue
			}
			if !bytes.Equal(first, buf.Bytes()) {
				t.Errorf("%s output with %d workers differs from the first run", format, workers)
			}
		}
		// The same through the binary, flags and all.
		one := runCLI(t, "", "check", "-o", format, "--workers", "1", paths[0], paths[1])
		many := runCLI(t, "", "check", "-o", format, "--workers", "3", paths[0], paths[1])
		assert.Equal(t, 2, one.code)
		assert.Equal(t, one.stdout, many.stdout, "%s output of the CLI with 1 and 3 workers", format)
		assert.Equal(t, one.stderr, many.stderr)
	}
}

// TestNothingLostAmongBrokenFiles: a run over 1000 files with a few broken
// ones reports every finding of the good files, exactly as a run over the
// good files alone, plus one error per broken file.
func TestNothingLostAmongBrokenFiles(t *testing.T) {
	dir, good := brokenCorpus(t, 1000)
	all := runCheck(t, []string{dir}, 0)
	alone := runCheck(t, good, 0)
	require.Empty(t, alone.Errors)
	require.Greater(t, len(alone.Findings), 1000, "the corpus should give many findings")
	t.Logf("%d findings from %d good files; %d errors from %d broken files", len(alone.Findings), len(good), len(all.Errors), len(brokenFiles))
	assert.Equal(t, alone.Findings, all.Findings)
	assert.Equal(t, alone.NotCovered, all.NotCovered)
	assert.Equal(t, 1000+len(brokenFiles), all.Summary.Files)
	broken := map[string]int{}
	for _, e := range all.Errors {
		broken[filepath.Base(e.File)]++
	}
	assert.Len(t, all.Errors, len(brokenFiles), "%v", all.Errors)
	for name := range brokenFiles {
		assert.Equal(t, 1, broken[name], name)
	}
}
