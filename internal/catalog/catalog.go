// Package catalog reads the policies and the shared Rego library from a
// file system and turns each policy's METADATA annotation into the facts
// every other part of shipshape is generated from.
package catalog

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
)

// Input kinds: which documents a policy reads.
const (
	InputKubernetes = "kubernetes"
	InputDockerfile = "dockerfile"
	InputKubeconfig = "kubeconfig"
	InputPlan       = "plan"
)

var inputKinds = map[string]bool{InputKubernetes: true, InputDockerfile: true, InputKubeconfig: true, InputPlan: true}

var actions = map[string]bool{"deny": true, "warn": true, "dryrun": true}

var checkID = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// Source is the title of the document the practices come from (the seed:
// a post by 陈国林 that follows Alibaba Cloud's container product
// practices), as messages and docs name it; a policy's Section is a
// section of it.
const Source = "阿里云容器产品实践 (Alibaba Cloud container product practices)"

// The annotations that exempt one object from one check: ExemptPrefix
// followed by the check ID carries the reason, ExemptUntilPrefix followed
// by the check ID the last day it counts. The Go side reads them from here
// only; policies/lib/exemptions.rego, which Gatekeeper runs, spells the
// same prefixes (reason_prefix, until_prefix), and
// TestExemptionPrefixesAreTheLibrarys holds the two equal.
const (
	ExemptPrefix      = "shipshape.dev/exempt."
	ExemptUntilPrefix = "shipshape.dev/exempt-until."
	// ExemptDomain begins every annotation shipshape reads.
	ExemptDomain = "shipshape.dev/"
)

// ExemptionAnnotationCheck is the ID the offline run gives the findings
// about exemption annotations that name no check (a typo), so that they
// exempt nothing; it is not a policy of the catalog (Gatekeeper cannot
// know the catalog), only the CLI reports it.
const ExemptionAnnotationCheck = "exemption-annotation"

// sectionLetter is the practice catalog's section (A, B, ...) that ends
// custom.section: "三.1 容器安全 (D)".
var sectionLetter = regexp.MustCompile(`\(([A-Z])\)\s*$`)

// Policy is one check: its Rego module and what its METADATA says.
type Policy struct {
	ID          string // folder name, the public check ID
	Title       string
	Description string
	Section     string // the section of Source the practice comes from
	Input       string // one of the Input* constants
	Action      string // default enforcement action
	// Kinds lists the object kinds of the default Constraint's match, grouped
	// by API group; empty for non-Kubernetes policies.
	Kinds []KindGroup
	// Parameters is the OpenAPI v3 schema of each parameter, by name, with
	// the formats quantity and regex rewritten into schemas the API server
	// enforces (formats.go).
	Parameters map[string]any
	// Sync lists the kinds the policy reads from data.inventory.
	Sync []GVK
	// Shared names the policy's rules (custom.shared) whose value is the
	// same for every document of a kubeconfig merge: they read only
	// input.review.merged, so a host may compute them once per run.
	Shared []string
	// FactOf is "namespace" when every finding of the policy states a fact
	// about the namespace of the object (custom.factOf), the same for every
	// object in it: the offline report says it once per namespace, while
	// Gatekeeper, judging one object at a time, reports it on each.
	FactOf string

	Dir     string // folder inside the policies file system
	Package string // Rego package path, e.g. shipshape.kubernetes.probes_required
	Source  string // policy.rego as written
	Module  *ast.Module
	// Libs are the library packages the policy needs, imports resolved
	// recursively, sorted by package path.
	Libs []*Lib
}

// KindGroup is one entry of a Constraint's spec.match.kinds.
type KindGroup struct {
	APIGroups []string `json:"apiGroups"`
	Kinds     []string `json:"kinds"`
}

// GVK names one kind of the inventory.
type GVK struct {
	Group   string `json:"group"`
	Version string `json:"version"`
	Kind    string `json:"kind"`
}

// Lib is one shared Rego package under lib/.
type Lib struct {
	Package string // e.g. lib.workload
	File    string
	Source  string
	Module  *ast.Module
	Imports []string // lib packages it imports
}

// Catalog is every policy and library module, in ID order.
type Catalog struct {
	Policies []*Policy
	Libs     map[string]*Lib
	byKey    map[string]*Policy // by Key(): input/id
	// FS is the file system the catalog was read from (samples, suites).
	FS fs.FS
	// Vetted says every module is known to pass every check of OPA's
	// compiler, so the engine skips them: the embedded catalog, which
	// the engine's TestVettedCompileIsTheSame holds to that.
	Vetted bool
}

// Policy returns the policy with the given ID, or nil. A check ID may exist
// once per input kind (image-tag-pinned for objects and for Dockerfiles);
// then the Kubernetes one is returned. PolicyFor picks by input.
func (c *Catalog) Policy(id string) *Policy {
	if p := c.byKey[InputKubernetes+"/"+id]; p != nil {
		return p
	}
	for _, p := range c.Policies {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// Variants returns every policy with the given check ID, one per input
// kind, Kubernetes first (catalog order); nil for an unknown ID.
func (c *Catalog) Variants(id string) []*Policy {
	var out []*Policy
	for _, p := range c.Policies {
		if p.ID == id {
			out = append(out, p)
		}
	}
	return out
}

// String is the kind as custom.sync writes it: apps/v1/Deployment, v1/Namespace.
func (g GVK) String() string {
	if g.Group == "" {
		return g.Version + "/" + g.Kind
	}
	return g.Group + "/" + g.Version + "/" + g.Kind
}

// PolicyFor returns the policy with the given input kind and ID, or nil.
func (c *Catalog) PolicyFor(input, id string) *Policy { return c.byKey[input+"/"+id] }

// ByKind returns the policy whose Constraint kind is kind, or nil; the
// Kubernetes one where several inputs share the check ID.
func (c *Catalog) ByKind(kind string) *Policy {
	all := c.AllByKind(kind)
	for _, p := range all {
		if p.Input == InputKubernetes {
			return p
		}
	}
	if len(all) > 0 {
		return all[0]
	}
	return nil
}

// AllByKind returns every policy whose Constraint kind is kind: one
// Constraint configures the check for every input kind it exists for.
func (c *Catalog) AllByKind(kind string) []*Policy {
	var out []*Policy
	for _, p := range c.Policies {
		if p.ConstraintKind() == kind {
			out = append(out, p)
		}
	}
	return out
}

// SectionID is the letter of the practice catalog's section the policy
// belongs to (practices.md: A to E for the source document, F beyond it),
// read from the "(X)" that ends custom.section; "" when it names none.
func (p *Policy) SectionID() string {
	if m := sectionLetter.FindStringSubmatch(p.Section); m != nil {
		return m[1]
	}
	return ""
}

// Key names a policy uniquely: its input kind and check ID, as its folder.
func (p *Policy) Key() string { return p.Input + "/" + p.ID }

// ConstraintKind is the CRD kind of the policy's Constraints: the check ID in
// PascalCase (probes-required → ProbesRequired).
func (p *Policy) ConstraintKind() string {
	var b strings.Builder
	for _, part := range strings.Split(p.ID, "-") {
		if part == "" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// ParameterSchema is the OpenAPI schema of the policy's parameters, as its
// ConstraintTemplate declares it (and Gatekeeper puts it in the Constraint
// CRD under spec.parameters).
func (p *Policy) ParameterSchema() (*apiextensionsv1.JSONSchemaProps, error) {
	// default {} makes the API server fill spec.parameters in when a
	// Constraint leaves it out, and with it every parameter's own default:
	// structural defaulting only descends into objects that are there.
	raw, err := json.Marshal(map[string]any{"type": "object", "properties": p.Parameters, "default": map[string]any{}})
	if err != nil {
		return nil, err
	}
	var schema apiextensionsv1.JSONSchemaProps
	if err := json.Unmarshal(raw, &schema); err != nil {
		return nil, fmt.Errorf("%s: parameter schema: %w", p.ID, err)
	}
	return &schema, nil
}

// DefaultParameters are the schema defaults of the policy's parameters.
func (p *Policy) DefaultParameters() map[string]any {
	out := map[string]any{}
	for name, schema := range p.Parameters {
		if s, ok := schema.(map[string]any); ok {
			if d, ok := s["default"]; ok {
				out[name] = d
			}
		}
	}
	return out
}

// Load reads lib/*.rego and <input>/<id>/policy.rego from fsys. Files are
// parsed in parallel (parsing is a good part of a short run's start); the
// catalog is then assembled in file order, so it is the same every time.
func Load(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{Libs: map[string]*Lib{}, FS: fsys, byKey: map[string]*Policy{}}
	libFiles, err := fs.Glob(fsys, "lib/*.rego")
	if err != nil {
		return nil, err
	}
	libFiles = slices.DeleteFunc(libFiles, func(f string) bool { return strings.HasSuffix(f, "_test.rego") })
	policyFiles, err := fs.Glob(fsys, "*/*/policy.rego")
	if err != nil {
		return nil, err
	}
	libs := make([]*Lib, len(libFiles))
	policies := make([]*Policy, len(policyFiles))
	errs := make([]error, len(libFiles)+len(policyFiles))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				if i < len(libFiles) {
					libs[i], errs[i] = loadLib(fsys, libFiles[i])
				} else {
					j := i - len(libFiles)
					policies[j], errs[i] = loadPolicy(fsys, policyFiles[j])
				}
			}
		})
	}
	for i := range errs {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	for _, lib := range libs {
		if prev, dup := c.Libs[lib.Package]; dup {
			return nil, fmt.Errorf("%s: package %s is also declared in %s", lib.File, lib.Package, prev.File)
		}
		c.Libs[lib.Package] = lib
	}
	for i, p := range policies {
		if p.Libs, err = c.resolveLibs(p.Module, policyFiles[i]); err != nil {
			return nil, err
		}
		// The folder layout makes input/id unique; checked anyway so the
		// invariant does not rest on the file system.
		if _, dup := c.byKey[p.Key()]; dup {
			return nil, fmt.Errorf("%s: check ID %s is used twice for input %s", policyFiles[i], p.ID, p.Input)
		}
		c.byKey[p.Key()] = p
		c.Policies = append(c.Policies, p)
	}
	sort.Slice(c.Policies, func(i, j int) bool {
		a, b := c.Policies[i], c.Policies[j]
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return inputOrder(a.Input) < inputOrder(b.Input)
	})
	return c, nil
}

func loadLib(fsys fs.FS, file string) (*Lib, error) {
	mod, src, err := parseFile(fsys, file)
	if err != nil {
		return nil, err
	}
	pkg := strings.TrimPrefix(mod.Package.Path.String(), "data.")
	if !strings.HasPrefix(pkg, "lib.") {
		return nil, fmt.Errorf("%s: library package %s must be under lib.", file, pkg)
	}
	return &Lib{Package: pkg, File: file, Source: src, Module: mod, Imports: libImports(mod)}, nil
}

// inputOrder puts Kubernetes first among policies sharing a check ID.
func inputOrder(input string) string {
	if input == InputKubernetes {
		return ""
	}
	return input
}

func parseFile(fsys fs.FS, file string) (*ast.Module, string, error) {
	b, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, "", err
	}
	mod, err := ast.ParseModuleWithOpts(file, string(b), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
	if err != nil {
		return nil, "", err
	}
	return mod, string(b), nil
}

func loadPolicy(fsys fs.FS, file string) (*Policy, error) {
	mod, src, err := parseFile(fsys, file)
	if err != nil {
		return nil, err
	}
	dir := path.Dir(file)
	p := &Policy{
		ID:      path.Base(dir),
		Dir:     dir,
		Package: strings.TrimPrefix(mod.Package.Path.String(), "data."),
		Source:  src,
		Module:  mod,
	}
	if !checkID.MatchString(p.ID) {
		return nil, fmt.Errorf("%s: folder name %q is not a check ID (lower-case words joined by -)", file, p.ID)
	}
	var pkgAnn *ast.Annotations
	for _, a := range mod.Annotations {
		if a.Scope == "package" {
			pkgAnn = a
		}
	}
	if pkgAnn == nil {
		return nil, fmt.Errorf("%s: no package METADATA annotation", file)
	}
	p.Title, p.Description = pkgAnn.Title, strings.TrimSpace(pkgAnn.Description)
	if p.Title == "" || p.Description == "" {
		return nil, fmt.Errorf("%s: METADATA needs a title and a description", file)
	}
	custom := pkgAnn.Custom
	p.Section, _ = custom["section"].(string)
	p.Input, _ = custom["input"].(string)
	p.Action, _ = custom["action"].(string)
	if !inputKinds[p.Input] {
		return nil, fmt.Errorf("%s: custom.input %q is not one of kubernetes, dockerfile, kubeconfig, plan", file, p.Input)
	}
	if path.Dir(dir) != p.Input {
		return nil, fmt.Errorf("%s: a policy with input %s belongs under %s/", file, p.Input, p.Input)
	}
	if !actions[p.Action] {
		return nil, fmt.Errorf("%s: custom.action %q is not deny, warn or dryrun", file, p.Action)
	}
	if p.Section == "" {
		return nil, fmt.Errorf("%s: custom.section names no section of %s", file, Source)
	}
	if want := p.Input + "." + strings.ReplaceAll(p.ID, "-", "_"); p.Package != "shipshape."+want {
		return nil, fmt.Errorf("%s: package must be shipshape.%s", file, want)
	}
	if p.Parameters, err = asMap(custom["parameters"], "custom.parameters"); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if p.Parameters, err = jsonModel(p.Parameters); err != nil {
		return nil, fmt.Errorf("%s: custom.parameters: %w", file, err)
	}
	if err := expandFormats(p.Parameters); err != nil {
		return nil, fmt.Errorf("%s: custom.parameters.%w", file, err)
	}
	if p.Kinds, err = kindGroups(custom["kinds"]); err != nil {
		return nil, fmt.Errorf("%s: custom.kinds: %w", file, err)
	}
	if p.Input == InputKubernetes && len(p.Kinds) == 0 {
		return nil, fmt.Errorf("%s: custom.kinds names no kind to match", file)
	}
	if p.Sync, err = syncKinds(custom["sync"]); err != nil {
		return nil, fmt.Errorf("%s: custom.sync: %w", file, err)
	}
	p.FactOf, _ = custom["factOf"].(string)
	if v, ok := custom["factOf"]; ok && p.FactOf != "namespace" {
		return nil, fmt.Errorf("%s: custom.factOf %v: the only subject a policy can state facts of is namespace", file, v)
	}
	if p.Shared, err = sharedRules(mod, custom["shared"]); err != nil {
		return nil, fmt.Errorf("%s: custom.shared: %w", file, err)
	}
	if err := checkParameterUse(p); err != nil {
		return nil, err
	}
	return p, nil
}

func jsonModel(m map[string]any) (map[string]any, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	return out, json.Unmarshal(b, &out)
}

func asMap(v any, what string) (map[string]any, error) {
	if v == nil {
		return map[string]any{}, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s must be a map, got %T", what, v)
	}
	return m, nil
}

// libImports lists the data.lib.* packages a module imports.
func libImports(mod *ast.Module) []string {
	var out []string
	for _, imp := range mod.Imports {
		ref, ok := imp.Path.Value.(ast.Ref)
		if !ok {
			continue
		}
		s := strings.TrimPrefix(ref.String(), "data.")
		if strings.HasPrefix(s, "lib.") {
			out = append(out, s)
		}
	}
	return out
}

// resolveLibs follows data.lib imports transitively.
func (c *Catalog) resolveLibs(mod *ast.Module, file string) ([]*Lib, error) {
	seen := map[string]*Lib{}
	var visit func(pkgs []string) error
	visit = func(pkgs []string) error {
		for _, pkg := range pkgs {
			if _, ok := seen[pkg]; ok {
				continue
			}
			lib, ok := c.Libs[pkg]
			if !ok {
				return fmt.Errorf("%s: imports data.%s, which no file in lib/ declares", file, pkg)
			}
			seen[pkg] = lib
			if err := visit(lib.Imports); err != nil {
				return err
			}
		}
		return nil
	}
	if err := visit(libImports(mod)); err != nil {
		return nil, err
	}
	out := make([]*Lib, 0, len(seen))
	for _, l := range seen {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Package < out[j].Package })
	return out, nil
}

// checkParameterUse fails when the Rego reads input.parameters.X for an X
// the metadata does not declare: a typo there would silently read nothing.
func checkParameterUse(p *Policy) error {
	var err error
	ast.WalkRefs(p.Module, func(ref ast.Ref) bool {
		if err != nil || len(ref) < 3 || !ref[0].Equal(ast.InputRootDocument) {
			return false
		}
		if s, ok := ref[1].Value.(ast.String); !ok || s != "parameters" {
			return false
		}
		name, ok := ref[2].Value.(ast.String)
		if !ok {
			err = fmt.Errorf("%s:%d: input.parameters is read with a computed key; name each parameter", p.Dir+"/policy.rego", ref[2].Location.Row)
			return true
		}
		if _, declared := p.Parameters[string(name)]; !declared {
			err = fmt.Errorf("%s:%d: reads input.parameters.%s, which custom.parameters does not declare", p.Dir+"/policy.rego", ref[2].Location.Row, string(name))
		}
		return false
	})
	return err
}

// sharedRules reads custom.shared: names of complete rules of the module.
func sharedRules(mod *ast.Module, v any) ([]string, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("want a list of rule names, got %T", v)
	}
	var out []string
	for _, item := range list {
		name, _ := item.(string)
		found := false
		for _, r := range mod.Rules {
			if r.Head.Name.String() == name && len(r.Head.Args) == 0 {
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("%v names no rule of the policy", item)
		}
		out = append(out, name)
	}
	return out, nil
}
