// Package docs explains the catalog to people: `shipshape explain ID` and
// the generated docs/policies.md, both from the policies' METADATA and
// their suite samples, so neither can drift from the Rego.
package docs

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/constraints"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/policytest"
)

// Example is one suite sample with what the default Constraint reports on it.
type Example struct {
	Path     string // inside the policy's folder
	Source   string
	Findings []string // what is reported, exemptions applied
	// Constraint is the suite's Constraint the example was evaluated with,
	// when not the default one.
	Constraint string
}

// Parameter is one parameter of a policy, for display.
type Parameter struct {
	Name, Type, Description, Default string
}

// Entry is everything the docs say about one policy.
type Entry struct {
	Policy     *catalog.Policy
	Parameters []Parameter
	Allowed    *Example // passes the default Constraint
	Denied     *Example // fails it
	// Inputs are the input kinds the check ID exists for, this one among
	// them (kubernetes and dockerfile for image-tag-pinned).
	Inputs []string
}

// Explainer evaluates samples with the catalog's default Constraints.
type Explainer struct {
	cat    *catalog.Catalog
	fsys   fs.FS
	eng    *engine.Engine
	suites map[string]*policytest.Suite // by path
}

// New compiles the catalog once for every entry.
func New(cat *catalog.Catalog, fsys fs.FS) (*Explainer, error) {
	eng, err := engine.New(cat, engine.Options{Workers: 1})
	if err != nil {
		return nil, err
	}
	suites, err := policytest.Suites(fsys, cat)
	if err != nil {
		return nil, err
	}
	x := &Explainer{cat: cat, fsys: fsys, eng: eng, suites: map[string]*policytest.Suite{}}
	for _, s := range suites {
		x.suites[s.Path] = s
	}
	return x, nil
}

// Entry gathers one policy's entry from its suite: the first allowed-*
// case that passes and the first denied-* case that fails, preferring the
// default Constraint and falling back to the case's own Constraint (whose
// path the example then names). Inventory objects of a case are used as
// the suite uses them.
func (x *Explainer) Entry(ctx context.Context, p *catalog.Policy) (*Entry, error) {
	e := &Entry{Policy: p, Parameters: Parameters(p)}
	for _, v := range x.cat.Variants(p.ID) {
		e.Inputs = append(e.Inputs, v.Input)
	}
	suite := x.suites[p.Dir+"/suite.yaml"]
	if suite == nil {
		return e, nil
	}
	for _, useDefault := range []bool{true, false} {
		for _, t := range suite.Tests {
			if t.Invalid {
				continue
			}
			c, consPath := constraints.Default(p), ""
			if !useDefault {
				var err error
				if c, err = x.constraint(p, p.Dir+"/"+t.Constraint); err != nil {
					continue
				}
				consPath = t.Constraint
			}
			for _, tc := range t.Cases {
				base := path.Base(tc.Object)
				allowed, denied := strings.HasPrefix(base, "allowed-"), strings.HasPrefix(base, "denied-")
				if (allowed && e.Allowed != nil) || (denied && e.Denied != nil) || (!allowed && !denied) {
					continue
				}
				msgs, err := policytest.RunCase(ctx, x.fsys, x.eng, c, p.Dir, tc)
				if err != nil {
					continue
				}
				if (allowed && len(msgs) > 0) || (denied && len(msgs) == 0) {
					continue
				}
				src, err := fs.ReadFile(x.fsys, p.Dir+"/"+tc.Object)
				if err != nil {
					return nil, err
				}
				ex := &Example{Path: path.Clean(tc.Object), Source: string(src), Findings: msgs, Constraint: consPath}
				if allowed {
					e.Allowed = ex
				} else {
					e.Denied = ex
				}
			}
		}
	}
	return e, nil
}

// constraint reads a suite's Constraint file as it configures p: one
// Constraint kind gives one Constraint per input the check exists for.
func (x *Explainer) constraint(p *catalog.Policy, file string) (*constraints.Constraint, error) {
	data, err := fs.ReadFile(x.fsys, file)
	if err != nil {
		return nil, err
	}
	docs, errs := inputs.Parse(file, data, inputs.DefaultOptions)
	if len(errs) > 0 || len(docs) != 1 {
		return nil, fmt.Errorf("%s: not one Constraint", file)
	}
	cs, cerrs := constraints.Load(docs, x.cat)
	if len(cerrs) > 0 {
		return nil, cerrs[0]
	}
	for _, c := range cs {
		if c.Policy == p {
			return c, nil
		}
	}
	return nil, fmt.Errorf("%s: no Constraint for %s", file, p.Key())
}

// Parameters lists a policy's parameters by name.
func Parameters(p *catalog.Policy) []Parameter {
	var out []Parameter
	for name, raw := range p.Parameters {
		s, _ := raw.(map[string]any)
		par := Parameter{Name: name, Type: schemaType(s), Default: "none"}
		par.Description, _ = s["description"].(string)
		if d, ok := s["default"]; ok {
			b, _ := json.Marshal(d)
			par.Default = string(b)
		}
		out = append(out, par)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func schemaType(s map[string]any) string {
	t, _ := s["type"].(string)
	if t == "array" {
		if items, ok := s["items"].(map[string]any); ok {
			return "array of " + schemaType(items)
		}
	}
	if t == "" {
		return "any"
	}
	return t
}

// ExemptYAML is the annotation that exempts one object from a check.
func ExemptYAML(id string) string {
	return fmt.Sprintf(`metadata:
  annotations:
    %s%s: "<why, and a ticket>"
    %s%s: "2027-03-31"   # optional: last day it counts (UTC)`, catalog.ExemptPrefix, id, catalog.ExemptUntilPrefix, id)
}
