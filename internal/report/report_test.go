package report_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixture is one report with every case a writer must handle: each action,
// an exempted finding, a field line, a Helm source, stdin and input errors,
// and characters every format must escape.
func fixture() *report.Report {
	findings := []engine.Finding{
		{Policy: "image-tag-pinned", Constraint: "image-tag-pinned", Action: "deny", File: "app/web.yaml", Line: 1, FieldLine: 21,
			Details:    map[string]any{"field": "spec.template.spec.containers[0].image"},
			APIVersion: "apps/v1", Kind: "Deployment", Namespace: "shop", Name: "web",
			Message: `Deployment shop/web: container "web" uses image "nginx" with neither tag nor digest; pin a version, e.g. nginx:1.2.3 or @sha256:<digest>`},
		{Policy: "probes-required", Constraint: "probes-required", Action: "warn", File: "app/web.yaml", Line: 1, FieldLine: 19,
			Details:    map[string]any{"field": "spec.template.spec.containers[0]"},
			APIVersion: "apps/v1", Kind: "Deployment", Namespace: "shop", Name: "web",
			Message: "Deployment shop/web: container \"web\" has no readinessProbe | add one, 50% of the time\nsecond line, with :: and a comma"},
		{Policy: "resources-required", Constraint: "relaxed", Action: "dryrun", File: "app/web.yaml", Line: 30,
			APIVersion: "batch/v1", Kind: "Job", Namespace: "shop", Name: "migrate",
			Message: "Job shop/migrate: container \"m\" sets no memory limit"},
		{Policy: "image-tag-pinned", Constraint: "image-tag-pinned", Action: "deny", File: "app/vendor.yaml", Line: 3, FieldLine: 12,
			Details:    map[string]any{"field": "spec.containers[0].image"},
			APIVersion: "v1", Kind: "Pod", Namespace: "shop", Name: "vendor", Exempted: true, Reason: "mirrored by digest (OPS-123)",
			Message: `Pod shop/vendor: container "v" uses image "vendor/tool" with neither tag nor digest; pin a version`},
		{Policy: "image-tag-pinned", Constraint: "image-tag-pinned", Action: "deny", File: inputs.Stdin, Line: 4, FieldLine: 15, Source: "shop/templates/deployment.yaml",
			Details:    map[string]any{"field": "spec.template.spec.containers[0].image"},
			APIVersion: "apps/v1", Kind: "Deployment", Namespace: "default", Name: "shop",
			Message: `Deployment default/shop: container "shop" uses image "shop:latest" whose tag "latest" does not pin a version; use a release tag or a digest`},
	}
	errs := []inputs.Error{{File: "app/broken.yaml", Line: 5, Message: "invalid YAML: mapping values are not allowed in this context"}}
	r := report.New(findings, errs, 4, 5)
	r.Policies = []string{"image-tag-pinned", "probes-required", "resources-required"}
	return r
}

func rules() map[string]report.Rule {
	return map[string]report.Rule{
		"image-tag-pinned":   {ID: "image-tag-pinned", Title: "Images carry an explicit tag or digest", Description: "Every image names a tag or a digest.", Section: "二.5 Image使用", Action: "deny"},
		"probes-required":    {ID: "probes-required", Title: "Containers have probes", Description: "Every long-running container has a readiness probe.", Section: "二.7 健康检查", Action: "warn"},
		"resources-required": {ID: "resources-required", Title: "Containers set resources", Description: "Requests and limits.", Section: "二.8 资源", Action: "deny"},
	}
}

// render writes the fixture in a format.
func render(t *testing.T, format string, opts report.Options) []byte {
	t.Helper()
	if opts.Rules == nil {
		opts.Rules = rules()
	}
	opts.Version = "test"
	w, err := report.ForFormat(format, opts)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, w.Write(&b, fixture()))
	return b.Bytes()
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run `go test ./internal/report -update` to create it")
	assert.Equal(t, string(want), string(got), "%s differs; run `go test ./internal/report -update` if the change is intended", path)
}

func TestTextGolden(t *testing.T) {
	got := render(t, "text", report.Options{})
	assert.NotContains(t, string(got), "\x1b[", "no colour unless asked")
	golden(t, "text.golden", got)
}

func TestTextColorGolden(t *testing.T) {
	got := render(t, "text", report.Options{Color: true})
	assert.Contains(t, string(got), "\x1b[31m")
	golden(t, "text-color.golden", got)
}

func TestJSONGolden(t *testing.T)  { golden(t, "json.golden", render(t, "json", report.Options{})) }
func TestJUnitGolden(t *testing.T) { golden(t, "junit.golden", render(t, "junit", report.Options{})) }
func TestSARIFGolden(t *testing.T) { golden(t, "sarif.golden", render(t, "sarif", report.Options{})) }
func TestGitHubGolden(t *testing.T) {
	golden(t, "github.golden", render(t, "github", report.Options{}))
}
func TestMarkdownGolden(t *testing.T) {
	golden(t, "markdown.golden", render(t, "markdown", report.Options{}))
}

func TestJUnitFailOnWarnFailsWarnings(t *testing.T) {
	deny := string(render(t, "junit", report.Options{}))
	warn := string(render(t, "junit", report.Options{FailOn: []string{"deny", "warn"}}))
	assert.Contains(t, deny, `<testsuites name="shipshape" tests="6" failures="2" errors="1" skipped="1">`)
	assert.Contains(t, warn, `<testsuites name="shipshape" tests="6" failures="3" errors="1" skipped="1">`)
}

func TestGitHubEscapesWorkflowCommands(t *testing.T) {
	out := string(render(t, "github", report.Options{}))
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		assert.NotContains(t, line, "\r")
	}
	assert.Contains(t, out, "50%25 of the time%0Asecond line")
	assert.Contains(t, out, "::error file=app/web.yaml,line=21,title=image-tag-pinned%3A Images carry")
	assert.Contains(t, out, "::error file=shop/templates/deployment.yaml,title=image-tag-pinned", "piped Helm output is annotated on its template, without the rendered line")
	assert.NotContains(t, out, "vendor/tool", "exempted findings are not annotated")
}

func TestUnknownFormat(t *testing.T) {
	_, err := report.ForFormat("yaml", report.Options{})
	assert.ErrorContains(t, err, "github, json, junit, markdown, sarif, text")
}

// TestText100kFindings keeps the text writer linear: 100k findings in well
// under a second on a slow machine (measured ~60ms).
func TestText100kFindings(t *testing.T) {
	r := bigReport(100_000)
	w, _ := report.ForFormat("text", report.Options{})
	var b bytes.Buffer
	require.NoError(t, w.Write(&b, r))
	// a line per finding, a header and a blank line per file, the count
	// by check (a header and one check), the summary
	assert.Equal(t, 100_000+1000*2+2+1, strings.Count(b.String(), "\n"))
}

func BenchmarkText100k(b *testing.B) {
	r := bigReport(100_000)
	w, _ := report.ForFormat("text", report.Options{Color: true})
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		_ = w.Write(&buf, r)
	}
}

func bigReport(n int) *report.Report {
	fs := make([]engine.Finding, n)
	for i := range fs {
		fs[i] = engine.Finding{Policy: "image-tag-pinned", Action: "deny", File: "f" + string(rune('a'+i/100%26)) + "/" + itoa(i/100) + ".yaml",
			Line: i%100 + 1, Kind: "Pod", Name: "p", Message: "Pod default/p: container \"a\" uses image \"nginx\" with neither tag nor digest"}
	}
	return report.New(fs, nil, n/100, n)
}

func itoa(i int) string {
	var b []byte
	for {
		b = append([]byte{byte('0' + i%10)}, b...)
		i /= 10
		if i == 0 {
			return string(b)
		}
	}
}

// Piped Helm output has no file in the repository: code scanning points at
// the template of its "# Source:" comment; a finding from a file keeps its
// file and line.
func TestSARIFLocatesPipedHelmOutputOnItsTemplate(t *testing.T) {
	var log struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           *struct{ StartLine int }
					}
				}
			}
		}
	}
	require.NoError(t, json.Unmarshal(render(t, "sarif", report.Options{}), &log))
	type loc struct {
		uri  string
		line int
	}
	var got []loc
	for _, r := range log.Runs[0].Results {
		p := r.Locations[0].PhysicalLocation
		l := loc{uri: p.ArtifactLocation.URI}
		if p.Region != nil {
			l.line = p.Region.StartLine
		}
		got = append(got, l)
	}
	assert.Contains(t, got, loc{"shop/templates/deployment.yaml", 0})
	assert.Contains(t, got, loc{"app/web.yaml", 21})
	for _, l := range got {
		assert.NotContains(t, l.uri, "stdin")
	}
}

// The text output ends with how many findings each check gave, most
// severe first; exempted findings count apart.
func TestTextEndsWithCountPerCheck(t *testing.T) {
	out := string(render(t, "text", report.Options{}))
	i := strings.Index(out, "findings by check:\n")
	require.GreaterOrEqual(t, i, 0, out)
	table := strings.Split(strings.TrimSpace(out[i:]), "\n")
	require.Len(t, table, 5, out) // header, three checks, summary
	assert.Regexp(t, `^  image-tag-pinned\s+2 deny\s+0 warn\s+0 dryrun\s+1 exempted$`, table[1])
	assert.Regexp(t, `^  probes-required\s+0 deny\s+1 warn`, table[2])
	assert.Regexp(t, `^  resources-required\s+0 deny\s+0 warn\s+1 dryrun`, table[3])
	assert.True(t, strings.HasPrefix(table[4], "4 files, 5 documents"), table[4])
}

// A pull-request comment holds 65,536 characters: a report of many long
// findings stays under it, lists deny before warn, counts every check,
// and says how many rows it left out and where the rest is.
func TestMarkdownFitsAPullRequestComment(t *testing.T) {
	long := strings.Repeat("x", 400)
	var fs []engine.Finding
	for i := range 2000 {
		action, policy := "warn", "probes-required"
		if i%4 == 3 {
			action, policy = "deny", "image-tag-pinned"
		}
		fs = append(fs, engine.Finding{Policy: policy, Action: action, File: "app/" + itoa(i) + ".yaml", Line: 1,
			Kind: "Deployment", Namespace: "shop", Name: "web" + itoa(i), Message: long})
	}
	fs = append(fs, engine.Finding{Policy: "resources-required", Action: "warn", File: "z.yaml", Line: 1, Kind: "Pod", Name: "p", Exempted: true, Reason: "r"})
	r := report.New(fs, nil, 2001, 2001)
	tests := []struct {
		name, fullReport, where string
	}{
		{"no address", "", "the job's log has it all"},
		{"run address", "https://github.com/o/r/actions/runs/7", "the full report: https://github.com/o/r/actions/runs/7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := report.ForFormat("markdown", report.Options{Rules: rules(), FullReport: tt.fullReport})
			require.NoError(t, err)
			var b bytes.Buffer
			require.NoError(t, w.Write(&b, r))
			out := b.String()
			assert.LessOrEqual(t, utf8.RuneCountInString(out), report.MarkdownLimit)
			assert.Contains(t, out, "| `probes-required` | 0 | 1500 | 0 | 0 |")
			assert.Contains(t, out, "| `image-tag-pinned` | 500 | 0 | 0 | 0 |")
			assert.Contains(t, out, "| `resources-required` | 0 | 0 | 0 | 1 |")
			shown := strings.Count(out, "| **deny** |") + strings.Count(out, "| **warn** |")
			require.Less(t, shown, 2000)
			// about 120 rows fit: all of them deny, which come first
			assert.Greater(t, shown, 100)
			assert.Equal(t, 0, strings.Count(out, "| **warn** |"), "every deny row comes before any warn row")
			assert.Contains(t, out, fmt.Sprintf("**%d more entries are left out**", 2001-shown))
			assert.Contains(t, out, tt.where)
		})
	}
}
