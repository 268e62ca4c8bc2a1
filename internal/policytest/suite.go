// Package policytest runs the policies' own tests: the Rego unit tests beside
// each policy, and each gator suite's cases through the embedded evaluator.
package policytest

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"

	"sigs.k8s.io/yaml"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/constraints"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/inventory"
	"github.com/shipshape-dev/shipshape/internal/plan"
)

// Suite is gator's Suite format (test.gatekeeper.sh/v1alpha1), read here so
// the binary need not carry gator.
type Suite struct {
	Path       string          `json:"-"`
	Policy     *catalog.Policy `json:"-"`
	APIVersion string          `json:"apiVersion"`
	Kind       string          `json:"kind"`
	Metadata   map[string]any  `json:"metadata"`
	Tests      []Test          `json:"tests"`
}

// Test is one template and constraint with its cases.
type Test struct {
	Name       string  `json:"name"`
	Template   string  `json:"template"`
	Constraint string  `json:"constraint"`
	Invalid    bool    `json:"invalid"`
	Cases      []*Case `json:"cases"`
}

// Case is one object under review, with the inventory beside it.
type Case struct {
	Name       string      `json:"name"`
	Object     string      `json:"object"`
	Inventory  []string    `json:"inventory"`
	Assertions []Assertion `json:"assertions"`
}

// Assertion counts the violations whose message matches Message.
type Assertion struct {
	Violations any     `json:"violations"` // a count, "yes" or "no"; "yes" when absent
	Message    *string `json:"message"`
}

// Suites reads every suite.yaml of the catalog's policies.
func Suites(fsys fs.FS, cat *catalog.Catalog) ([]*Suite, error) {
	var out []*Suite
	for _, p := range cat.Policies {
		file := p.Dir + "/suite.yaml"
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			continue // the completeness test reports policies without suites
		}
		s, err := ReadSuite(file, data)
		if err != nil {
			return nil, err
		}
		s.Policy = p
		out = append(out, s)
	}
	return out, nil
}

// ReadSuite parses one suite strictly: a key gator's format does not have
// (a misspelt assertion, a case field at the wrong level) is an error naming
// the file and the key, never silently ignored; and every case that expects
// violations asserts their message.
func ReadSuite(file string, data []byte) (*Suite, error) {
	s := &Suite{Path: file}
	if err := yaml.UnmarshalStrict(data, s, yaml.DisallowUnknownFields); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if s.Kind != "Suite" {
		return nil, fmt.Errorf("%s: kind is %q, want Suite", file, s.Kind)
	}
	for _, t := range s.Tests {
		for _, c := range t.Cases {
			if deniesWithoutMessage(c.Assertions) {
				return nil, fmt.Errorf("%s: test %s, case %s expects violations but asserts no message; add an assertion with message", file, t.Name, c.Name)
			}
		}
	}
	return s, nil
}

// deniesWithoutMessage holds when some assertion expects violations and
// none of them names a message.
func deniesWithoutMessage(as []Assertion) bool {
	denies := false
	for _, a := range as {
		if v := a.Violations; v == "no" || v == false || v == float64(0) {
			continue
		}
		if a.Message != nil {
			return false
		}
		denies = true
	}
	return denies
}

// Outcome is the result of one case, or of one invalid-constraint test.
type Outcome struct {
	Suite, Test, Case string
	Violations        []string // messages of non-exempted findings
	Err               error
}

// Name is suite/test/case.
func (o Outcome) Name() string { return o.Suite + " " + o.Test + "/" + o.Case }

// RunSuite runs one suite through the engine. Each case's object is
// evaluated against the test's constraint with the case's inventory.
func RunSuite(ctx context.Context, fsys fs.FS, cat *catalog.Catalog, eng *engine.Engine, s *Suite) []Outcome {
	dir := path.Dir(s.Path)
	var out []Outcome
	for _, t := range s.Tests {
		c, err := loadConstraint(fsys, cat, s.Policy, path.Join(dir, t.Constraint))
		if t.Invalid {
			o := Outcome{Suite: s.Path, Test: t.Name, Case: "(invalid constraint)"}
			if err == nil {
				o.Err = fmt.Errorf("constraint %s was accepted, but the test says it is invalid", t.Constraint)
			}
			out = append(out, o)
			continue
		}
		for _, tc := range t.Cases {
			o := Outcome{Suite: s.Path, Test: t.Name, Case: tc.Name}
			if err != nil {
				o.Err = err
			} else {
				o.Violations, o.Err = RunCase(ctx, fsys, eng, c, dir, tc)
				if o.Err == nil {
					o.Err = checkAssertions(tc.Assertions, o.Violations)
				}
			}
			out = append(out, o)
		}
	}
	return out
}

// loadConstraint reads a suite's Constraint for policy p: a Constraint kind
// names a check ID, which may exist for several input kinds.
func loadConstraint(fsys fs.FS, cat *catalog.Catalog, p *catalog.Policy, file string) (*constraints.Constraint, error) {
	docs, err := readDocs(fsys, file)
	if err != nil {
		return nil, err
	}
	if len(docs) != 1 {
		return nil, fmt.Errorf("%s: want one Constraint, found %d documents", file, len(docs))
	}
	cs, errs := constraints.Load(docs, cat)
	if len(errs) > 0 {
		return nil, errs[0]
	}
	for _, c := range cs {
		if c.Policy == p {
			return c, nil
		}
	}
	return nil, fmt.Errorf("%s: the Constraint is not of policy %s", file, p.Key())
}

func readDocs(fsys fs.FS, file string) ([]inputs.Document, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, err
	}
	docs, errs := inputs.Parse(file, data, inputs.DefaultOptions)
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return docs, nil
}

// RunCase evaluates one case and returns the messages of its violations
// (exempted findings excluded, as Gatekeeper would not report them). A
// case object is a Kubernetes object, a Dockerfile (by its file name), a
// cluster plan, or kubeconfigs: a file of several kubeconfig documents
// stands for KUBECONFIG=a:b:c.
func RunCase(ctx context.Context, fsys fs.FS, eng *engine.Engine, c *constraints.Constraint, dir string, tc *Case) ([]string, error) {
	objects, err := readDocs(fsys, path.Join(dir, tc.Object))
	if err != nil {
		return nil, err
	}
	if c.Policy.Input == catalog.InputPlan {
		var errs []inputs.Error
		objects, errs = plan.Prepare(objects)
		if len(errs) > 0 {
			return nil, errs[0]
		}
		if derived := plansOnly(objects); len(derived) > 0 && len(derived) < len(objects) {
			objects = derived // a node dump stands for the plan derived from it
		}
	}
	if len(objects) != 1 && !allKubeconfigs(objects) {
		return nil, fmt.Errorf("%s: want one object (or several kubeconfigs), found %d", tc.Object, len(objects))
	}
	var invDocs []inputs.Document
	for _, file := range tc.Inventory {
		docs, err := readDocs(fsys, path.Join(dir, file))
		if err != nil {
			return nil, err
		}
		invDocs = append(invDocs, docs...)
	}
	run, err := eng.Prepare(ctx, []*constraints.Constraint{c}, inventory.Build(invDocs))
	if err != nil {
		return nil, err
	}
	findings, evalErrs := run.Evaluate(ctx, objects)
	if len(evalErrs) > 0 {
		return nil, evalErrs[0]
	}
	var msgs []string
	for _, f := range findings {
		if !f.Exempted {
			msgs = append(msgs, f.Message)
		}
	}
	sort.Strings(msgs)
	return msgs, nil
}

func plansOnly(docs []inputs.Document) []inputs.Document {
	var out []inputs.Document
	for _, d := range docs {
		if d.Input == inputs.KindPlan {
			out = append(out, d)
		}
	}
	return out
}

func allKubeconfigs(docs []inputs.Document) bool {
	for _, d := range docs {
		if d.Input != inputs.KindKubeconfig {
			return false
		}
	}
	return len(docs) > 0
}

func checkAssertions(as []Assertion, msgs []string) error {
	if len(as) == 0 {
		return fmt.Errorf("case has no assertions")
	}
	for _, a := range as {
		re := regexp.MustCompile("")
		if a.Message != nil {
			var err error
			if re, err = regexp.Compile(*a.Message); err != nil {
				return fmt.Errorf("assertion message %q: %w", *a.Message, err)
			}
		}
		n := 0
		for _, m := range msgs {
			if re.MatchString(m) {
				n++
			}
		}
		want := a.Violations
		switch want {
		case nil, true:
			want = "yes" // YAML 1.1 reads a bare yes as true
		case false:
			want = "no"
		}
		about := ""
		if a.Message != nil {
			about = fmt.Sprintf(" matching %q", *a.Message)
		}
		switch w := want.(type) {
		case string:
			if (w == "yes" && n == 0) || (w == "no" && n > 0) || (w != "yes" && w != "no") {
				return fmt.Errorf("want violations %s%s, got %d: %q", w, about, n, msgs)
			}
		case float64:
			if int(w) != n {
				return fmt.Errorf("want %d violations%s, got %d: %q", int(w), about, n, msgs)
			}
		default:
			return fmt.Errorf("assertion violations %v is not a count, yes or no", w)
		}
	}
	return nil
}
