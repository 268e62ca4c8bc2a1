package position

import (
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
)

// Remap points the findings of rendered documents (a Helm chart, a
// kustomization) at their source: the template or source file, the
// document's and the field's line there, and the values keys that set the
// field. It runs after Resolve, whose field lines are lines of the
// rendered output. Findings of files are left as they are.
func Remap(findings []engine.Finding) {
	for i := range findings {
		f := &findings[i]
		if f.Origin == nil || f.Origin.Locate == nil {
			continue
		}
		doc := f.Origin.Locate.Locate(f.DocumentLine, "", 0)
		loc := doc
		if field := f.Field(); field != "" {
			loc = f.Origin.Locate.Locate(f.DocumentLine, field, f.FieldLine)
		}
		o := *f.Origin
		o.Locate = nil
		o.Values, o.ValuesBy = loc.Values, loc.ValuesBy
		f.Origin = &o
		f.File, f.Line, f.FieldLine = loc.File, loc.Line, loc.FieldLine
		// The object's own place, whatever file its field is set in: a
		// duplicate is the same object at the same place.
		f.DocumentFile, f.DocumentLine = doc.File, doc.Line
	}
}

// RemapDocuments points rendered documents (the report's not-covered list)
// at their source, as Remap does for findings.
func RemapDocuments(docs []inputs.Document) []inputs.Document {
	for i := range docs {
		d := &docs[i]
		if d.Origin == nil || d.Origin.Locate == nil {
			continue
		}
		loc := d.Origin.Locate.Locate(d.Line, "", 0)
		d.File, d.Line = loc.File, loc.Line
	}
	return docs
}
