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
	"github.com/shipshape-dev/shipshape/internal/inventory"
)

// Example is one suite sample with what the default Constraint reports on it.
type Example struct {
	Path     string // inside the policies file system
	Source   string
	Findings []string
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
}

// Explainer evaluates samples with the catalog's default Constraints.
type Explainer struct {
	cat  *catalog.Catalog
	fsys fs.FS
	eng  *engine.Engine
}

// New compiles the catalog once for every entry.
func New(cat *catalog.Catalog, fsys fs.FS) (*Explainer, error) {
	eng, err := engine.New(cat, engine.Options{Workers: 1})
	if err != nil {
		return nil, err
	}
	return &Explainer{cat: cat, fsys: fsys, eng: eng}, nil
}

// Entry gathers one policy's entry: the first allowed-* sample that passes
// the default Constraint and the first denied-* sample that fails it.
func (x *Explainer) Entry(ctx context.Context, p *catalog.Policy) (*Entry, error) {
	e := &Entry{Policy: p, Parameters: Parameters(p)}
	for _, kind := range []string{"allowed", "denied"} {
		files, err := fs.Glob(x.fsys, p.Dir+"/samples/"+kind+"-*")
		if err != nil {
			return nil, err
		}
		sort.Strings(files)
		for _, f := range files {
			ex, err := x.example(ctx, p, f)
			if err != nil {
				return nil, err
			}
			if ex == nil {
				continue
			}
			if kind == "allowed" && len(ex.Findings) == 0 {
				e.Allowed = ex
				break
			}
			if kind == "denied" && len(ex.Findings) > 0 {
				e.Denied = ex
				break
			}
		}
	}
	return e, nil
}

// example evaluates one sample; nil when it is not a document this
// evaluator reads.
func (x *Explainer) example(ctx context.Context, p *catalog.Policy, file string) (*Example, error) {
	data, err := fs.ReadFile(x.fsys, file)
	if err != nil {
		return nil, err
	}
	docs, errs := inputs.Parse(path.Base(file), data, inputs.DefaultOptions)
	if len(errs) > 0 || len(docs) == 0 {
		return nil, nil
	}
	inputs.DefaultNamespace(docs, "default")
	run, err := x.eng.Prepare(ctx, []*constraints.Constraint{constraints.Default(p)}, inventory.Build(docs))
	if err != nil {
		return nil, err
	}
	findings, evalErrs := run.Evaluate(ctx, docs[:1])
	if len(evalErrs) > 0 {
		return nil, fmt.Errorf("%s: %s", file, evalErrs[0].Message)
	}
	ex := &Example{Path: strings.TrimPrefix(file, p.Dir+"/"), Source: string(data)}
	for _, f := range findings {
		if !f.Exempted {
			ex.Findings = append(ex.Findings, f.Message)
		}
	}
	return ex, nil
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
    shipshape.dev/exempt.%s: "<why, and a ticket>"
    shipshape.dev/exempt-until.%s: "2027-03-31"   # optional: last day it counts (UTC)`, id, id)
}
