// Package report turns findings and input errors into the output formats.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

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
	Summary    Summary     `json:"summary"`
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
	sort.SliceStable(r.Errors, func(i, j int) bool {
		if r.Errors[i].File != r.Errors[j].File {
			return r.Errors[i].File < r.Errors[j].File
		}
		return r.Errors[i].Line < r.Errors[j].Line
	})
	for _, f := range r.Findings {
		switch {
		case f.Exempted:
			r.Summary.Exempted++
		case f.Action == "deny":
			r.Summary.Deny++
		case f.Action == "warn":
			r.Summary.Warn++
		case f.Action == "dryrun":
			r.Summary.Dryrun++
		}
	}
	return r
}

// Writer renders a report in one format.
type Writer interface {
	Write(w io.Writer, r *Report) error
}

var formats = map[string]func() Writer{
	"text": func() Writer { return textWriter{} },
	"json": func() Writer { return jsonWriter{} },
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
func ForFormat(name string) (Writer, error) {
	f, ok := formats[name]
	if !ok {
		return nil, fmt.Errorf("unknown output format %q (one of %s)", name, strings.Join(Formats(), ", "))
	}
	return f(), nil
}
