package check

import (
	"fmt"
	"strings"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
)

// perNamespace says once per namespace what the policies that state facts
// of a namespace (custom.factOf: namespace) found on every workload in it:
// the first finding of each policy, action and namespace is kept, moved to
// the Namespace object when the run has it, and says how many workloads
// share the fact; the others are dropped. Exempted findings stay as they
// are. Gatekeeper, which sees one object at a time, reports each.
func perNamespace(cat *catalog.Catalog, findings []engine.Finding, docs []inputs.Document) []engine.Finding {
	of := map[string]bool{}
	for _, p := range cat.Policies {
		if p.FactOf == "namespace" {
			of[p.ID] = true
		}
	}
	if len(of) == 0 {
		return findings
	}
	type key struct{ policy, action, namespace string }
	first := map[key]int{}        // index in out of the kept finding
	objects := map[key][]string{} // the workloads that share it
	out := findings[:0:0]
	for _, f := range findings {
		if !of[f.Policy] || f.Exempted || f.Namespace == "" {
			out = append(out, f)
			continue
		}
		k := key{f.Policy, f.Action, f.Namespace}
		objects[k] = append(objects[k], f.Kind+" "+f.Name)
		if _, seen := first[k]; seen {
			continue
		}
		first[k] = len(out)
		out = append(out, f)
	}
	namespaces := map[string]*inputs.Document{}
	for i := range docs {
		d := &docs[i]
		if kind, _ := d.Object["kind"].(string); kind == "Namespace" && d.Input == inputs.KindKubernetes {
			meta, _ := d.Object["metadata"].(map[string]any)
			if name, _ := meta["name"].(string); name != "" && namespaces[name] == nil {
				namespaces[name] = d
			}
		}
	}
	for k, i := range first {
		f := &out[i]
		if names := objects[k]; len(names) > 1 {
			listed := names
			if len(listed) > 5 {
				listed = listed[:5]
			}
			more := ""
			if len(names) > len(listed) {
				more = fmt.Sprintf(" and %d more", len(names)-len(listed))
			}
			f.Message += fmt.Sprintf(" (said once for namespace %s: %d workloads in it share this: %s%s)", k.namespace, len(names), strings.Join(listed, ", "), more)
		}
		if ns := namespaces[k.namespace]; ns != nil {
			f.File, f.Line, f.DocumentLine, f.FieldLine, f.Source = ns.File, ns.Line, ns.Line, 0, ns.Source
			f.APIVersion, f.Kind, f.Name, f.Namespace = "v1", "Namespace", k.namespace, ""
			details := make(map[string]any, len(f.Details))
			for dk, dv := range f.Details {
				if dk != "field" {
					details[dk] = dv
				}
			}
			f.Details = details
		}
	}
	engine.SortFindings(out)
	return out
}
