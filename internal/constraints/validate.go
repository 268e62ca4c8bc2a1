package constraints

import (
	"fmt"
	"sort"

	"github.com/shipshape-dev/shipshape/internal/catalog"
)

// validateParameters checks parameter values against the declared schema's
// types, enums and unknown names, as the Constraint CRD would on apply.
func validateParameters(params map[string]any, p *catalog.Policy) error {
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		schema, ok := p.Parameters[name].(map[string]any)
		if !ok {
			return fmt.Errorf("unknown parameter %q (known: %v)", name, knownNames(p))
		}
		if err := checkValue("spec.parameters."+name, params[name], schema); err != nil {
			return err
		}
	}
	return nil
}

func knownNames(p *catalog.Policy) []string {
	out := make([]string, 0, len(p.Parameters))
	for k := range p.Parameters {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func checkValue(path string, v any, schema map[string]any) error {
	typ, _ := schema["type"].(string)
	ok := true
	switch typ {
	case "string":
		_, ok = v.(string)
	case "boolean":
		_, ok = v.(bool)
	case "integer":
		switch n := v.(type) {
		case int64, int:
		case float64:
			ok = n == float64(int64(n))
		default:
			ok = false
		}
	case "number":
		switch v.(type) {
		case int64, int, float64:
		default:
			ok = false
		}
	case "array":
		list, isList := v.([]any)
		ok = isList
		if isList {
			items, _ := schema["items"].(map[string]any)
			for i, item := range list {
				if items == nil {
					break
				}
				if err := checkValue(fmt.Sprintf("%s[%d]", path, i), item, items); err != nil {
					return err
				}
			}
		}
	case "object":
		_, ok = v.(map[string]any)
	}
	if !ok {
		return fmt.Errorf("%s must be of type %s, got %s", path, typ, jsonType(v))
	}
	if enum, has := schema["enum"].([]any); has {
		for _, e := range enum {
			if fmt.Sprint(e) == fmt.Sprint(v) {
				return nil
			}
		}
		return fmt.Errorf("%s is %v, not one of %v", path, v, enum)
	}
	return nil
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case int64, int, float64:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}
