// Package engine evaluates policies against documents: every policy is
// compiled once, every document is converted to a Rego value once, and
// documents are evaluated in parallel.
package engine

import (
	"context"
	"errors"

	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/constraints"
	"github.com/shipshape-dev/shipshape/internal/envelope"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/inventory"
)

// Finding is one violation of one constraint by one document.
type Finding struct {
	Policy     string         `json:"policy"`
	Constraint string         `json:"constraint"`
	Action     string         `json:"action"`
	Message    string         `json:"message"`
	Details    map[string]any `json:"details,omitempty"`
	File       string         `json:"file"`
	Line       int            `json:"line"`
	// FieldLine is the line of the field details.field names, when it is
	// found in the file; 0 otherwise.
	FieldLine int `json:"fieldLine,omitempty"`
	// Source is the template a rendered document came from (Helm's
	// "# Source:" comment), when known.
	Source     string `json:"source,omitempty"`
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Namespace  string `json:"namespace"`
	Name       string `json:"name"`
	// Origin says which chart or kustomization a rendered document came
	// from (File and the lines are then the template's or source file's),
	// with its value set and the values keys that set the field.
	Origin   *inputs.Origin `json:"origin,omitempty"`
	Exempted bool           `json:"exempted,omitempty"`
	Reason   string         `json:"exemptionReason,omitempty"`
	// Input is the kind of input the document is (inputs.Kind*) and
	// DocumentLine its first line: which object, and where, a finding is
	// about, whatever line it points at.
	Input        string `json:"-"`
	DocumentLine int    `json:"-"`
	// DocumentFile, when set, is the file DocumentLine is a line of, where
	// it is not File: a rendered object whose field was set by a patch is
	// reported at the patch, and is still one object in its source file.
	DocumentFile string `json:"-"`
	// ObjectHash is the hash of the object as Rego sees it: two documents
	// with the same one are the same object given twice.
	ObjectHash int `json:"-"`
}

// Options tune an engine.
type Options struct {
	Workers int           // parallel documents; 0 means one per CPU
	Timeout time.Duration // per policy on one document; 0 means none
	// Done, when set, is called after each document with its number of
	// findings, from the worker goroutines (it must be safe for that).
	Done func(findings int)
	// OnDemand compiles a policy when a document first needs it (one of
	// its constraints matches the document) instead of every policy in
	// New: compiling was over half of a cold start, and a run on one
	// Dockerfile or one Service needs a few policies of 76. A policy that
	// does not compile is then an error of the documents that need it.
	OnDemand bool
}

// Engine holds the compiled catalog.
type Engine struct {
	cat  *catalog.Catalog
	opts Options
	// mu guards compiled, which holds the compile of each policy, by
	// policy key, from when it starts: policies are compiled in parallel
	// chunks, each with the libraries its policies import.
	mu       sync.Mutex
	compiled map[string]*compiled
	// libs compiles every library on its own, for callers that evaluate
	// their own queries (Compiler).
	libs func() (*ast.Compiler, error)
	// readsInventory holds the policies that read data.inventory.
	readsInventory map[string]bool
}

// DisallowedBuiltins are refused when policies compile, each with the
// reason: a policy reads its input and nothing else (not the network, the
// files or the environment of the host it runs on), and gives the same
// answer every time, so reports are reproducible.
var DisallowedBuiltins = map[string]string{
	"http.send":          "it reaches the network",
	"net.lookup_ip_addr": "it reaches the network (DNS)",
	"opa.runtime":        "it reads the host's environment variables and configuration",
	// A schema's $ref may name file:// paths, read from the local disk, or
	// URLs fetched over the network.
	"json.match_schema":  "its schema references read local files and URLs",
	"json.verify_schema": "its schema references read local files and URLs",
	"trace":              "it writes outside the policy's findings",
	"rand.intn":          "its result differs between runs",
	"uuid.rfc4122":       "its result differs between runs",
}

// Capabilities are OPA's built-ins less the disallowed ones, with no
// network host allowed to anything that might still ask.
func Capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	kept := caps.Builtins[:0]
	for _, b := range caps.Builtins {
		if _, deny := DisallowedBuiltins[b.Name]; !deny {
			kept = append(kept, b)
		}
	}
	caps.Builtins = kept
	caps.AllowNet = []string{} // empty, not nil: nil allows every host
	return caps
}

// ExplainDisallowed is explainDisallowed for a compile error of another
// compiler under Capabilities (shipshape test's); other errors pass as they are.
func ExplainDisallowed(err error) error {
	var errs ast.Errors
	if errors.As(err, &errs) {
		explainDisallowed(errs)
	}
	return err
}

// explainDisallowed rewrites "undefined function http.send" into why
// the built-in is refused.
func explainDisallowed(errs ast.Errors) {
	for _, e := range errs {
		name, ok := strings.CutPrefix(e.Message, "undefined function ")
		if reason, denied := DisallowedBuiltins[name]; ok && denied {
			e.Message = fmt.Sprintf("built-in %s is not allowed in shipshape policies: %s; a policy reads only its input and parameters", name, reason)
		}
	}
}

// compiled is one chunk's compile: done is closed when compiler or err is set.
type compiled struct {
	done     chan struct{}
	compiler *ast.Compiler
	err      error
}

// New compiles every policy and library module of the catalog, or, with
// opts.OnDemand, none yet.
func New(cat *catalog.Catalog, opts Options) (*Engine, error) {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	e := &Engine{cat: cat, opts: opts, compiled: map[string]*compiled{}, readsInventory: inventoryReaders(cat)}
	if !opts.OnDemand {
		if err := e.ensure(cat.Policies); err != nil {
			return nil, err
		}
	}
	var libs []*catalog.Lib
	for _, l := range cat.Libs {
		libs = append(libs, l)
	}
	e.libs = sync.OnceValues(func() (*ast.Compiler, error) { return compile(nil, libs, false) })
	return e, nil
}

// ensure compiles the policies of ps not compiled or being compiled yet,
// in chunks on every core, and waits for all of ps.
func (e *Engine) ensure(ps []*catalog.Policy) error {
	e.mu.Lock()
	var missing []*catalog.Policy
	waits := make([]*compiled, 0, len(ps))
	for _, p := range ps {
		if c, ok := e.compiled[p.Key()]; ok {
			waits = append(waits, c)
		} else if !slices.Contains(missing, p) {
			missing = append(missing, p)
		}
	}
	var chunks [][]*catalog.Policy
	var started []*compiled
	if len(missing) > 0 {
		chunks = chunk(missing, runtime.GOMAXPROCS(0))
	}
	for _, group := range chunks {
		c := &compiled{done: make(chan struct{})}
		for _, p := range group {
			e.compiled[p.Key()] = c
		}
		started = append(started, c)
		waits = append(waits, c)
	}
	e.mu.Unlock()
	for i, group := range chunks {
		go func() {
			c := started[i]
			c.compiler, c.err = compile(group, nil, e.cat.Vetted)
			close(c.done)
		}()
	}
	var errs []error
	seen := map[*compiled]bool{}
	for _, c := range waits {
		<-c.done
		if c.err != nil && !seen[c] {
			seen[c] = true
			errs = append(errs, c.err)
		}
	}
	return errors.Join(errs...)
}

// compilerOf is the compiler that holds policy p, compiled if need be.
func (e *Engine) compilerOf(p *catalog.Policy) (*ast.Compiler, error) {
	if err := e.ensure([]*catalog.Policy{p}); err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.compiled[p.Key()].compiler, nil
}

// chunk splits the policies into at most n groups of about the same
// amount of Rego, in catalog order within each, the same for the same
// catalog: each group is compiled on its own core.
func chunk(policies []*catalog.Policy, n int) [][]*catalog.Policy {
	n = max(1, min(n, len(policies)))
	bySize := slices.Clone(policies)
	sort.SliceStable(bySize, func(i, j int) bool { return len(bySize[i].Source) > len(bySize[j].Source) })
	load := make([]int, n)
	group := map[*catalog.Policy]int{}
	for _, p := range bySize {
		least := 0
		for g := range load {
			if load[g] < load[least] {
				least = g
			}
		}
		group[p] = least
		load[least] += len(p.Source)
	}
	out := make([][]*catalog.Policy, n)
	for _, p := range policies {
		out[group[p]] = append(out[group[p]], p)
	}
	return out
}

// skippedWhenVetted are the stages of OPA's compiler that only check
// modules, with the dependency graph and the type environment that only
// checks read (evaluation reads the types of functions only where a
// `with` replaces one, which no policy does). A vetted catalog skips them:
// they were two fifths of compiling it, and TestVettedCompileIsTheSame
// holds the embedded catalog to passing every check and compiling to the
// same modules without them. (Skipping the rewrites of what no policy uses
// too, print and template strings among them, saved 3% more: not kept.)
var skippedWhenVetted = []ast.StageID{
	ast.StageCheckUnusedImports, ast.StageCheckKeywordOverrides, ast.StageCheckDuplicateImports,
	ast.StageCheckVoidCalls, ast.StageSetGraph, ast.StageCheckRuleConflicts, ast.StageCheckUndefinedFuncs,
	ast.StageCheckSafetyRuleHeads, ast.StageCheckRecursion, ast.StageCheckTypes, ast.StageCheckUnsafeBuiltins,
	ast.StageCheckDeprecatedBuiltins, ast.StageBuildRequiredCapabilities,
}

// compile compiles policies with the libraries they import, and libs;
// vetted skips skippedWhenVetted.
func compile(policies []*catalog.Policy, libs []*catalog.Lib, vetted bool) (*ast.Compiler, error) {
	modules := map[string]*ast.Module{}
	for _, l := range libs {
		modules[l.File] = l.Module
	}
	for _, p := range policies {
		for _, l := range p.Libs {
			modules[l.File] = l.Module
		}
		modules[p.Dir+"/policy.rego"] = p.Module
	}
	compiler := ast.NewCompiler().WithCapabilities(Capabilities())
	if vetted {
		compiler = compiler.WithSkipStages(skippedWhenVetted...)
	}
	compiler.Compile(modules)
	if compiler.Failed() {
		explainDisallowed(compiler.Errors)
		return nil, fmt.Errorf("compiling policies: %w", compiler.Errors)
	}
	return compiler, nil
}

// Compiler is every library compiled, for callers that evaluate their own
// queries on the libraries.
func (e *Engine) Compiler() (*ast.Compiler, error) { return e.libs() }

// Run is one evaluation: the inventory and the prepared queries.
type Run struct {
	merged []any // every kubeconfig of the run, in order, for input.review.merged
	// mergedValue is merged as a Rego value, converted once per run, and
	// mergedAt each kubeconfig's place in it, by file and line.
	mergedValue *ast.Term
	mergedAt    map[mergedKey]int
	// shared holds the values of the rules a policy declares the same for
	// every document of the merge (custom.shared), computed once per run.
	shared  *sharedValues
	engine  *Engine
	inv     *inventory.Inventory
	queries map[string]*policyQueries
	cons    map[string][]*preparedConstraint
}

// policyQueries are a policy's two sets. violation is what Gatekeeper
// reads: every policy defines it as exemptions.enforce(input.review.object,
// <id>, findings) (gotest's completeness test holds every policy to that
// line), which is findings itself for an object with no annotation naming
// a shipshape exemption. So objects without one are judged on findings, a
// fifth cheaper, and violation, prepared when an annotated object first
// needs it, judges the others.
type policyQueries struct {
	// findings is prepared when a document first needs it (with the
	// engine's OnDemand, the policy is compiled then); prepared tells
	// that it was.
	findings  func() (rego.PreparedEvalQuery, error)
	prepared  atomic.Bool
	violation func() (rego.PreparedEvalQuery, error)
	// enforced is true when the policy's violation is that one rule
	// (enforcedFindings, told when findings is prepared: parsing the rule
	// to compare for every policy was a twentieth of a cold start).
	enforced bool
}

// enforcedFindings tells whether a policy's only violation rule is
// exactly exemptions.enforce(input.review.object, <its id>, findings).
func enforcedFindings(p *catalog.Policy) bool {
	want, err := ast.ParseRuleWithOpts(fmt.Sprintf("violation contains v if some v in exemptions.enforce(input.review.object, %q, findings)", p.ID), ast.ParserOptions{RegoVersion: ast.RegoV1})
	if err != nil {
		return false
	}
	imported := false
	for _, imp := range p.Module.Imports {
		imported = imported || (imp.Path.String() == "data.lib.exemptions" && imp.Alias == "")
	}
	var rules []*ast.Rule
	for _, r := range p.Module.Rules {
		if r.Head.Ref().Equal(want.Head.Ref()) {
			rules = append(rules, r)
		}
	}
	return imported && len(rules) == 1 && rules[0].Head.Key.Equal(want.Head.Key) && rules[0].Body.Equal(want.Body) && rules[0].Else == nil
}

type preparedConstraint struct {
	c      *constraints.Constraint
	params ast.Value
}

// Prepare readies the queries of every policy that has constraints, with
// inv as data.inventory.
func (e *Engine) Prepare(ctx context.Context, cons []*constraints.Constraint, inv *inventory.Inventory) (*Run, error) {
	if inv == nil {
		inv = inventory.Build(nil)
	}
	store := inmem.NewFromObjectWithOpts(map[string]any{"inventory": inv.Data}, inmem.OptRoundTripOnWrite(false))
	r := &Run{engine: e, inv: inv, queries: map[string]*policyQueries{}, cons: map[string][]*preparedConstraint{}}
	for _, c := range cons {
		params, err := ast.InterfaceToValue(c.Parameters)
		if err != nil {
			return nil, fmt.Errorf("constraint %s: %w", c.Name, err)
		}
		id := c.Policy.Key()
		r.cons[id] = append(r.cons[id], &preparedConstraint{c: c, params: params})
		if _, ok := r.queries[id]; ok {
			continue
		}
		policy, pkg := c.Policy, "data."+c.Policy.Package
		pq := &policyQueries{}
		query := func(rule string) func() (rego.PreparedEvalQuery, error) {
			return sync.OnceValues(func() (rego.PreparedEvalQuery, error) {
				compiler, err := e.compilerOf(policy)
				if err != nil {
					return rego.PreparedEvalQuery{}, err
				}
				q, err := prepare(context.WithoutCancel(ctx), compiler, store, pkg+"."+rule)
				if err != nil {
					return q, fmt.Errorf("%s: %w", id, err)
				}
				return q, nil
			})
		}
		findings := query("findings")
		pq.violation = query("violation")
		pq.findings = sync.OnceValues(func() (rego.PreparedEvalQuery, error) {
			q, err := findings()
			if err == nil {
				pq.enforced = enforcedFindings(policy)
				pq.prepared.Store(true)
			}
			return q, err
		})
		if !e.opts.OnDemand {
			if _, err := pq.findings(); err != nil {
				return nil, err
			}
		}
		r.queries[id] = pq
	}
	return r, nil
}

func prepare(ctx context.Context, compiler *ast.Compiler, store storage.Store, query string) (rego.PreparedEvalQuery, error) {
	return rego.New(
		rego.Query(query),
		rego.Compiler(compiler),
		rego.Store(store),
	).PrepareForEval(ctx)
}

// Evaluate checks every document against every constraint that matches it.
// Findings come back sorted by file, line, policy and message, whatever
// the number of workers. Documents that fail evaluation become errors.
func (r *Run) Evaluate(ctx context.Context, docs []inputs.Document) ([]Finding, []inputs.Error) {
	if err := r.setMerged(docs); err != nil {
		errs := make([]inputs.Error, 0, len(docs))
		for _, d := range docs {
			errs = append(errs, inputs.Error{File: d.File, Line: d.Line, Message: err.Error()})
		}
		return nil, errs
	}
	results := make([][]Finding, len(docs))
	errs := make([][]inputs.Error, len(docs))
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < r.engine.opts.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				f, derrs := r.document(ctx, docs[i])
				results[i] = f
				if r.engine.opts.Done != nil {
					r.engine.opts.Done(len(f))
				}
				for _, err := range derrs {
					errs[i] = append(errs[i], inputs.Error{File: docs[i].File, Line: docs[i].Line, Message: err.Error()})
				}
			}
		}()
	}
	for i := range docs {
		work <- i
	}
	close(work)
	wg.Wait()
	var all []Finding
	for _, f := range results {
		all = append(all, f...)
	}
	var allErrs []inputs.Error
	for _, e := range errs {
		allErrs = append(allErrs, e...)
	}
	SortFindings(all)
	return all, allErrs
}

// EvaluateSequential checks documents one after the other on the calling
// goroutine, for callers that parallelise over files themselves. The
// documents must hold no kubeconfig: those are judged against every other
// kubeconfig of the run, so they go through Evaluate all together.
// Findings come back sorted as Evaluate sorts them.
func (r *Run) EvaluateSequential(ctx context.Context, docs []inputs.Document) ([]Finding, []inputs.Error) {
	var all []Finding
	var errs []inputs.Error
	for _, d := range docs {
		f, derrs := r.document(ctx, d)
		if r.engine.opts.Done != nil {
			r.engine.opts.Done(len(f))
		}
		for _, err := range derrs {
			errs = append(errs, inputs.Error{File: d.File, Line: d.Line, Message: err.Error()})
		}
		all = append(all, f...)
	}
	SortFindings(all)
	return all, errs
}

// Streamable tells whether documents can be judged one file at a time,
// each dropped once judged: no constraint reads other objects, neither
// through data.inventory (a policy's sync, or a plan's workloads) nor
// through a namespaceSelector.
func (e *Engine) Streamable(cons []*constraints.Constraint) bool {
	for _, c := range cons {
		if len(c.Policy.Sync) > 0 || e.readsInventory[c.Policy.Key()] || c.UsesNamespaceSelector() {
			return false
		}
	}
	return true
}

// InventoryReaders lists the check IDs of the policies that read
// data.inventory, sorted: skipping them lets a run stream its files.
func InventoryReaders(cat *catalog.Catalog) []string {
	var out []string
	readers := inventoryReaders(cat)
	for _, p := range cat.Policies {
		if readers[p.Key()] && !slices.Contains(out, p.ID) {
			out = append(out, p.ID)
		}
	}
	slices.Sort(out)
	return out
}

// inventoryReaders lists the policies whose Rego refers to data.inventory,
// themselves or through a library package that does.
func inventoryReaders(cat *catalog.Catalog) map[string]bool {
	// Refs compared term by term: their strings, made for every ref and
	// package, were a twentieth of a cold start.
	refersTo := func(m *ast.Module, pkgs []ast.Ref) bool {
		found := false
		ast.WalkRefs(m, func(r ast.Ref) bool {
			if found || len(r) < 2 || !r[0].Equal(ast.DefaultRootDocument) {
				return found
			}
			for _, pkg := range pkgs {
				found = found || r.HasPrefix(pkg)
			}
			return found
		})
		return found
	}
	readers := []ast.Ref{ast.DefaultRootRef.Append(ast.StringTerm("inventory"))}
	reads := map[string]bool{} // library packages that do
	for grew := true; grew; {
		grew = false
		for _, l := range cat.Libs {
			if !reads[l.Package] && refersTo(l.Module, readers) {
				reads[l.Package], grew = true, true
				readers = append(readers, l.Module.Package.Path)
			}
		}
	}
	out := map[string]bool{}
	for _, p := range cat.Policies {
		out[p.Key()] = refersTo(p.Module, readers)
	}
	return out
}

// Field is the dotted path the finding's details name, or "".
func (f *Finding) Field() string {
	s, _ := f.Details["field"].(string)
	return s
}

// Location is the most precise line known: the field's, else the document's.
func (f *Finding) Location() int {
	if f.FieldLine > 0 {
		return f.FieldLine
	}
	return f.Line
}

// Uncovered returns the documents no constraint of the run applies to: a
// kind no policy checks (a custom resource, a ConfigMap) or one every
// matching constraint excludes. They are not errors; reports note them so
// a clean result is not mistaken for a checked one.
func (r *Run) Uncovered(docs []inputs.Document) []inputs.Document {
	var out []inputs.Document
	for _, d := range docs {
		if !r.covered(d) {
			out = append(out, d)
		}
	}
	return out
}

func (r *Run) covered(d inputs.Document) bool {
	meta, _ := d.Object["metadata"].(map[string]any)
	nsName, _ := meta["namespace"].(string)
	for _, p := range r.engine.cat.Policies {
		if p.Input != d.Input {
			continue
		}
		for _, pc := range r.cons[p.Key()] {
			if d.Input != inputs.KindKubernetes {
				return true
			}
			if ok, err := pc.c.Matches(d.Object, r.inv.Namespace(nsName)); ok || err != nil {
				return true // a match error is reported by Evaluate
			}
		}
	}
	return false
}

// SortFindings orders findings by file, line, policy, constraint and message.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Policy != b.Policy {
			return a.Policy < b.Policy
		}
		if a.Constraint != b.Constraint {
			return a.Constraint < b.Constraint
		}
		return a.Message < b.Message
	})
}

// document evaluates one document against every policy for its input kind.
// The time limit (Options.Timeout) applies to each policy's evaluation on
// its own: a slow policy is stopped and reported (an error, which fails
// the run: a stopped policy may have hidden a finding) and the other
// policies' findings are kept, so what a run finds does not depend on
// machine load beyond the slow policy. Other errors stop the document.
func (r *Run) document(ctx context.Context, d inputs.Document) ([]Finding, []error) {
	obj := d.Object
	meta, _ := obj["metadata"].(map[string]any)
	nsName, _ := meta["namespace"].(string)
	var nsObj map[string]any
	if d.Input == inputs.KindKubernetes && nsName != "" {
		if ns := r.inv.Namespace(nsName); ns != nil {
			nsObj = namespaceObject(r.inv, nsName)
		}
	}
	rv := envelope.Review(obj, nsObj)
	if d.Input == inputs.KindKubeconfig {
		rv["mergedIndex"] = int64(r.mergedIndex(d))
	}
	if d.NamespaceAssumed {
		// Offline only: the object names no namespace and the run was not
		// told the target, so its namespace is a guess. In the cluster the
		// API server always knows it.
		rv["namespaceAssumed"] = true
	}
	review, err := ast.InterfaceToValue(rv)
	if err != nil {
		return nil, []error{err}
	}
	var slow []error
	if d.Input == inputs.KindKubeconfig && r.mergedValue != nil {
		// Converted once per run: every kubeconfig's envelope holds the
		// whole merge, which converted per document is quadratic.
		review.(ast.Object).Insert(ast.StringTerm("merged"), r.mergedValue)
	}
	// The constraints that apply, first: their policies are compiled
	// together (OnDemand), the ones not compiled yet in one go.
	type judge struct {
		p     *catalog.Policy
		q     *policyQueries
		round int // the constraint's place among its policy's
		pc    *preparedConstraint
	}
	var judges []judge
	var compile []*catalog.Policy
	for _, p := range r.engine.cat.Policies {
		if p.Input != d.Input {
			continue
		}
		q, ok := r.queries[p.Key()]
		if !ok {
			continue
		}
		for round, pc := range r.cons[p.Key()] {
			if d.Input == inputs.KindKubernetes {
				matched, err := pc.c.Matches(obj, r.inv.Namespace(nsName))
				if err != nil {
					return nil, []error{fmt.Errorf("matching constraint %s: %w", pc.c.Name, err)}
				}
				if !matched {
					continue
				}
			}
			if !q.prepared.Load() && (len(compile) == 0 || compile[len(compile)-1] != p) {
				compile = append(compile, p)
			}
			judges = append(judges, judge{p, q, round, pc})
		}
	}
	if len(compile) > 0 {
		if err := r.engine.ensure(compile); err != nil {
			return nil, []error{err}
		}
	}
	// One virtual cache per round of constraints shares the results of
	// library functions (workload.containers, ...) between the policies
	// evaluated on this document: OPA caches rule and function results by
	// ref and arguments, and only a policy's own rules read its parameters,
	// so the k-th constraint of every policy can share the k-th cache.
	var caches []topdown.VirtualCache
	var out []Finding
	for _, j := range judges {
		p, q, round, pc := j.p, j.q, j.round, j.pc
		for len(caches) <= round {
			caches = append(caches, topdown.NewVirtualCache())
		}
		cache := caches[round]
		if d.Input == inputs.KindKubeconfig && r.shared != nil {
			cache = r.shared.over(cache)
		}
		pctx, cancel := ctx, context.CancelFunc(func() {})
		if r.engine.opts.Timeout > 0 {
			pctx, cancel = context.WithTimeout(ctx, r.engine.opts.Timeout)
		}
		fs, err := r.evaluate(pctx, q, review, pc, d, cache)
		timedOut := err != nil && errors.Is(pctx.Err(), context.DeadlineExceeded) && ctx.Err() == nil
		cancel()
		if timedOut {
			slow = append(slow, fmt.Errorf("%s on %s: evaluation stopped after the time limit of %s per policy (--timeout); the other policies' findings are kept",
				p.ID, objectName(obj), r.engine.opts.Timeout))
			caches[round] = topdown.NewVirtualCache() // nothing half-done is shared
			continue
		}
		if err != nil {
			return nil, []error{fmt.Errorf("%s: %w", p.ID, err)}
		}
		out = append(out, fs...)
	}
	return out, slow
}

// objectName names an object as kubectl would: Kind namespace/name.
func objectName(obj map[string]any) string {
	kind, _ := obj["kind"].(string)
	meta, _ := obj["metadata"].(map[string]any)
	name, _ := meta["name"].(string)
	if ns, _ := meta["namespace"].(string); ns != "" {
		name = ns + "/" + name
	}
	return strings.TrimSpace(kind + " " + name)
}

func namespaceObject(inv *inventory.Inventory, name string) map[string]any {
	byGV, _ := inv.Data["cluster"].(map[string]any)
	v1, _ := byGV["v1"].(map[string]any)
	nss, _ := v1["Namespace"].(map[string]any)
	obj, _ := nss[name].(map[string]any)
	return obj
}

func (r *Run) evaluate(ctx context.Context, q *policyQueries, review ast.Value, pc *preparedConstraint, d inputs.Document, cache topdown.VirtualCache) ([]Finding, error) {
	input := ast.NewObject(
		ast.Item(ast.StringTerm("review"), ast.NewTerm(review)),
		ast.Item(ast.StringTerm("parameters"), ast.NewTerm(pc.params)),
	)
	query, err := q.findings()
	if err != nil {
		return nil, err
	}
	if !q.enforced || exemptionAnnotated(d.Object) {
		if query, err = q.violation(); err != nil {
			return nil, err
		}
	}
	violations, err := results(ctx, query, input, cache)
	if err != nil {
		return nil, err
	}
	base := r.findingBase(pc.c, d)
	if obj := review.(ast.Object).Get(ast.StringTerm("object")); obj != nil {
		base.ObjectHash = obj.Hash()
	}
	out := make([]Finding, 0, len(violations))
	for _, v := range violations {
		f := base
		f.Message, f.Details = v.msg, v.details
		f.Action = capAction(f.Action, v.details)
		f.Line = findingLine(d, v.details)
		out = append(out, f)
	}
	// Exempted findings are kept, marked, so reviewers see what is waived.
	if reason, ok := exemptionReason(d.Object, pc.c.Policy.ID); ok && !lapsed(out) {
		reported := make(map[string]bool, len(out))
		for _, f := range out {
			reported[f.Message] = true
		}
		findings, _ := q.findings() // prepared above
		all, err := results(ctx, findings, input, cache)
		if err != nil {
			return nil, err
		}
		for _, v := range all {
			if reported[v.msg] {
				continue
			}
			f := base
			f.Message, f.Details = v.msg, v.details
			f.Action = capAction(f.Action, v.details)
			f.Line = findingLine(d, v.details)
			f.Exempted, f.Reason = true, reason
			out = append(out, f)
		}
	}
	return out, nil
}

// capAction lowers a finding's action to details.severity when that is less
// severe. A Gatekeeper constraint has one enforcement action for all its
// violations; a policy marks the findings that should not block (such as a
// referenced object not found in the inventory) with details.severity, which
// Gatekeeper ignores and the offline CLI honours.
func capAction(action string, details map[string]any) string {
	sev, _ := details["severity"].(string)
	if rank, ok := actionRank[sev]; ok && rank < actionRank[action] {
		return sev
	}
	return action
}

var actionRank = map[string]int{"dryrun": 1, "warn": 2, "deny": 3}

func (r *Run) findingBase(c *constraints.Constraint, d inputs.Document) Finding {
	meta, _ := d.Object["metadata"].(map[string]any)
	f := Finding{Policy: c.Policy.ID, Constraint: c.Name, Action: c.Action(), File: d.File, Line: d.Line, Source: d.Source, Input: d.Input, DocumentLine: d.Line, Origin: d.Origin}
	f.APIVersion, _ = d.Object["apiVersion"].(string)
	f.Kind, _ = d.Object["kind"].(string)
	f.Namespace, _ = meta["namespace"].(string)
	f.Name, _ = meta["name"].(string)
	return f
}

// findingLine is the line a finding points at: details.line where the
// policy gives one (a Dockerfile instruction), else the line of
// details.field where the document indexed its fields, else the
// document's first line.
func findingLine(d inputs.Document, details map[string]any) int {
	switch l := details["line"].(type) {
	case json.Number:
		if n, err := l.Int64(); err == nil && n > 0 {
			return int(n)
		}
	case float64:
		if l > 0 {
			return int(l)
		}
	case int64:
		if l > 0 {
			return int(l)
		}
	}
	if field, ok := details["field"].(string); ok {
		if l := d.FieldLine(field); l > 0 {
			return l
		}
	}
	return d.Line
}

func (r *Run) mergedIndex(d inputs.Document) int {
	if i, ok := r.mergedAt[mergedKey{d.File, d.Line}]; ok {
		return i
	}
	return -1
}

type mergedKey struct {
	file string
	line int
}

// setMerged records the kubeconfigs among docs as the run's merge.
func (r *Run) setMerged(docs []inputs.Document) error {
	r.merged = mergedKubeconfigs(docs)
	r.mergedValue, r.mergedAt, r.shared = nil, nil, nil
	if len(r.merged) == 0 {
		return nil
	}
	v, err := ast.InterfaceToValue(r.merged)
	if err != nil {
		return err
	}
	r.mergedValue = ast.NewTerm(v)
	r.mergedAt = make(map[mergedKey]int, len(r.merged))
	for i, m := range r.merged {
		e := m.(map[string]any)
		file, _ := e["file"].(string)
		line, _ := e["line"].(int64)
		if _, seen := r.mergedAt[mergedKey{file, int(line)}]; !seen {
			r.mergedAt[mergedKey{file, int(line)}] = i
		}
	}
	r.shared = newSharedValues(r.engine.cat)
	return nil
}

// mergedKubeconfigs lists every kubeconfig of a run in the order given, as
// KUBECONFIG=a:b:c merges them: policies judge one file against the others
// through input.review.merged (input.review.mergedIndex is the document's
// own place there), so the envelope stays Gatekeeper's with two fields more.
func mergedKubeconfigs(docs []inputs.Document) []any {
	out := []any{}
	for _, d := range docs {
		if d.Input == inputs.KindKubeconfig {
			out = append(out, map[string]any{"file": d.File, "line": int64(d.Line), "object": d.Object})
		}
	}
	return out
}

// exemptionAnnotated tells whether any annotation of obj starts with a
// shipshape exemption prefix (exempt. or exempt-until.), whatever its
// check or value: only then can violation differ from findings.
func exemptionAnnotated(obj map[string]any) bool {
	meta, _ := obj["metadata"].(map[string]any)
	ann, _ := meta["annotations"].(map[string]any)
	for k := range ann {
		if strings.HasPrefix(k, catalog.ExemptPrefix) || strings.HasPrefix(k, catalog.ExemptUntilPrefix) {
			return true
		}
	}
	return false
}

// exemptionReason reads the exemption annotation the Rego library honours;
// whether it is still active is decided there, by comparing the sets.
func exemptionReason(obj map[string]any, id string) (string, bool) {
	meta, _ := obj["metadata"].(map[string]any)
	ann, _ := meta["annotations"].(map[string]any)
	reason, ok := ann[catalog.ExemptPrefix+id].(string)
	return strings.TrimSpace(reason), ok && strings.TrimSpace(reason) != ""
}

// lapsed tells whether the findings carry the note of an expired
// exemption (details.exemptionExpired): then none of them is exempted.
func lapsed(out []Finding) bool {
	for _, f := range out {
		if _, ok := f.Details["exemptionExpired"]; ok {
			return true
		}
	}
	return false
}

type violation struct {
	msg     string
	details map[string]any
}

func results(ctx context.Context, q rego.PreparedEvalQuery, input ast.Value, cache topdown.VirtualCache) ([]violation, error) {
	rs, err := q.Eval(ctx, rego.EvalParsedInput(input), rego.EvalVirtualCache(cache))
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 || len(rs[0].Expressions) == 0 {
		return nil, nil
	}
	set, _ := rs[0].Expressions[0].Value.([]any)
	out := make([]violation, 0, len(set))
	for _, item := range set {
		m, _ := item.(map[string]any)
		msg, _ := m["msg"].(string)
		details, _ := m["details"].(map[string]any)
		out = append(out, violation{msg: msg, details: internDetails(details)})
	}
	return out, nil
}

// fieldOnly holds one shared details map per field path: most findings'
// details are {"field": path}, and the same few hundred paths recur in
// every document, so sharing them keeps a large run's findings small.
// Details maps are never written once made.
var fieldOnly sync.Map

func internDetails(d map[string]any) map[string]any {
	if len(d) != 1 {
		return d
	}
	field, ok := d["field"].(string)
	if !ok {
		return d
	}
	if shared, ok := fieldOnly.Load(field); ok {
		return shared.(map[string]any)
	}
	shared, _ := fieldOnly.LoadOrStore(field, d)
	return shared.(map[string]any)
}
