package gotest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// renderedReport is the JSON report with what rendered findings carry.
type renderedReport struct {
	Findings []struct {
		Policy, File, Kind, Name string
		Line, FieldLine          int
		Origin                   *struct {
			Tool, Root, ValuesSet, ValuesBy string
			Values                          []string
		}
	}
	Errors []struct {
		File    string
		Line    int
		Message string
	}
	Notes []struct{ File, Message string }
}

// rendered lists a report's findings as "set policy Kind/name file:line
// [values]", sorted, the line being the field's where known.
func rendered(t *testing.T, out string) []string {
	t.Helper()
	var r renderedReport
	require.NoError(t, json.Unmarshal([]byte(out), &r), out)
	var got []string
	for _, f := range r.Findings {
		require.NotNil(t, f.Origin, "finding of a rendered object without origin: %+v", f)
		line := f.Line
		if f.FieldLine > 0 {
			line = f.FieldLine
		}
		s := fmt.Sprintf("%s %s %s/%s %s:%d", f.Origin.ValuesSet, f.Policy, f.Kind, f.Name, f.File, line)
		if len(f.Origin.Values) > 0 {
			s += fmt.Sprintf(" [%s: %s]", f.Origin.ValuesBy, strings.Join(f.Origin.Values, ","))
		}
		got = append(got, strings.TrimSpace(s))
	}
	sort.Strings(got)
	return got
}

const renderData = "gotest/testdata/render"

var renderPolicies = []string{"--no-config", "--policy", "image-tag-pinned", "--policy", "probes-required", "--policy", "run-as-non-root",
	"--policy", "no-privileged", "--policy", "no-secrets-in-configmaps", "--policy", "resources-required"}

// TestRenderChartUnderTwoValueSets renders the test chart (a dependency in
// charts/ enabled by a condition, helpers, a conditional block) under two
// value sets and checks every finding: its set, check, object, template
// and line, and the values keys of its field.
func TestRenderChartUnderTwoValueSets(t *testing.T) {
	shop := renderData + "/shop"
	args := append([]string{"check", shop, "-o", "json",
		"--values-set", "dev=" + shop + "/values-dev.yaml", "--values-set", "prod=" + shop + "/values-prod.yaml"}, renderPolicies...)
	res := runCLI(t, "", args...)
	require.Equal(t, 1, res.code, res.stderr)
	dep, sts := shop+"/templates/deployment.yaml", shop+"/charts/cache/templates/statefulset.yaml"
	assert.Equal(t, []string{
		// dev: image tag latest, probes off, the cache dependency on
		// (its redis:7.2 is pinned).
		"dev image-tag-pinned Deployment/release-name-shop " + dep + ":19 [template: image.repository,image.tag]",
		"dev probes-required Deployment/release-name-shop " + dep + ":18",
		"dev probes-required Deployment/release-name-shop " + dep + ":18",
		"dev probes-required StatefulSet/release-name-cache " + sts + ":16",
		"dev probes-required StatefulSet/release-name-cache " + sts + ":16",
		"dev resources-required StatefulSet/release-name-cache " + sts + ":16",
		"dev run-as-non-root StatefulSet/release-name-cache " + sts + ":16",
		// prod: runAsNonRoot false, from the line that reads it.
		"prod run-as-non-root Deployment/release-name-shop " + dep + ":33 [template: runAsNonRoot]",
	}, rendered(t, res.stdout))
}

// TestRenderChartWithInventory checks the same chart where a selected
// check reads the inventory: every document is read first and field lines
// are found by reading the kept rendered output again, not its tree.
func TestRenderChartWithInventory(t *testing.T) {
	shop := renderData + "/shop"
	res := runCLI(t, "", "check", shop, "-o", "json", "--no-config", "-n", "shop", "--set", "image.tag=latest,service.port=9090",
		"--policy", "image-tag-pinned", "--policy", "namespace-limit-range", "--policy", "host-ports")
	require.Equal(t, 1, res.code, res.stderr)
	assert.Equal(t, []string{
		"image-tag-pinned Deployment/release-name-shop " + shop + "/templates/deployment.yaml:19 [template: image.repository,image.tag]",
		"namespace-limit-range Deployment/release-name-shop " + shop + "/templates/deployment.yaml:3",
	}, rendered(t, res.stdout))
}

// TestRenderOverlay builds the test overlay (a base, a strategic merge
// patch, a JSON 6902 patch, a configMapGenerator) and checks that each
// finding points at the file that set its field.
func TestRenderOverlay(t *testing.T) {
	res := runCLI(t, "", append([]string{"check", renderData + "/overlay", "-o", "json"}, renderPolicies...)...)
	require.Equal(t, 1, res.code, res.stderr)
	prod := renderData + "/overlay/prod"
	assert.Equal(t, []string{
		"image-tag-pinned Deployment/prod-api " + prod + "/image.yaml:3",
		"no-privileged Deployment/prod-api " + prod + "/security.yaml:13",
		"no-secrets-in-configmaps ConfigMap/prod-api-config-h75869hf55 " + prod + "/kustomization.yaml:16",
		"resources-required Deployment/prod-api " + renderData + "/overlay/base/deployment.yaml:17",
		"run-as-non-root Deployment/prod-api " + prod + "/security.yaml:12",
	}, rendered(t, res.stdout))
	var r renderedReport
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &r))
	require.Len(t, r.Notes, 1)
	assert.Equal(t, renderData+"/overlay/base", r.Notes[0].File)
	assert.Contains(t, r.Notes[0].Message, "a kustomize base of "+prod)
}

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
}

// TestBrokenChartIsOneErrorAndOthersChecked: a chart that fails to render
// is one error at the template and line Helm names; the other inputs of the
// run are still checked, and the exit code says an input failed.
func TestBrokenChartIsOneErrorAndOthersChecked(t *testing.T) {
	res := runCLI(t, "", append([]string{"check", renderData + "/broken", renderData + "/overlay", "-o", "json"}, renderPolicies...)...)
	require.Equal(t, 2, res.code, res.stderr)
	var r renderedReport
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &r), res.stdout)
	require.Len(t, r.Errors, 1, res.stdout)
	assert.Equal(t, renderData+"/broken/templates/configmap.yaml", r.Errors[0].File)
	assert.Equal(t, 6, r.Errors[0].Line)
	assert.Contains(t, r.Errors[0].Message, "values: owner is required")
	assert.Len(t, r.Findings, 5, "the overlay is still checked")
	assert.Contains(t, res.stderr, "1 input(s) could not be read or checked")
}

// TestUnbuiltDependencyIsNamed: a dependency Chart.yaml lists that is not
// in charts/ is an error naming it, at its line.
func TestUnbuiltDependencyIsNamed(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(RepoRoot(), renderData, "shop")
	for _, f := range []string{"Chart.yaml", "values.yaml", "templates/_helpers.tpl", "templates/deployment.yaml"} {
		data, err := os.ReadFile(filepath.Join(src, f))
		require.NoError(t, err)
		write(t, dir, f, string(data))
	}
	res := runCLI(t, "", "check", dir, "-o", "json", "--no-config")
	require.Equal(t, 2, res.code, res.stderr)
	var r renderedReport
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &r), res.stdout)
	require.Len(t, r.Errors, 1)
	assert.Equal(t, filepath.Join(dir, "Chart.yaml"), r.Errors[0].File)
	assert.Equal(t, 7, r.Errors[0].Line)
	assert.Contains(t, r.Errors[0].Message, `dependency "cache"`)
	assert.Contains(t, r.Errors[0].Message, "helm dependency build")
}

// TestRenderFalseReadsFilesAsYAML: --render=false checks the folder's files
// as they are, as before rendering existed: templates do not parse, the
// overlay's raw patch is judged as an object of its own.
func TestRenderFalseReadsFilesAsYAML(t *testing.T) {
	res := runCLI(t, "", "check", renderData+"/shop", "--render=false", "-o", "json", "--no-config")
	require.Equal(t, 2, res.code, res.stderr)
	var r renderedReport
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &r), res.stdout)
	assert.NotEmpty(t, r.Errors, "templates are not YAML")
	res = runCLI(t, "", append([]string{"check", renderData + "/overlay/prod", "--render=false", "-o", "json"}, renderPolicies...)...)
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &r), res.stdout)
	for _, f := range r.Findings {
		assert.Nil(t, f.Origin)
	}
	assert.Contains(t, res.stdout, renderData+"/overlay/prod/security.yaml", "the patch is judged as an object")
	res = runCLI(t, "", "check", renderData+"/shop", "--render=false", "--values", renderData+"/shop/values-dev.yaml")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "--values renders Helm charts, and --render=false is given")
}

// TestRenderedFindingsInCodeScanningFormats: SARIF and GitHub annotations
// point at the template and line, and say the value set.
func TestRenderedFindingsInCodeScanningFormats(t *testing.T) {
	shop := renderData + "/shop"
	base := []string{"check", shop, "--no-config", "--policy", "image-tag-pinned", "--values-set", "dev=" + shop + "/values-dev.yaml"}
	res := runCLI(t, "", append(base, "-o", "sarif")...)
	require.Equal(t, 1, res.code, res.stderr)
	var sarif struct {
		Runs []struct {
			Results []struct {
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
				Properties map[string]any
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &sarif))
	var places []string
	for _, r := range sarif.Runs[0].Results {
		loc := r.Locations[0].PhysicalLocation
		places = append(places, fmt.Sprintf("%s:%d %v", loc.ArtifactLocation.URI, loc.Region.StartLine, r.Properties["valuesSet"]))
		assert.Contains(t, r.Message.Text, "helm chart "+shop+", values dev")
	}
	sort.Strings(places)
	assert.Equal(t, []string{shop + "/templates/deployment.yaml:19 dev"}, places)

	res = runCLI(t, "", append(base, "-o", "github")...)
	require.Equal(t, 1, res.code, res.stderr)
	assert.Contains(t, res.stdout, "::error file="+shop+"/templates/deployment.yaml,line=19,title=image-tag-pinned")
	assert.Contains(t, res.stdout, "(helm chart "+shop+", values dev [values: image.repository, image.tag])")

	res = runCLI(t, "", base...)
	assert.Contains(t, res.stdout, shop+"/templates/deployment.yaml (helm chart "+shop+", values dev)\n")
	assert.Contains(t, res.stdout, "  "+shop+"/templates/deployment.yaml:19  deny     image-tag-pinned")
}

// TestPipedHelmTemplateStillNamesItsSource: rendered output piped in is
// read as YAML, each finding naming its template from "# Source:".
func TestPipedHelmTemplateStillNamesItsSource(t *testing.T) {
	in := "---\n# Source: shop/templates/pod.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  containers:\n  - name: c\n    image: nginx:latest\n"
	res := runCLI(t, in, "check", "-", "--no-config", "--policy", "image-tag-pinned", "-o", "github")
	require.Equal(t, 1, res.code, res.stderr)
	assert.Contains(t, res.stdout, "::error file=shop/templates/pod.yaml,title=image-tag-pinned")
}

// TestExplainRendering: explain and --help say how rendering is chosen and
// turned off.
func TestExplainRendering(t *testing.T) {
	res := runCLI(t, "", "explain", "rendering")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, "Chart.yaml")
	assert.Contains(t, res.stdout, "--render=false")
	res = runCLI(t, "", "check", "--help")
	assert.Contains(t, res.stdout, "--render=false reads such folders as plain YAML")
	assert.Contains(t, res.stdout, "--values-set")
}
