package inputs

// Rendering: a folder that is a Helm chart or a kustomization is not read
// as YAML files but rendered, and its documents come from the rendered
// output. The renderer itself lives in package render (it links Helm and
// kustomize); this package only knows the interface, so that the folder
// walk can hand such folders to it.

// Renderer turns a chart or kustomization folder into documents.
type Renderer interface {
	// Root tells what dir is: "helm" (it has Chart.yaml), "kustomize"
	// (it has a kustomization file) or "" (a plain folder). It only
	// looks at file names.
	Root(dir string) string
	// Bases lists the local folders a kustomization builds on (its
	// resources and components that are folders), cleaned; nil for
	// anything else.
	Bases(dir string) []string
	// Render renders dir. Its documents carry an Origin; its errors name
	// the template or source file and line.
	Render(dir string, opts Options) Result
}

// Origin says where a rendered document came from.
type Origin struct {
	Tool string `json:"tool"` // "helm" or "kustomize"
	Root string `json:"root"` // the chart or kustomization folder
	// Set is the name of the value set (--values-set NAME=...) the chart
	// was rendered with; "" for the values of --values and --set alone.
	Set string `json:"valuesSet,omitempty"`
	// Values are the Helm values keys that set the finding's field, and
	// ValuesBy how they were found: "template" (the template line of the
	// field reads them) or "value" (the field's value equals the value
	// of exactly one key). See docs/rendering.md.
	Values   []string `json:"values,omitempty"`
	ValuesBy string   `json:"valuesBy,omitempty"`
	// Locate maps positions in the rendered output back to the source;
	// nil once a finding has been mapped.
	Locate Locator `json:"-"`
}

// Locator maps a rendered document's positions to its source.
type Locator interface {
	// Locate takes the document's first line and a field's line in the
	// rendered output (0 when the finding names no field) and the field's
	// dotted path, and tells where they are in the source.
	Locate(docLine int, field string, fieldLine int) Location
}

// Location is a place in a rendered document's source.
type Location struct {
	File      string
	Line      int // the document's first line in File; 0 when unknown
	FieldLine int // the field's line in File; 0 when unknown
	Values    []string
	ValuesBy  string
}

// Describe names where a rendered document came from, for a heading:
// "helm chart shop, values prod".
func (o *Origin) Describe() string {
	if o == nil {
		return ""
	}
	s := o.Tool + " " + o.Root
	if o.Tool == "helm" {
		s = "helm chart " + o.Root
	}
	if o.Set != "" {
		s += ", values " + o.Set
	}
	return s
}
