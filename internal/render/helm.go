package render

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
	"helm.sh/helm/v3/pkg/strvals"

	"github.com/shipshape-dev/shipshape/internal/inputs"
)

func checkKubeVersion(v string) error {
	if _, err := chartutil.ParseKubeVersion(v); err != nil {
		return fmt.Errorf("--kube-version %q: %v", v, err)
	}
	return nil
}

// renderChart renders one chart with one value set, as `helm template`
// does: dependencies from charts/ (enabled by their conditions and tags),
// values merged (values.yaml, --values, the set's files, --set), every
// template but partials and NOTES.txt, and the CRDs of crds/.
func (r *Renderer) renderChart(dir string, set ValueSet, opts inputs.Options) inputs.Result {
	res := inputs.Result{Files: 1}
	label := ""
	if set.Name != "" {
		label = " (values set " + set.Name + ")"
	}
	fail := func(file string, line int, msg string) inputs.Result {
		res.Errors = append(res.Errors, inputs.Error{File: file, Line: line, Message: msg + label})
		return res
	}
	chartFile := filepath.Join(dir, "Chart.yaml")
	chrt, err := loader.LoadDir(dir)
	if err != nil {
		return fail(chartFile, 0, "cannot load the Helm chart: "+err.Error())
	}
	if f, line, msg := missingDependency(chrt, dir); msg != "" {
		return fail(f, line, msg)
	}
	disk := map[*chart.File]string{}
	chartFiles(chrt, dir, disk)
	vals, file, err := r.values(set)
	if err != nil {
		return fail(file, 0, err.Error())
	}
	if err := chartutil.ProcessDependenciesWithMerge(chrt, vals); err != nil {
		return fail(chartFile, 0, "dependencies: "+err.Error())
	}
	kv, err := chartutil.ParseKubeVersion(r.opts.KubeVersion)
	if err != nil {
		return fail(chartFile, 0, err.Error())
	}
	caps := chartutil.DefaultCapabilities.Copy()
	caps.KubeVersion = *kv
	if c := chrt.Metadata.KubeVersion; c != "" && !chartutil.IsCompatibleRange(c, kv.String()) {
		return fail(chartFile, 0, fmt.Sprintf("the chart requires kubeVersion %s, which Kubernetes %s is not (--kube-version)", c, kv.String()))
	}
	top, err := chartutil.ToRenderValues(chrt, vals, chartutil.ReleaseOptions{
		Name: r.opts.ReleaseName, Namespace: r.opts.Namespace, Revision: 1, IsInstall: true,
	}, caps)
	if err != nil {
		return fail(chartFile, 0, err.Error())
	}
	templates := map[string]*chart.File{}
	chartTemplates(chrt, templates)
	rendered, err := engine.Render(chrt, top)
	if err != nil {
		file, line := errorPlace(err.Error(), templates, disk, chartFile)
		return fail(file, line, "helm cannot render the chart: "+err.Error())
	}
	values, _ := top["Values"].(chartutil.Values)
	index := &valueIndex{values: values}
	keys := make([]string, 0, len(rendered))
	for k := range rendered {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		text := rendered[key]
		if strings.HasSuffix(key, "NOTES.txt") || !manifestName(key) || onlyComments(text) {
			continue
		}
		src := templates[key]
		file := disk[src]
		if file == "" {
			file = filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(key, chrt.Name()+"/")))
		}
		var tmpl []string
		if src != nil {
			tmpl = splitLines(string(src.Data))
		}
		virtual := file + " (rendered" + label + ")"
		data := []byte(text)
		keep(&res, virtual, data)
		lines := align(tmpl, splitLines(text))
		docs, errs := inputs.Parse(virtual, data, opts)
		for _, e := range errs {
			e.File, e.Line = file, lines.at(e.Line)
			e.Message = "rendered output: " + e.Message + label
			res.Errors = append(res.Errors, e)
		}
		prefix := valuesPrefix(key)
		for i := range docs {
			docs[i].Source = ""
			docs[i].Origin = &inputs.Origin{Tool: Helm, Root: dir, Set: set.Name, Locate: &helmLocator{
				file: file, lines: lines, tmpl: tmpl, prefix: prefix, index: index, object: docs[i].Object,
			}}
		}
		res.Documents = append(res.Documents, docs...)
	}
	for _, crd := range chrt.CRDObjects() {
		file := disk[crd.File]
		if file == "" {
			file = filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(crd.Filename, chrt.Name()+"/")))
		}
		docs, errs := inputs.Parse(file, crd.File.Data, opts)
		if _, err := os.Stat(file); err != nil {
			keep(&res, file, crd.File.Data) // inside a packaged dependency
		}
		res.Errors = append(res.Errors, errs...)
		for i := range docs {
			docs[i].Origin = &inputs.Origin{Tool: Helm, Root: dir, Set: set.Name}
		}
		res.Documents = append(res.Documents, docs...)
	}
	return res
}

// values merges the values files and --set expressions for one set, as
// helm's own -f and --set do: later files win key by key, --set wins last.
func (r *Renderer) values(set ValueSet) (map[string]any, string, error) {
	out := map[string]any{}
	for _, f := range append(append([]string{}, r.opts.Values...), set.Files...) {
		v, err := chartutil.ReadValuesFile(f)
		if err != nil {
			return nil, f, fmt.Errorf("cannot read values file: %v", err)
		}
		mergeValues(out, v)
	}
	for _, s := range r.opts.Set {
		if err := strvals.ParseInto(s, out); err != nil {
			return nil, "--set", fmt.Errorf("--set %q: %v", s, err)
		}
	}
	return out, "", nil
}

// mergeValues merges src into dst: maps merge key by key, anything else
// is replaced.
func mergeValues(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				mergeValues(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
}

// missingDependency finds a dependency Chart.yaml lists that charts/ does
// not hold (not built with `helm dependency build`), at any depth.
func missingDependency(c *chart.Chart, dir string) (file string, line int, msg string) {
	have := map[string]bool{}
	for _, d := range c.Dependencies() {
		have[d.Name()] = true
	}
	for _, d := range c.Metadata.Dependencies {
		if d == nil || have[d.Name] {
			continue
		}
		file = filepath.Join(dir, "Chart.yaml")
		from := ""
		if d.Repository != "" {
			from = " from " + d.Repository
		}
		return file, dependencyLine(file, d.Name), fmt.Sprintf("dependency %q (version %s%s) is listed in Chart.yaml but not in charts/: run `helm dependency build %s` first", d.Name, d.Version, from, dir)
	}
	dirs := dependencyDirs(dir)
	for _, d := range c.Dependencies() {
		sub, ok := dirs[d.Name()]
		if !ok {
			sub = filepath.Join(dir, "charts", d.Name())
		}
		if f, l, m := missingDependency(d, sub); m != "" {
			return f, l, m
		}
	}
	return "", 0, ""
}

var nameLine = regexp.MustCompile(`^\s*-?\s*name:\s*["']?([^"'#\s]+)`)

// dependencyLine is the line of "name: NAME" under dependencies in a
// Chart.yaml, or 0.
func dependencyLine(file, name string) int {
	data, err := os.ReadFile(file)
	if err != nil {
		return 0
	}
	in := false
	for i, l := range splitLines(string(data)) {
		if strings.HasPrefix(l, "dependencies:") {
			in = true
			continue
		}
		if in && l != "" && l[0] != ' ' && l[0] != '-' && l[0] != '#' {
			in = false
		}
		if m := nameLine.FindStringSubmatch(l); in && m != nil && m[1] == name {
			return i + 1
		}
	}
	return 0
}

// chartFiles records the file on disk of every template and CRD of a
// chart and its dependencies (a packaged dependency's files are named
// inside its archive: charts/x-1.0.0.tgz/templates/a.yaml).
func chartFiles(c *chart.Chart, dir string, out map[*chart.File]string) {
	for _, t := range c.Templates {
		out[t] = filepath.Join(dir, filepath.FromSlash(t.Name))
	}
	for _, f := range c.Files {
		if strings.HasPrefix(f.Name, "crds/") {
			out[f] = filepath.Join(dir, filepath.FromSlash(f.Name))
		}
	}
	dirs := dependencyDirs(dir)
	for _, d := range c.Dependencies() {
		sub, ok := dirs[d.Name()]
		if !ok {
			sub = filepath.Join(dir, "charts", d.Name())
		}
		chartFiles(d, sub, out)
	}
}

// dependencyDirs maps the charts of a chart's charts/ folder, by name, to
// their folder or archive.
func dependencyDirs(dir string) map[string]string {
	out := map[string]string{}
	entries, err := os.ReadDir(filepath.Join(dir, "charts"))
	if err != nil {
		return out
	}
	for _, e := range entries {
		p := filepath.Join(dir, "charts", e.Name())
		if e.IsDir() {
			if md, err := chartutil.LoadChartfile(filepath.Join(p, "Chart.yaml")); err == nil {
				out[md.Name] = p
			}
			continue
		}
		if name, ok := strings.CutSuffix(e.Name(), ".tgz"); ok {
			if i := strings.LastIndex(name, "-"); i > 0 {
				if _, seen := out[name[:i]]; !seen {
					out[name[:i]] = p
				}
			}
		}
	}
	return out
}

// chartTemplates maps the engine's template names
// (chart/charts/sub/templates/x.yaml) to their files.
func chartTemplates(c *chart.Chart, out map[string]*chart.File) {
	for _, t := range c.Templates {
		out[path.Join(c.ChartFullPath(), t.Name)] = t
	}
	for _, d := range c.Dependencies() {
		chartTemplates(d, out)
	}
}

var helmPlace = regexp.MustCompile(`([^\s():"]+):(\d+)(?::\d+)?`)

// errorPlace finds the template and line a Helm error names.
func errorPlace(msg string, templates map[string]*chart.File, disk map[*chart.File]string, fallback string) (string, int) {
	for _, m := range helmPlace.FindAllStringSubmatch(msg, -1) {
		t, ok := templates[m[1]]
		if !ok {
			continue
		}
		line, _ := strconv.Atoi(m[2])
		if f := disk[t]; f != "" {
			return f, line
		}
		return m[1], line
	}
	return fallback, 0
}

// manifestName tells whether a rendered template is a manifest, as
// helm's own sorting of rendered files does (by extension).
func manifestName(key string) bool {
	switch strings.ToLower(path.Ext(key)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}

func onlyComments(text string) bool {
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && l != "---" && !strings.HasPrefix(l, "#") {
			return false
		}
	}
	return true
}

func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// valuesPrefix is the values path of the chart a template belongs to:
// "" for the chart given, "redis." for its dependency redis.
func valuesPrefix(key string) string {
	parts := strings.Split(key, "/charts/")
	var b strings.Builder
	for _, p := range parts[1:] {
		name, _, _ := strings.Cut(p, "/")
		b.WriteString(name + ".")
	}
	return b.String()
}

// helmLocator maps a document of one rendered template back to the
// template.
type helmLocator struct {
	file   string
	lines  *lineMap
	tmpl   []string
	prefix string
	index  *valueIndex
	object map[string]any
}

func (l *helmLocator) Locate(docLine int, field string, fieldLine int) inputs.Location {
	loc := inputs.Location{File: l.file, Line: l.lines.at(docLine)}
	if fieldLine > 0 {
		loc.FieldLine = l.lines.at(fieldLine)
	}
	if field == "" || fieldLine == 0 {
		return loc
	}
	v, found := lookup(l.object, field)
	if !found {
		return loc // the field is missing: no values key sets it
	}
	if n := loc.FieldLine; n > 0 && n <= len(l.tmpl) {
		if keys := valuesRead(l.tmpl[n-1], l.prefix); len(keys) > 0 {
			loc.Values, loc.ValuesBy = keys, "template"
			return loc
		}
	}
	if key, ok := l.index.unique(v); ok {
		loc.Values, loc.ValuesBy = []string{key}, "value"
	}
	return loc
}
