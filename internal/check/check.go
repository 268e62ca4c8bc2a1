// Package check is the offline evaluator's pipeline: files → documents →
// inventory → evaluation → findings → report.
package check

import (
	"context"
	"fmt"
	"io"
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
	// One path at a time, so progress can count files as they are read.
	var read inputs.Result
	for _, path := range p.Paths {
		r := inputs.Read([]string{path}, p.Stdin, p.Limits)
		read.Files += r.Files
		read.Documents = append(read.Documents, r.Documents...)
		read.Errors = append(read.Errors, r.Errors...)
		if r.Stdin != nil {
			read.Stdin = r.Stdin
		}
		p.Progress(Progress{Files: read.Files, Documents: len(read.Documents)})
	}
	errs := read.Errors
	docs, planErrs := plan.Prepare(read.Documents)
	errs = append(errs, planErrs...)

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

	inputs.DefaultNamespace(read.Documents, p.Namespace)
	inv := inventory.Build(read.Documents)

	var mu sync.Mutex
	prog := Progress{Files: read.Files, Documents: len(read.Documents)}
	done := func(n int) {
		mu.Lock()
		prog.Checked++
		prog.Findings += n
		cur := prog
		mu.Unlock()
		p.Progress(cur)
	}
	eng, err := engine.New(cat, engine.Options{Workers: p.Workers, Timeout: p.Timeout, Done: done})
	if err != nil {
		return nil, err
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
	run, err := eng.Prepare(ctx, selected, inv)
	if err != nil {
		return nil, err
	}
	findings, evalErrs := run.Evaluate(ctx, docs)
	errs = append(errs, evalErrs...)
	position.Resolve(findings, read.Content)
	// Within a file, list findings by the line they point at.
	sort.SliceStable(findings, func(i, j int) bool {
		a, b := &findings[i], &findings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Location() < b.Location()
	})
	rep := report.New(findings, errs, read.Files, len(read.Documents))
	for _, c := range selected {
		if !slices.Contains(rep.Policies, c.Policy.ID) {
			rep.Policies = append(rep.Policies, c.Policy.ID)
		}
	}
	slices.Sort(rep.Policies)

	rep.SetNotCovered(run.Uncovered(read.Documents))
	return rep, nil
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
