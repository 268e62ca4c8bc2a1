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
	Namespace   string   // for namespaced objects that name none; "" when not told (see inputs.DefaultNamespace)
	// PerObject keeps the findings of the policies that state a fact of the
	// namespace on each object, as Gatekeeper reports them, instead of once
	// per namespace.
	PerObject bool
	Policies  []string // only these check IDs (all when empty)
	Skip      []string // not these check IDs
	Workers   int
	Timeout   time.Duration
	Limits    inputs.Options
	// Parameters override constraint parameters by check ID (the capacity
	// report's --redundancy).
	Parameters map[string]map[string]any
	// EnforcementAction, when set, replaces every constraint's action.
	EnforcementAction string
	// Progress, when set, is told how far the run is, from any goroutine.
	Progress func(Progress)
	// Documents, when set, is read instead of Paths and Stdin (Feed).
	Documents Feed
	// Emit, when set, receives the findings instead of the report: in
	// batches, on the goroutine that called Run, in exactly the order the
	// report would list them, each batch as soon as it is final. The
	// report then holds no findings, but its summary counts them. An
	// error from Emit ends the run and Run returns it.
	Emit func(batch []engine.Finding) error
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
// as soon as it is parsed and its documents are dropped; with p.Emit set,
// its findings go out as soon as every file before it is done, so memory
// grows with neither the corpus nor the findings. Otherwise every document
// is read first, to build the inventory.
func Run(ctx context.Context, cat *catalog.Catalog, p Params) (*report.Report, error) {
	if p.Limits == (inputs.Options{}) {
		p.Limits = inputs.DefaultOptions
	}
	p.Limits = p.Limits.ForRun() // one alias budget for every file of the run
	if p.Progress == nil {
		p.Progress = func(Progress) {}
	}
	if p.Workers <= 0 {
		p.Workers = runtime.GOMAXPROCS(0)
	}
	var errs, cnotes []inputs.Error
	var user []*constraints.Constraint
	if len(p.Constraints) > 0 {
		// Constraints may come from standard input (-c -) when the
		// inputs do not: it is read once.
		if slices.Contains(p.Constraints, "-") && slices.Contains(p.Paths, "-") {
			return nil, fmt.Errorf("standard input (-) is given both as an input and as constraints (-c -); it can be read only once")
		}
		climits := p.Limits
		climits.Kind = "" // Constraints are YAML whatever --kind says
		cread := inputs.Read(p.Constraints, p.Stdin, climits)
		errs = append(errs, cread.Errors...)
		cnotes = cread.Notes
		cs, cerrs := constraints.Load(cread.Documents, cat)
		user = cs
		errs = append(errs, cerrs...)
	}
	// A scoped Constraint with no action at the admission webhook is not
	// enforced there; it replaces the default but judges nothing.
	resolved := slices.DeleteFunc(constraints.Resolve(cat, user), func(c *constraints.Constraint) bool { return len(c.Actions) == 0 })
	selected, err := selectPolicies(cat, resolved, p.Policies, p.Skip)
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
	eng, err := engine.New(cat, engine.Options{Workers: p.Workers, Timeout: p.Timeout, Done: done, OnDemand: true})
	if err != nil {
		return nil, err
	}

	// Findings leave through emit: to p.Emit when set, else into kept,
	// which becomes the report's.
	var (
		kept    []engine.Finding
		counted report.Summary
	)
	dups := newDuplicates()
	emit := func(batch []engine.Finding) error {
		batch = dups.drop(batch)
		if len(batch) == 0 {
			return nil
		}
		counted.Count(batch)
		if p.Emit == nil {
			kept = append(kept, batch...)
			return nil
		}
		return p.Emit(batch)
	}

	var (
		files, documents int
		uncovered        []inputs.Document
	)
	var (
		paths, skipped []string
		notes          []inputs.Error
	)
	if p.Documents == nil {
		paths, notes, skipped = inputs.ExpandRendered(p.Paths, p.Limits.Render)
		paths = dups.files(paths)
	}
	if p.Documents != nil {
		var moreErrs []inputs.Error
		documents, moreErrs, uncovered, err = fromFeed(ctx, cat, eng, selected, p, progress, emit)
		errs = append(errs, moreErrs...)
		if err != nil {
			return nil, err
		}
	} else if eng.Streamable(selected) {
		var moreErrs []inputs.Error
		var moreNotes []inputs.Error
		files, documents, moreErrs, moreNotes, uncovered, err = stream(ctx, cat, eng, selected, p, paths, progress, emit)
		errs = append(errs, moreErrs...)
		notes = append(notes, moreNotes...)
		if err != nil {
			return nil, err
		}
	} else {
		parts := make([]*fileResult, len(paths))
		if err := readFiles(paths, p, progress, nil, func(i int, part *fileResult) error {
			// Every document is kept until the end: without its YAML tree,
			// which is several times its size (field lines are found by
			// parsing the files that have findings again).
			for j := range part.read.Documents {
				part.read.Documents[j].Tree = nil
			}
			parts[i] = part
			return nil
		}); err != nil {
			return nil, err
		}
		var read inputs.Result
		for _, part := range parts {
			read.Files += part.read.Files
			read.Documents = append(read.Documents, part.read.Documents...)
			read.Errors = append(read.Errors, part.read.Errors...)
			read.Keep(&part.read)
		}
		errs = append(errs, read.Errors...)
		notes = append(notes, inputs.DocumentNotes(read.Documents)...)
		inputs.DefaultNamespace(read.Documents, p.Namespace)
		docs, planErrs := plan.Prepare(read.Documents)
		errs = append(errs, planErrs...)
		run, err := eng.Prepare(ctx, selected, inventory.Build(read.Documents))
		if err != nil {
			return nil, err
		}
		findings, evalErrs := run.Evaluate(ctx, docs)
		errs = append(errs, evalErrs...)
		if m := mistakes(cat, p, read.Documents); len(m) > 0 {
			findings = append(findings, m...)
			engine.SortFindings(findings)
		}
		if !p.PerObject {
			findings = perNamespace(cat, findings, read.Documents)
		}
		position.Resolve(findings, read.Content)
		position.Remap(findings)
		files, documents = read.Files, len(read.Documents)
		uncovered = position.RemapDocuments(run.Uncovered(read.Documents))
		sortWithinFiles(findings)
		if err := emit(findings); err != nil {
			return nil, err
		}
	}
	rep := report.New(kept, errs, files, documents)
	rep.Summary.Deny, rep.Summary.Warn = counted.Deny, counted.Warn
	rep.Summary.Dryrun, rep.Summary.Exempted = counted.Dryrun, counted.Exempted
	for _, c := range selected {
		if !slices.Contains(rep.Policies, c.Policy.ID) {
			rep.Policies = append(rep.Policies, c.Policy.ID)
		}
	}
	slices.Sort(rep.Policies)

	rep.SetNotCovered(uncovered)
	rep.Notes = append(cnotes, notes...)
	if rep.Notes == nil {
		rep.Notes = []inputs.Error{}
	}
	rep.Skipped = skipped
	rep.Duplicates = dups.report()
	return rep, nil
}

// mistakes are the exemption annotations of docs that exempt nothing
// (exemptions.go), with the run's --enforcement-action when one is given.
func mistakes(cat *catalog.Catalog, p Params, docs []inputs.Document) []engine.Finding {
	out := exemptionMistakes(cat, docs)
	if p.EnforcementAction != "" {
		for i := range out {
			out[i].Action = p.EnforcementAction
		}
	}
	return out
}

// sortWithinFiles puts findings sorted by engine.SortFindings in report
// order: within a file, by the value set a chart was rendered with, then
// by the line they point at.
func sortWithinFiles(findings []engine.Finding) {
	sort.SliceStable(findings, func(i, j int) bool {
		a, b := &findings[i], &findings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if sa, sb := valueSet(a), valueSet(b); sa != sb {
			return sa < sb
		}
		return a.Location() < b.Location()
	})
}

func valueSet(f *engine.Finding) string {
	if f.Origin == nil {
		return ""
	}
	return f.Origin.Set
}

// fileName is the File that documents read from an input carry.
func fileName(path string) string {
	if path == "-" {
		return inputs.Stdin
	}
	return path
}

// stream judges each file as soon as it is parsed and hands its findings
// to emit in report order: files sorted by the name their findings carry
// (which is not the order a folder walk lists them in: "a/b.yaml" sorts
// before "a/b/c.yaml"), each file once every file before it is done. A
// file holding a kubeconfig waits for the final pass that judges every
// kubeconfig against the others, and so do the files after it. Errors and
// not-covered documents come back in the order of the inputs, as a run
// that kept everything would list them.
func stream(ctx context.Context, cat *catalog.Catalog, eng *engine.Engine, selected []*constraints.Constraint, p Params, expanded []string,
	progress func(func(*Progress)), emit func([]engine.Finding) error,
) (files, documents int, errs, notes []inputs.Error, uncovered []inputs.Document, err error) {
	run, err := eng.Prepare(ctx, selected, nil)
	if err != nil {
		return 0, 0, nil, nil, nil, err
	}
	order := make([]int, len(expanded)) // order[i]: the input the i-th file to emit is
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return fileName(expanded[order[a]]) < fileName(expanded[order[b]]) })
	paths := make([]string, len(order))
	for i, o := range order {
		paths[i] = expanded[o]
	}

	var (
		parts    = make([]*fileResult, len(paths)) // by position in paths, until emitted
		byInput  = make([]*fileResult, len(paths)) // by input, kept: errors, uncovered, kubeconfigs
		head     int                               // the next file to emit
		final    bool                              // kubeconfigs judged
		kubeconf = map[string][]engine.Finding{}   // their findings by file, after the final pass
		kept     inputs.Result                     // standard input and pipes, for field lines
	)
	// flush emits every file whose findings are final, in order, up to the
	// first that is not.
	flush := func() error {
		for head < len(paths) {
			name := fileName(paths[head])
			end := head
			for ; end < len(paths) && fileName(paths[end]) == name; end++ {
				if parts[end] == nil || (len(parts[end].later) > 0 && !final) {
					return nil
				}
			}
			// The same file may be given twice: its findings are merged
			// and sorted as one file's, as a run that kept everything does.
			var batch []engine.Finding
			if end-head == 1 && len(kubeconf[name]) == 0 {
				batch = parts[head].findings
			} else {
				for i := head; i < end; i++ {
					batch = append(batch, parts[i].findings...)
				}
				batch = append(batch, kubeconf[name]...)
				engine.SortFindings(batch)
			}
			sortWithinFiles(batch)
			for i := head; i < end; i++ {
				parts[i].findings, parts[i] = nil, nil
			}
			delete(kubeconf, name)
			head = end
			if err := emit(batch); err != nil {
				return err
			}
		}
		return nil
	}
	judge := func(r *fileResult) {
		// Every kubeconfig is judged against all the others, so those
		// wait for the end; everything else is judged now.
		inputs.DefaultNamespace(r.read.Documents, p.Namespace)
		docs, planErrs := plan.Prepare(r.read.Documents)
		r.errs = append(r.errs, planErrs...)
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
		if m := mistakes(cat, p, r.read.Documents); len(m) > 0 {
			f = append(f, m...)
			engine.SortFindings(f)
		}
		position.ResolveDocuments(f, r.read.Documents, r.read.Content)
		position.Remap(f)
		r.findings = f
		r.uncovered = strip(position.RemapDocuments(run.Uncovered(r.read.Documents)))
		r.notes = inputs.DocumentNotes(r.read.Documents)
		r.read.Documents = nil
	}
	err = readFiles(paths, p, progress, judge, func(i int, r *fileResult) error {
		files += r.read.Files
		documents += r.documents
		kept.Keep(&r.read)
		// What the report keeps of the file; its findings leave with flush.
		byInput[order[i]] = &fileResult{read: inputs.Result{Errors: r.read.Errors}, errs: r.errs, notes: r.notes, uncovered: r.uncovered, later: r.later}
		parts[i] = &fileResult{findings: r.findings, later: r.later}
		return flush()
	})
	if err != nil {
		return 0, 0, nil, nil, nil, err
	}
	var kubeconfigs []inputs.Document
	for _, part := range byInput {
		errs = append(errs, part.read.Errors...)
		errs = append(errs, part.errs...)
		notes = append(notes, part.notes...)
		uncovered = append(uncovered, part.uncovered...)
		kubeconfigs = append(kubeconfigs, part.later...)
	}
	if len(kubeconfigs) > 0 {
		f, evalErrs := run.Evaluate(ctx, kubeconfigs)
		errs = append(errs, evalErrs...)
		position.ResolveDocuments(f, kubeconfigs, kept.Content)
		for _, x := range f {
			kubeconf[x.File] = append(kubeconf[x.File], x)
		}
	}
	final = true
	if err := flush(); err != nil {
		return 0, 0, nil, nil, nil, err
	}
	return files, documents, errs, notes, uncovered, nil
}

// fileResult is what one input gave.
type fileResult struct {
	read      inputs.Result
	documents int
	errs      []inputs.Error
	notes     []inputs.Error // of the documents: kept when they are dropped
	findings  []engine.Finding
	uncovered []inputs.Document
	later     []inputs.Document // kubeconfigs, judged at the end
}

// readFiles reads and parses paths on p.Workers goroutines, handing them
// out in order, and calls judge (when set) on each file's result on the
// same goroutine. Each result then goes to take, on the calling goroutine,
// with its position in paths, in the order they finish. An error from
// take stops the reading: no further file is started, and it is returned.
func readFiles(paths []string, p Params, progress func(func(*Progress)), judge func(*fileResult), take func(int, *fileResult) error) error {
	type result struct {
		i int
		r *fileResult
	}
	next := make(chan int)
	stop := make(chan struct{})
	out := make(chan result, p.Workers)
	go func() {
		defer close(next)
		for i := range paths {
			select {
			case next <- i:
			case <-stop:
				return
			}
		}
	}()
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
				out <- result{i, r}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	var err error
	for res := range out {
		if err != nil {
			continue // drain what the workers had started
		}
		if err = take(res.i, res.r); err != nil {
			close(stop)
		}
	}
	return err
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
