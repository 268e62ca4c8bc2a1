// Package check is the offline evaluator's pipeline: files → documents →
// inventory → evaluation → findings → report.
package check

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/constraints"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/inventory"
	"github.com/shipshape-dev/shipshape/internal/plan"
	"github.com/shipshape-dev/shipshape/internal/position"
	"github.com/shipshape-dev/shipshape/internal/report"
)

// Params say what to check and how.
type Params struct {
	Paths       []string // files, folders, or "-" for Stdin
	Stdin       io.Reader
	Constraints []string // files or folders of Constraint YAML
	Namespace   string   // for namespaced objects that name none
	Policies    []string // only these check IDs (all when empty)
	Skip        []string // not these check IDs
	Workers     int
	Timeout     time.Duration
	Limits      inputs.Options
	// Parameters override constraint parameters by check ID (the capacity
	// report's --redundancy).
	Parameters map[string]map[string]any
	// EnforcementAction, when set, replaces every constraint's action.
	EnforcementAction string
	// Progress, when set, is told how far the run is, from any goroutine.
	Progress func(Progress)
}

// Progress is how far a run is.
type Progress struct {
	Files     int // files read so far
	Documents int // documents read
	Checked   int // documents evaluated
	Findings  int // findings so far
}

// Run checks the inputs against the catalog.
//
// Files are read and parsed in parallel. When no selected constraint reads
// other objects (no inventory, no namespaceSelector), each file is judged
// as soon as it is parsed and its documents are dropped, so memory grows
// with the findings, not with the corpus; otherwise every document is read
// first, to build the inventory.
func Run(ctx context.Context, cat *catalog.Catalog, p Params) (*report.Report, error) {
	if p.Limits == (inputs.Options{}) {
		p.Limits = inputs.DefaultOptions
	}
	if p.Namespace == "" {
		p.Namespace = "default"
	}
	if p.Progress == nil {
		p.Progress = func(Progress) {}
	}
	if p.Workers <= 0 {
		p.Workers = runtime.GOMAXPROCS(0)
	}
	var errs []inputs.Error
	var user []*constraints.Constraint
	if len(p.Constraints) > 0 {
		climits := p.Limits
		climits.Kind = "" // Constraints are YAML whatever --kind says
		cread := inputs.Read(p.Constraints, nil, climits)
		errs = append(errs, cread.Errors...)
		cs, cerrs := constraints.Load(cread.Documents, cat)
		user = cs
		errs = append(errs, cerrs...)
	}
	selected, err := selectPolicies(cat, constraints.Resolve(cat, user), p.Policies, p.Skip)
	if err != nil {
		return nil, err
	}
	selected = withParameters(selected, p.Parameters)
	if p.EnforcementAction != "" {
		for _, c := range selected {
			c.Actions = []string{p.EnforcementAction}
		}
	}

	var mu sync.Mutex
	var prog Progress
	progress := func(update func(*Progress)) {
		mu.Lock()
		update(&prog)
		cur := prog
		mu.Unlock()
		p.Progress(cur)
	}
	done := func(n int) {
		progress(func(pr *Progress) { pr.Checked++; pr.Findings += n })
	}
	eng, err := engine.New(cat, engine.Options{Workers: p.Workers, Timeout: p.Timeout, Done: done})
	if err != nil {
		return nil, err
	}

	var (
		files, documents int
		findings         []engine.Finding
		uncovered        []inputs.Document
		run              *engine.Run
	)
	if eng.Streamable(selected) {
		if run, err = eng.Prepare(ctx, selected, nil); err != nil {
			return nil, err
		}
		var kubeconfigs []inputs.Document
		var stdin []byte
		parts := readFiles(p, progress, func(r *fileResult) {
			// Every kubeconfig is judged against all the others, so those
			// wait for the end; everything else is judged now.
			docs, planErrs := plan.Prepare(r.read.Documents)
			r.errs = append(r.errs, planErrs...)
			inputs.DefaultNamespace(r.read.Documents, p.Namespace)
			var now []inputs.Document
			for _, d := range docs {
				if d.Input == inputs.KindKubeconfig {
					r.later = append(r.later, d)
				} else {
					now = append(now, d)
				}
			}
			f, evalErrs := run.EvaluateSequential(ctx, now)
			r.errs = append(r.errs, evalErrs...)
			position.Resolve(f, r.read.Content)
			r.findings = f
			r.uncovered = strip(run.Uncovered(r.read.Documents))
			r.read.Documents = nil
		})
		// One allocation of the right size: a large run's findings are
		// most of its memory.
		total := 0
		for _, part := range parts {
			total += len(part.findings)
		}
		findings = make([]engine.Finding, 0, total)
		for _, part := range parts {
			files += part.read.Files
			documents += part.documents
			errs = append(errs, part.read.Errors...)
			errs = append(errs, part.errs...)
			findings = append(findings, part.findings...)
			uncovered = append(uncovered, part.uncovered...)
			kubeconfigs = append(kubeconfigs, part.later...)
			if part.read.Stdin != nil {
				stdin = part.read.Stdin
			}
			*part = fileResult{}
		}
		if len(kubeconfigs) > 0 {
			f, evalErrs := run.Evaluate(ctx, kubeconfigs)
			errs = append(errs, evalErrs...)
			position.Resolve(f, (&inputs.Result{Stdin: stdin}).Content)
			findings = append(findings, f...)
		}
		engine.SortFindings(findings)
	} else {
		var read inputs.Result
		for _, part := range readFiles(p, progress, nil) {
			read.Files += part.read.Files
			read.Documents = append(read.Documents, part.read.Documents...)
			read.Errors = append(read.Errors, part.read.Errors...)
			if part.read.Stdin != nil {
				read.Stdin = part.read.Stdin
			}
		}
		errs = append(errs, read.Errors...)
		docs, planErrs := plan.Prepare(read.Documents)
		errs = append(errs, planErrs...)
		inputs.DefaultNamespace(read.Documents, p.Namespace)
		if run, err = eng.Prepare(ctx, selected, inventory.Build(read.Documents)); err != nil {
			return nil, err
		}
		var evalErrs []inputs.Error
		findings, evalErrs = run.Evaluate(ctx, docs)
		errs = append(errs, evalErrs...)
		position.Resolve(findings, read.Content)
		files, documents = read.Files, len(read.Documents)
		uncovered = run.Uncovered(read.Documents)
	}
	// Within a file, list findings by the line they point at.
	sort.SliceStable(findings, func(i, j int) bool {
		a, b := &findings[i], &findings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Location() < b.Location()
	})
	rep := report.New(findings, errs, files, documents)
	for _, c := range selected {
		if !slices.Contains(rep.Policies, c.Policy.ID) {
			rep.Policies = append(rep.Policies, c.Policy.ID)
		}
	}
	slices.Sort(rep.Policies)

	rep.SetNotCovered(uncovered)
	return rep, nil
}

// fileResult is what one input gave.
type fileResult struct {
	read      inputs.Result
	documents int
	errs      []inputs.Error
	findings  []engine.Finding
	uncovered []inputs.Document
	later     []inputs.Document // kubeconfigs, judged at the end
}

// readFiles reads and parses every input on p.Workers goroutines, then
// calls judge (when set) on each file's result on the same goroutine. The
// results come back in the order of the inputs, whatever the workers did.
func readFiles(p Params, progress func(func(*Progress)), judge func(*fileResult)) []*fileResult {
	paths := inputs.Expand(p.Paths)
	out := make([]*fileResult, len(paths))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(p.Workers, max(len(paths), 1)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r := &fileResult{read: inputs.Read([]string{paths[i]}, p.Stdin, p.Limits)}
				r.documents = len(r.read.Documents)
				progress(func(pr *Progress) { pr.Files += r.read.Files; pr.Documents += r.documents })
				if judge != nil {
					judge(r)
				}
				out[i] = r
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// strip keeps of each document what the report's not-covered list shows,
// so that the objects themselves can be dropped.
func strip(docs []inputs.Document) []inputs.Document {
	for i, d := range docs {
		meta, _ := d.Object["metadata"].(map[string]any)
		docs[i] = inputs.Document{File: d.File, Line: d.Line, Input: d.Input, Object: map[string]any{
			"apiVersion": d.Object["apiVersion"], "kind": d.Object["kind"],
			"metadata": map[string]any{"name": meta["name"]},
		}}
	}
	return docs
}

// selectPolicies keeps the constraints of the chosen policies.
func selectPolicies(cat *catalog.Catalog, cons []*constraints.Constraint, only, skip []string) ([]*constraints.Constraint, error) {
	for _, id := range append(append([]string{}, only...), skip...) {
		if cat.Policy(id) == nil {
			return nil, fmt.Errorf("unknown check ID %q (see `shipshape policies`)", id)
		}
	}
	keep := func(id string) bool {
		if slices.Contains(skip, id) {
			return false
		}
		return len(only) == 0 || slices.Contains(only, id)
	}
	var out []*constraints.Constraint
	for _, c := range cons {
		if keep(c.Policy.ID) {
			out = append(out, c)
		}
	}
	return out, nil
}

// withParameters returns copies of the constraints with the given
// parameters set, by check ID.
func withParameters(cons []*constraints.Constraint, params map[string]map[string]any) []*constraints.Constraint {
	if len(params) == 0 {
		return cons
	}
	out := make([]*constraints.Constraint, len(cons))
	for i, c := range cons {
		over, ok := params[c.Policy.ID]
		if !ok {
			out[i] = c
			continue
		}
		cp := *c
		cp.Parameters = map[string]any{}
		for k, v := range c.Parameters {
			cp.Parameters[k] = v
		}
		for k, v := range over {
			cp.Parameters[k] = v
		}
		out[i] = &cp
	}
	return out
}
