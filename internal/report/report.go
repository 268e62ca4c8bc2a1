// Package report turns findings and input errors into the output formats.
// Every format is one Writer in its own file; the catalog's metadata reaches
// the writers that need it (sarif, junit, markdown) through Options.
// NewStream prints a report while its findings still arrive (stream.go).
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
)

// Summary counts what a run saw. Exempted findings count only as exempted.
type Summary struct {
	Files     int `json:"files"`
	Documents int `json:"documents"`
	Deny      int `json:"deny"`
	Warn      int `json:"warn"`
	Dryrun    int `json:"dryrun"`
	Exempted  int `json:"exempted"`
	// NotCovered counts documents no policy applies to (e.g. unknown kinds).
	NotCovered int `json:"notCovered"`
}

// Report is the outcome of one check run.
type Report struct {
	Findings []engine.Finding `json:"findings"`
	Errors   []inputs.Error   `json:"errors"`
	// NotCovered lists the documents no policy applies to: not errors, but
	// nothing was checked in them.
	NotCovered []Uncovered `json:"notCovered"`
	// Notes are inputs left out on purpose (files of a folder that are
	// not regular files) and what the inputs say that kubectl drops
	// silently (a key written twice): reported, not failed.
	Notes   []inputs.Error `json:"notes"`
	Summary Summary        `json:"summary"`
	// Policies are the check IDs that ran, sorted.
	Policies []string `json:"policies,omitempty"`
	// Skipped are the dot-directories inside folder arguments that were
	// not read (name one as an argument to read it).
	Skipped []string `json:"skippedDirectories,omitempty"`
	// Duplicates are the files and objects the run was given more than
	// once: each was checked and reported once, at its first place.
	Duplicates []Duplicate `json:"duplicates,omitempty"`
	// Audit is set by shipshape audit (audit.go).
	Audit *Audit `json:"audit,omitempty"`
}

// Duplicate is a file or object given more than once.
type Duplicate struct {
	What   string   `json:"what"`   // "file a.yaml", "Deployment shop/web"
	Places []string `json:"places"` // file:line of each copy, the reported one first
	Times  int      `json:"times"`
}

// Note says what a duplicate is and where its findings are.
func (d Duplicate) Note() string {
	if len(d.Places) == 1 {
		return fmt.Sprintf("%s is given %d times; it is checked and reported once", d.What, d.Times)
	}
	return fmt.Sprintf("%s is given %d times (%s); its findings are reported once, at %s", d.What, d.Times, strings.Join(d.Places, ", "), d.Places[0])
}

// NothingChecked says why no document of the run was judged by any
// policy, or "" when some was: no input file at all (and which
// dot-directories were skipped), or only documents no policy applies to.
func (r *Report) NothingChecked() string {
	// Documents that make findings were checked, even when no policy
	// matches them one by one (a node dump feeds the plan checks).
	found := r.Summary.Deny + r.Summary.Warn + r.Summary.Dryrun + r.Summary.Exempted
	if r.Summary.Documents > r.Summary.NotCovered || found > 0 || len(r.Findings) > 0 {
		return ""
	}
	if r.Summary.Documents == 0 {
		why := "no YAML, JSON or Dockerfile was found in the inputs"
		if len(r.Skipped) > 0 {
			why += fmt.Sprintf("; %d dot-directories were skipped (%s): name one as an argument to check it", len(r.Skipped), strings.Join(r.Skipped, ", "))
		}
		return why
	}
	return fmt.Sprintf("no selected policy applies to any of the %d documents (kinds %s)", r.Summary.Documents, uncoveredKinds(r.NotCovered))
}

// Uncovered names a document no policy applies to.
type Uncovered struct {
	File       string `json:"file"`
	Line       int    `json:"line"`
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Name       string `json:"name"`
}

// SetNotCovered records the documents no policy applied to.
func (r *Report) SetNotCovered(docs []inputs.Document) {
	r.NotCovered = make([]Uncovered, 0, len(docs))
	for _, d := range docs {
		u := Uncovered{File: d.File, Line: d.Line}
		u.APIVersion, _ = d.Object["apiVersion"].(string)
		u.Kind, _ = d.Object["kind"].(string)
		meta, _ := d.Object["metadata"].(map[string]any)
		u.Name, _ = meta["name"].(string)
		r.NotCovered = append(r.NotCovered, u)
	}
	r.Summary.NotCovered = len(r.NotCovered)
}

// New builds a report and its summary.
func New(findings []engine.Finding, errs []inputs.Error, files, documents int) *Report {
	r := &Report{Findings: findings, Errors: errs, Summary: Summary{Files: files, Documents: documents}}
	if r.Findings == nil {
		r.Findings = []engine.Finding{}
	}
	if r.Errors == nil {
		r.Errors = []inputs.Error{}
	}
	r.NotCovered = []Uncovered{}
	r.Notes = []inputs.Error{}
	sort.SliceStable(r.Errors, func(i, j int) bool {
		if r.Errors[i].File != r.Errors[j].File {
			return r.Errors[i].File < r.Errors[j].File
		}
		return r.Errors[i].Line < r.Errors[j].Line
	})
	r.Summary.Count(r.Findings)
	return r
}

// Count adds findings to the deny, warn, dryrun and exempted counts.
func (s *Summary) Count(findings []engine.Finding) {
	for i := range findings {
		f := &findings[i]
		switch {
		case f.Exempted:
			s.Exempted++
		case f.Action == "deny":
			s.Deny++
		case f.Action == "warn":
			s.Warn++
		case f.Action == "dryrun":
			s.Dryrun++
		}
	}
}

// Fails tells whether a finding counts against the exit code when the
// actions in failOn do.
func Fails(f *engine.Finding, failOn []string) bool {
	if f.Exempted {
		return false
	}
	for _, a := range failOn {
		if a == f.Action {
			return true
		}
	}
	return false
}

// Rule is what the writers know of a check: its catalog metadata.
type Rule struct {
	ID          string
	Title       string
	Description string
	Section     string
	Action      string   // default enforcement action
	Inputs      []string // input kinds the check reads (kubernetes, dockerfile, ...)
}

// Rules takes the writers' view of a catalog: one rule per check ID, as
// findings name it. An ID that exists for several inputs (image-tag-pinned
// for objects and Dockerfiles) takes its title, section and action from the
// first variant in catalog order, the Kubernetes one (as catalog.Policy
// does), and its description says what each variant checks.
func Rules(cat *catalog.Catalog) map[string]Rule {
	out := make(map[string]Rule, len(cat.Policies))
	for _, p := range cat.Policies {
		if _, seen := out[p.ID]; seen {
			continue
		}
		r := Rule{ID: p.ID, Title: p.Title, Description: p.Description, Section: p.Section, Action: p.Action}
		for _, v := range cat.Variants(p.ID) {
			r.Inputs = append(r.Inputs, v.Input)
		}
		if vs := cat.Variants(p.ID); len(vs) > 1 {
			var parts []string
			for _, v := range vs {
				parts = append(parts, fmt.Sprintf("For %s input: %s. %s", v.Input, v.Title, v.Description))
			}
			r.Description = strings.Join(parts, "\n\n")
		}
		out[p.ID] = r
	}
	out[catalog.ExemptionAnnotationCheck] = Rule{
		ID:    catalog.ExemptionAnnotationCheck,
		Title: "Exemption annotations name a check",
		Description: "An exemption annotation that is not " + catalog.ExemptPrefix + "<check-id> or " +
			catalog.ExemptUntilPrefix + "<check-id> for a check of the catalog that judges Kubernetes objects exempts nothing " +
			"(a misspelt prefix or check ID, or an expiry without its reason). shipshape check reports it on the object, with the nearest check ID; " +
			"Gatekeeper, which does not know the catalog, does not.",
		Section: "-",
		Action:  "warn",
		Inputs:  []string{catalog.InputKubernetes},
	}
	return out
}

// ExemptHint says how to exempt one object from a check.
func ExemptHint(id string) string {
	if id == catalog.ExemptionAnnotationCheck {
		return "It cannot be exempted: correct the annotation's check ID, or remove the annotation."
	}
	return fmt.Sprintf("To exempt one object, annotate it with %s%s: \"<reason>\" (and optionally %s%s: \"YYYY-MM-DD\").", catalog.ExemptPrefix, id, catalog.ExemptUntilPrefix, id)
}

// Options are what a writer may need beyond the report.
type Options struct {
	Rules   map[string]Rule // by check ID; findings of unknown IDs still render
	Color   bool            // text: ANSI colours (the caller decides: a terminal and no NO_COLOR)
	FailOn  []string        // actions that fail the run (junit marks them failures); default deny
	Version string          // tool version for sarif
	// FullReport says where the whole report is (a CI run's address), for
	// the markdown note when the comment has to leave findings out.
	FullReport string
}

func (o Options) failOn() []string {
	if len(o.FailOn) == 0 {
		return []string{"deny"}
	}
	return o.FailOn
}

// Writer renders a report in one format.
type Writer interface {
	Write(w io.Writer, r *Report) error
}

var formats = map[string]func(Options) Writer{
	"text":     func(o Options) Writer { return textWriter{o} },
	"json":     func(o Options) Writer { return jsonWriter{} },
	"junit":    func(o Options) Writer { return junitWriter{o} },
	"sarif":    func(o Options) Writer { return sarifWriter{o} },
	"github":   func(o Options) Writer { return githubWriter{o} },
	"markdown": func(o Options) Writer { return markdownWriter{o} },
}

// Formats lists the format names, sorted.
func Formats() []string {
	out := make([]string, 0, len(formats))
	for k := range formats {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ForFormat returns the writer of a format name.
func ForFormat(name string, opts Options) (Writer, error) {
	f, ok := formats[name]
	if !ok {
		return nil, fmt.Errorf("unknown output format %q (one of %s)", name, strings.Join(Formats(), ", "))
	}
	return f(opts), nil
}

// object names a finding's object as kubectl would: Kind namespace/name.
func object(f *engine.Finding) string {
	name := f.Name
	if name == "" {
		name = "<unnamed>"
	}
	if f.Namespace != "" {
		name = f.Namespace + "/" + name
	}
	return f.Kind + " " + name
}

// location is where a finding points a code host (SARIF, GitHub
// annotations): its file and line, except for rendered Helm output piped
// in, which has no file in the repository; there it is the template the
// document came from (its "# Source:" comment), without a line, since the
// rendered line is not the template's.
func location(f *engine.Finding) (file string, line int) {
	if f.File == inputs.Stdin && f.Source != "" {
		return f.Source, 0
	}
	return f.File, f.Location()
}

// valuesNote names the Helm values keys that set a rendered finding's
// field: "[values: image.tag]", or "[values: service.port (same value)]"
// when the key was told by the field's value alone; "" when none.
func valuesNote(f *engine.Finding) string {
	if f.Origin == nil || len(f.Origin.Values) == 0 {
		return ""
	}
	s := "[values: " + strings.Join(f.Origin.Values, ", ")
	if f.Origin.ValuesBy == "value" {
		s += " (same value)"
	}
	return s + "]"
}

// renderedNote says where a rendered finding came from, for annotations:
// "helm chart shop, values prod [values: image.tag]"; "" for files.
func renderedNote(f *engine.Finding) string {
	if f.Origin == nil {
		return ""
	}
	s := f.Origin.Describe()
	if v := valuesNote(f); v != "" {
		s += " " + v
	}
	return s
}

// CheckCount is how many findings of one check a run has, by action.
type CheckCount struct {
	Policy                       string
	Deny, Warn, Dryrun, Exempted int
}

// countChecks adds findings to per-check counts, keyed by check ID.
func countChecks(counts map[string]*CheckCount, findings []engine.Finding) {
	for i := range findings {
		f := &findings[i]
		c := counts[f.Policy]
		if c == nil {
			c = &CheckCount{Policy: f.Policy}
			counts[f.Policy] = c
		}
		switch actionOf(f) {
		case "exempted":
			c.Exempted++
		case "deny":
			c.Deny++
		case "warn":
			c.Warn++
		case "dryrun":
			c.Dryrun++
		}
	}
}

// sortedCounts lists per-check counts most severe first: by deny, then
// warn, dryrun and exempted counts, then check ID.
func sortedCounts(counts map[string]*CheckCount) []CheckCount {
	out := make([]CheckCount, 0, len(counts))
	for _, c := range counts {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		for _, d := range [][2]int{{a.Deny, b.Deny}, {a.Warn, b.Warn}, {a.Dryrun, b.Dryrun}, {a.Exempted, b.Exempted}} {
			if d[0] != d[1] {
				return d[0] > d[1]
			}
		}
		return a.Policy < b.Policy
	})
	return out
}

// actionOf is the action a finding shows: exempted ones are "exempted".
func actionOf(f *engine.Finding) string {
	if f.Exempted {
		return "exempted"
	}
	return f.Action
}
