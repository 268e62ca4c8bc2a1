package gotest

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/report"
)

// brokenAndExamples is a run with findings of every policy and an input error.
func brokenAndExamples(t *testing.T, format string) cliResult {
	bad := filepath.Join(t.TempDir(), "broken.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: indent\n"), 0o644))
	return runCLI(t, "", "check", "-o", format, "examples/", bad)
}

// TestSARIFValidatesAgainstTheSchema checks the CLI's SARIF against the
// SARIF 2.1.0 JSON schema (testdata/sarif-schema-2.1.0.json, the OASIS
// schema as published, 2.1.0-rtm.5), formats asserted.
func TestSARIFValidatesAgainstTheSchema(t *testing.T) {
	f, err := os.Open(filepath.Join(RepoRoot(), "gotest/testdata/sarif-schema-2.1.0.json"))
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	require.NoError(t, c.AddResource("sarif.json", doc))
	schema, err := c.Compile("sarif.json")
	require.NoError(t, err)

	assert.Error(t, schema.Validate(map[string]any{"version": "2.1.0"}), "the schema rejects a log without runs")

	res := brokenAndExamples(t, "sarif")
	require.Equal(t, 2, res.code, res.stderr)
	out, err := jsonschema.UnmarshalJSON(strings.NewReader(res.stdout))
	require.NoError(t, err)
	require.NoError(t, schema.Validate(out))

	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID                   string
						ShortDescription     struct{ Text string }
						Help                 struct{ Text string }
						DefaultConfiguration struct{ Level string }
					}
				}
			}
			Results []struct {
				RuleID    string
				Level     string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
			}
		}
	}
	require.NoError(t, jsonUnmarshal(res.stdout, &log))
	require.Len(t, log.Runs, 1)
	cat := loadCatalog(t)
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		p := cat.Policy(r.ID)
		require.NotNil(t, p, r.ID)
		assert.Equal(t, p.Title, r.ShortDescription.Text)
		assert.Contains(t, r.Help.Text, p.Section)
		assert.Contains(t, r.Help.Text, "shipshape.dev/exempt."+p.ID)
	}
	require.NotEmpty(t, log.Runs[0].Results)
	// Results are located in the example inputs of every kind (objects,
	// the Dockerfile, the cluster plan and node dump, the kubeconfigs), at
	// a line, and name a rule of the driver.
	rules := map[string]bool{}
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		assert.False(t, rules[r.ID], "rule %s twice", r.ID)
		rules[r.ID] = true
	}
	dirs := map[string]bool{}
	for _, r := range log.Runs[0].Results {
		loc := r.Locations[0].PhysicalLocation
		assert.True(t, strings.HasPrefix(loc.ArtifactLocation.URI, "examples/"), loc.ArtifactLocation.URI)
		assert.Positive(t, loc.Region.StartLine, loc.ArtifactLocation.URI)
		assert.True(t, rules[r.RuleID], r.RuleID)
		dirs[filepath.Dir(loc.ArtifactLocation.URI)] = true
	}
	assert.Len(t, dirs, 3, "examples/app, examples/cluster, examples/kubeconfig: %v", dirs)
}

// TestJUnitParses reads the CLI's JUnit XML back and checks its counts add up.
func TestJUnitParses(t *testing.T) {
	res := brokenAndExamples(t, "junit")
	require.Equal(t, 2, res.code, res.stderr)
	type message struct {
		Message string `xml:"message,attr"`
	}
	var doc struct {
		XMLName  xml.Name `xml:"testsuites"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Errors   int      `xml:"errors,attr"`
		Suites   []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Cases    []struct {
				Name      string   `xml:"name,attr"`
				Classname string   `xml:"classname,attr"`
				Failure   *message `xml:"failure"`
				Error     *message `xml:"error"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal([]byte(res.stdout), &doc))
	total, failures, errs := 0, 0, 0
	for _, s := range doc.Suites {
		assert.Equal(t, len(s.Cases), s.Tests, s.Name)
		total += len(s.Cases)
		for _, c := range s.Cases {
			assert.NotEmpty(t, c.Name)
			assert.Equal(t, s.Name, c.Classname)
			if c.Failure != nil {
				failures++
			}
			if c.Error != nil {
				errs++
			}
		}
	}
	assert.Equal(t, doc.Tests, total)
	assert.Equal(t, doc.Failures, failures)
	assert.Equal(t, 1, errs, "the broken file")
	assert.Positive(t, failures)
	// A suite per check ID that ran (one for an ID that exists for several
	// inputs, as findings name the ID), and inputs.
	suites := map[string]bool{}
	for _, s := range doc.Suites {
		assert.False(t, suites[s.Name], "suite %s twice", s.Name)
		suites[s.Name] = true
	}
	for _, p := range loadCatalog(t).Policies {
		assert.True(t, suites[p.ID], p.ID)
	}
	assert.True(t, suites["inputs"])
}

// TestEveryFormatRuns: each format prints something and keeps the exit code.
func TestEveryFormatRuns(t *testing.T) {
	for _, format := range report.Formats() {
		res := runCLI(t, "", "check", "-o", format, "examples/")
		assert.Equal(t, 1, res.code, "%s: %s", format, res.stderr)
		assert.NotEmpty(t, res.stdout, format)
		assert.NotContains(t, res.stdout, "\x1b[", "%s: no colour when stdout is not a terminal", format)
	}
}

// TestTextColourOnlyOnATerminal runs the CLI under a pseudo-terminal
// (util-linux script): colour there, none with NO_COLOR.
func TestTextColourOnlyOnATerminal(t *testing.T) {
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("no script(1) to provide a terminal")
	}
	run := func(env ...string) string {
		cmd := exec.Command(script, "-qec", shipshapeBin(t)+" check --no-config examples/app/worker.yaml", "/dev/null")
		cmd.Dir = RepoRoot()
		cmd.Env = append(os.Environ(), env...)
		out, _ := cmd.Output()
		return string(out)
	}
	colour := run("NO_COLOR=")
	require.Contains(t, colour, "worker.yaml:")
	assert.Contains(t, colour, "\x1b[31mdeny")
	plain := run("NO_COLOR=1")
	require.Contains(t, plain, "worker.yaml:")
	assert.NotContains(t, plain, "\x1b[")
}
