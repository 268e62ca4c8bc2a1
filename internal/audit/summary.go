package audit

import (
	"sort"

	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/report"
)

// Tally counts findings by namespace as they pass, for the summary: per
// namespace, the findings by action and, for the score, the worst action
// of each object. It keeps one entry per object that has a finding, not
// the findings.
type Tally struct {
	counts map[string]*report.NamespaceSummary
	worst  map[string]map[string]string // namespace -> object -> deny or warn
}

// NewTally starts an empty tally.
func NewTally() *Tally {
	return &Tally{counts: map[string]*report.NamespaceSummary{}, worst: map[string]map[string]string{}}
}

// FindingNamespace is the namespace a finding counts in: the object's, or
// its own name for a Namespace (findings that state a fact of a whole
// namespace are moved there); "" for other cluster-scoped objects and the
// cluster plan.
func FindingNamespace(f *engine.Finding) string {
	if f.Kind == "Namespace" && f.APIVersion == "v1" {
		return f.Name
	}
	return f.Namespace
}

// Add counts a batch of findings.
func (t *Tally) Add(batch []engine.Finding) {
	for i := range batch {
		f := &batch[i]
		ns := FindingNamespace(f)
		c := t.line(ns)
		switch {
		case f.Exempted:
			c.Exempted++
		case f.Action == "deny":
			c.Deny++
		case f.Action == "warn":
			c.Warn++
		case f.Action == "dryrun":
			c.Dryrun++
		}
		if f.Exempted || (f.Action != "deny" && f.Action != "warn") {
			continue
		}
		objs := t.worst[ns]
		if objs == nil {
			objs = map[string]string{}
			t.worst[ns] = objs
		}
		key := f.APIVersion + " " + ObjectFile(f.Kind, f.Namespace, f.Name)
		if objs[key] != "deny" {
			objs[key] = f.Action
		}
	}
}

func (t *Tally) line(ns string) *report.NamespaceSummary {
	c := t.counts[ns]
	if c == nil {
		c = &report.NamespaceSummary{Namespace: ns}
		t.counts[ns] = c
	}
	return c
}

// Summary is one line per namespace that had objects or findings, sorted
// by name (the cluster-scoped line first). objects are the objects judged
// by namespace: those read, less those no selected constraint applies to.
func (t *Tally) Summary(objects map[string]int) []report.NamespaceSummary {
	for ns := range objects {
		t.line(ns)
	}
	out := make([]report.NamespaceSummary, 0, len(t.counts))
	for ns, c := range t.counts {
		line := *c
		line.Objects = objects[ns]
		denied, warned := 0, 0
		for _, a := range t.worst[ns] {
			if a == "deny" {
				denied++
			} else {
				warned++
			}
		}
		line.Score = Score(line.Objects, denied, warned)
		out = append(out, line)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Namespace < out[j].Namespace })
	return out
}

// Score is a namespace's score out of 100: the share of its judged
// objects in good standing, where an object with a deny finding counts 0,
// one with warn findings (and no deny) counts one half, and any other
// (no finding, or only dryrun and exempted ones) counts 1. It is rounded
// down and never below 0; a namespace with no judged object scores 100.
//
//	score = floor(100 × (objects − denied − warned/2) / objects)
func Score(objects, denied, warned int) int {
	if objects <= 0 {
		return 100
	}
	s := 100 * (2*objects - 2*denied - warned) / (2 * objects)
	return max(s, 0)
}

// Judged is the objects read by namespace less those the report lists as
// not covered by any selected constraint.
func Judged(read map[string]int, notCovered []report.Uncovered) map[string]int {
	out := make(map[string]int, len(read))
	for ns, n := range read {
		out[ns] = n
	}
	for _, u := range notCovered {
		ns := NamespaceOfFile(u.File)
		if u.Kind == "Namespace" {
			ns = u.Name
		}
		if out[ns] > 0 {
			out[ns]--
		}
	}
	return out
}
