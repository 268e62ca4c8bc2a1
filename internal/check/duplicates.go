package check

import (
	"fmt"
	"slices"

	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/report"
)

// duplicates finds what a run was given twice: the same file named twice
// (or reached through two folder arguments), and the same object (same
// apiVersion, kind, namespace, name and content) in two places. Each is checked and
// reported once, at its first place in the report's order, and the report
// notes every place. kubectl apply would apply such an object twice, the
// later one winning; its findings are a fact about one object.
type duplicates struct {
	seenFile map[string]bool
	first    map[objectKey]string // the place whose findings are kept
	places   map[objectKey][]string
	order    []objectKey
	again    map[string]int // files given more than once: how many times
}

// objectKey is an object's identity and content: the same identity with
// other content is another version of the object, judged on its own.
type objectKey struct {
	apiVersion, kind, namespace, name string
	hash                              int
}

func newDuplicates() *duplicates {
	return &duplicates{seenFile: map[string]bool{}, first: map[objectKey]string{}, places: map[objectKey][]string{}, again: map[string]int{}}
}

// files drops the paths given before (standard input excepted).
func (d *duplicates) files(paths []string) []string {
	out := paths[:0:0]
	for _, p := range paths {
		if p != "-" && d.seenFile[p] {
			d.again[p]++
			continue
		}
		d.seenFile[p] = true
		out = append(out, p)
	}
	return out
}

// drop removes the findings of an object already reported at another
// place, and remembers the place. Batches come in the report's order, so
// the first place is the same whatever the number of workers.
func (d *duplicates) drop(batch []engine.Finding) []engine.Finding {
	out := batch[:0]
	for _, f := range batch {
		if f.Input != inputs.KindKubernetes || f.Name == "" || f.Kind == "" {
			out = append(out, f)
			continue
		}
		key := objectKey{f.APIVersion, f.Kind, f.Namespace, f.Name, f.ObjectHash}
		file := f.File
		if f.DocumentFile != "" {
			file = f.DocumentFile
		}
		place := fmt.Sprintf("%s:%d", file, f.DocumentLine)
		first, seen := d.first[key]
		if !seen {
			d.first[key] = place
			d.places[key] = []string{place}
			out = append(out, f)
			continue
		}
		if first == place {
			out = append(out, f)
			continue
		}
		if !slices.Contains(d.places[key], place) {
			if len(d.places[key]) == 1 {
				d.order = append(d.order, key)
			}
			d.places[key] = append(d.places[key], place)
		}
	}
	return out
}

// report lists what was given more than once, in the order found.
func (d *duplicates) report() []report.Duplicate {
	var out []report.Duplicate
	for _, p := range sortedKeys(d.again) {
		name := p
		if p == "-" {
			name = inputs.Stdin
		}
		out = append(out, report.Duplicate{What: "file " + name, Places: []string{name}, Times: d.again[p] + 1})
	}
	for _, k := range d.order {
		what := k.kind + " " + k.name
		if k.namespace != "" {
			what = k.kind + " " + k.namespace + "/" + k.name
		}
		out = append(out, report.Duplicate{What: what, Places: d.places[k], Times: len(d.places[k])})
	}
	return out
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
