// Package render turns a Helm chart or a kustomization folder into
// documents, as `helm template` and `kustomize build` would give them, with
// each document's source: the template (or kustomize source file) it came
// from, and a Locator that maps rendered lines back to lines of that
// source. It is the input stage that runs instead of reading a folder's
// files when the folder is a chart or an overlay; everything after it
// (inventory, evaluation, positions, reports) is the same as for files.
//
// Helm is used as a library (the chart loader, chartutil's values and
// dependencies, and the template engine); no helm binary, no cluster.
package render

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/shipshape-dev/shipshape/internal/inputs"
)

// Tools a folder can be rendered with.
const (
	Helm      = "helm"
	Kustomize = "kustomize"
)

// KustomizationFiles are the names kustomize accepts for a kustomization.
var KustomizationFiles = []string{"kustomization.yaml", "kustomization.yml", "Kustomization"}

// ValueSet is a named list of values files (--values-set NAME=FILE,FILE).
type ValueSet struct {
	Name  string
	Files []string
}

// Options say how charts are rendered.
type Options struct {
	// Values are values files applied to every chart, in order, after the
	// chart's values.yaml (helm's --values).
	Values []string
	// Set are helm --set expressions, applied last.
	Set []string
	// Sets, when given, render each chart once per set: the set's files
	// are applied after Values and before Set.
	Sets []ValueSet
	// KubeVersion is .Capabilities.KubeVersion; "" means DefaultKubeVersion.
	KubeVersion string
	// ReleaseName is .Release.Name; "" means "release-name" (helm template's).
	ReleaseName string
	// Namespace is .Release.Namespace; "" means "default".
	Namespace string
}

// DefaultKubeVersion is the Kubernetes version charts are rendered for when
// --kube-version is not given: the version of the API types shipshape is
// built with.
const DefaultKubeVersion = "v1.36.0"

// Renderer renders charts and kustomizations; it implements
// inputs.Renderer.
type Renderer struct {
	opts Options
}

// New checks the options and returns a renderer.
func New(opts Options) (*Renderer, error) {
	if opts.KubeVersion == "" {
		opts.KubeVersion = DefaultKubeVersion
	}
	if opts.ReleaseName == "" {
		opts.ReleaseName = "release-name"
	}
	if opts.Namespace == "" {
		opts.Namespace = "default"
	}
	if err := checkKubeVersion(opts.KubeVersion); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, s := range opts.Sets {
		if s.Name == "" || len(s.Files) == 0 {
			return nil, fmt.Errorf("--values-set %q: want NAME=FILE[,FILE...]", s.Name)
		}
		if seen[s.Name] {
			return nil, fmt.Errorf("--values-set %q is given twice", s.Name)
		}
		seen[s.Name] = true
	}
	return &Renderer{opts: opts}, nil
}

// ParseValueSet reads NAME=FILE[,FILE...].
func ParseValueSet(s string) (ValueSet, error) {
	name, files, ok := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" || files == "" {
		return ValueSet{}, fmt.Errorf("--values-set %q: want NAME=FILE[,FILE...]", s)
	}
	var vs ValueSet
	vs.Name = name
	for _, f := range strings.Split(files, ",") {
		if f = strings.TrimSpace(f); f != "" {
			vs.Files = append(vs.Files, f)
		}
	}
	if len(vs.Files) == 0 {
		return ValueSet{}, fmt.Errorf("--values-set %q: no values file", s)
	}
	return vs, nil
}

// Root tells whether dir is a chart (Chart.yaml) or a kustomization; it
// only looks at file names, so it costs a few stat calls.
func (r *Renderer) Root(dir string) string {
	return RootKind(dir)
}

// RootKind is Root without a renderer: Helm, Kustomize or "".
func RootKind(dir string) string {
	if isFile(filepath.Join(dir, "Chart.yaml")) {
		return Helm
	}
	for _, k := range KustomizationFiles {
		if isFile(filepath.Join(dir, k)) {
			return Kustomize
		}
	}
	return ""
}

func isFile(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}

// Bases lists the local folders a kustomization builds on.
func (r *Renderer) Bases(dir string) []string {
	if RootKind(dir) != Kustomize {
		return nil
	}
	k, _, err := readKustomization(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, ref := range k.folders(dir) {
		out = append(out, ref)
	}
	return out
}

// Render renders dir: a chart once per value set (once when there is
// none), a kustomization once.
func (r *Renderer) Render(dir string, opts inputs.Options) inputs.Result {
	switch RootKind(dir) {
	case Helm:
		var res inputs.Result
		sets := r.opts.Sets
		if len(sets) == 0 {
			sets = []ValueSet{{}}
		}
		for _, s := range sets {
			part := r.renderChart(dir, s, opts)
			res.Files += part.Files
			res.Documents = append(res.Documents, part.Documents...)
			res.Errors = append(res.Errors, part.Errors...)
			res.Keep(&part)
		}
		return res
	case Kustomize:
		return r.build(dir, opts)
	}
	return inputs.Result{Files: 1, Errors: []inputs.Error{{File: dir, Message: "neither a Helm chart (Chart.yaml) nor a kustomization"}}}
}

// keep stores rendered output under its name, for inputs.Result.Content.
func keep(res *inputs.Result, name string, data []byte) {
	if res.Pipes == nil {
		res.Pipes = map[string][]byte{}
	}
	res.Pipes[name] = data
}
