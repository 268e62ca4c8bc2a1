package catalog

import (
	"fmt"
	"sort"

	"k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apiserver/pkg/cel/environment"
	"k8s.io/kube-openapi/pkg/validation/spec"
)

// Parameter formats METADATA may write that the API server has no format
// for. A format the API server does not know is dropped from a CRD's schema
// and checks nothing, in the cluster as offline, so these two are never
// passed on: the catalog rewrites each into a schema the API server itself
// enforces, and the generated Constraint CRD rejects a bad value on apply
// just as `shipshape check` does when it loads the Constraint.
const (
	// FormatQuantity marks a string parameter that is a Kubernetes
	// quantity (32Gi, 500m); it becomes QuantityPattern.
	FormatQuantity = "quantity"
	// FormatRegex marks a string parameter that is a regular expression; it
	// becomes the CEL rule RegexRule.
	FormatRegex = "regex"
)

// QuantityPattern is the schema pattern of a quantity parameter: the
// grammar of resource.Quantity (k8s.io/apimachinery/pkg/api/resource) as
// resource.ParseQuantity reads it. An optional sign; digits with an optional
// point and fraction, or a point and a fraction; then a binary suffix (Ki …
// Ei), a decimal one (n u m k M G T P E, or none) or an integer exponent.
// Every string it matches parses, to the value it spells, in well under a
// millisecond. Where it is stricter than ParseQuantity (pinned in
// formats_test.go): a number with no digit at all ("+", ".", "Gi", which
// ParseQuantity reads as 0), and an exponent of four or more significant
// digits: ParseQuantity's time grows with the exponent (1e-9999999 takes
// seconds) and it cuts the exponent to 32 bits (1e4294967296 reads as 1),
// while no size or count a policy compares needs 10^1000. Unlike the
// pattern controller-gen writes for Quantity fields, the exponent is an
// integer: ParseQuantity refuses 1e1.5.
const QuantityPattern = `^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?0*[0-9]{1,3})?$`

// RegexRule is the CEL rule (x-kubernetes-validations) of a regular
// expression parameter. CEL's matches() compiles its argument with Go's
// regexp, the RE2 syntax OPA's regex built-ins compile with too, and a
// pattern that does not compile is an evaluation error, which the API
// server reports as an invalid value. type() carries the error through;
// the rule must not be written
//
//	''.matches(self) || true
//
// since CEL's || absorbs an error when the other side is true.
const RegexRule = `type(''.matches(self)) == bool`

// RegexMessage is what the API server says with the regexp error when
// RegexRule fails.
const RegexMessage = "must be a regular expression in RE2 syntax, as OPA's regex built-ins read it"

// expandFormats rewrites the quantity and regex formats of a policy's
// parameter schemas, at any depth, into schemas the API server enforces,
// and refuses any other format the API server would ignore.
func expandFormats(params map[string]any) error {
	for _, name := range sortedKeys(params) {
		s, ok := params[name].(map[string]any)
		if !ok {
			return fmt.Errorf("%s: a parameter's schema must be a map, got %T", name, params[name])
		}
		if err := expandFormat(s, name); err != nil {
			return err
		}
	}
	return nil
}

func expandFormat(s map[string]any, path string) error {
	if format, ok := s["format"].(string); ok {
		typ, _ := s["type"].(string)
		switch format {
		case FormatQuantity, FormatRegex:
			if typ != "string" {
				return fmt.Errorf("%s: format %s needs type string, not %q", path, format, typ)
			}
			delete(s, "format")
			if format == FormatQuantity {
				if _, ok := s["pattern"]; ok {
					return fmt.Errorf("%s: format quantity sets the pattern; write no pattern of its own", path)
				}
				s["pattern"] = QuantityPattern
			} else {
				rules, _ := s["x-kubernetes-validations"].([]any)
				s["x-kubernetes-validations"] = append(rules, map[string]any{"rule": RegexRule, "message": RegexMessage})
			}
		default:
			node := &spec.Schema{SchemaProps: spec.SchemaProps{Format: format}}
			if typ != "" {
				node.Type = spec.StringOrArray{typ}
			}
			if bad := validation.GetUnrecognizedFormats(node, environment.DefaultCompatibilityVersion()); len(bad) > 0 {
				return fmt.Errorf("%s: the API server does not know format %q for type %q and would check nothing; use format quantity or regex, or a pattern", path, format, typ)
			}
		}
	}
	if props, ok := s["properties"].(map[string]any); ok {
		for _, k := range sortedKeys(props) {
			if sub, ok := props[k].(map[string]any); ok {
				if err := expandFormat(sub, path+"."+k); err != nil {
					return err
				}
			}
		}
	}
	if items, ok := s["items"].(map[string]any); ok {
		if err := expandFormat(items, path+"[]"); err != nil {
			return err
		}
	}
	if extra, ok := s["additionalProperties"].(map[string]any); ok {
		if err := expandFormat(extra, path+".*"); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
