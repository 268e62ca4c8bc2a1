// Package paramcheck checks the Constraint parameters whose values a schema
// type cannot judge: a quantity parameter (schema "format: quantity") must
// be a Kubernetes quantity, a regular expression parameter ("format:
// regex") must compile. Which parameters these are is read from the
// policy's METADATA (catalog.Policy.Parameters), never from a Go list, so a
// bad value is an input error before evaluation instead of a finding on
// every object or no finding at all.
package paramcheck

import (
	"fmt"
	"regexp"
	"sort"

	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/shipshape-dev/shipshape/internal/catalog"
)

// Formats the schema keyword format takes here.
const (
	FormatQuantity = "quantity"
	FormatRegex    = "regex"
)

// Check returns one error per parameter value the schema marks as a
// quantity or a regular expression that is not one; each error names the
// field (spec.parameters.x, with list indexes and map keys). The caller
// prefixes the Constraint's file.
func Check(policy catalog.Policy, params map[string]any) []error {
	var errs []error
	names := make([]string, 0, len(params))
	for name := range params {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		schema, _ := policy.Parameters[name].(map[string]any)
		check(schema, params[name], "spec.parameters."+name, &errs)
	}
	return errs
}

func check(schema map[string]any, v any, field string, errs *[]error) {
	if schema == nil || v == nil {
		return
	}
	switch format, _ := schema["format"].(string); format {
	case FormatQuantity:
		text, ok := quantityText(v)
		if !ok {
			*errs = append(*errs, fmt.Errorf("%s: must be a Kubernetes quantity such as 32Gi or 500m, got %T", field, v))
		} else if _, err := resource.ParseQuantity(text); err != nil {
			*errs = append(*errs, fmt.Errorf("%s: %q is not a Kubernetes quantity (such as 32Gi or 500m): %v", field, text, err))
		}
	case FormatRegex:
		// OPA's regex built-ins compile with Go's regexp: the same grammar.
		if s, ok := v.(string); ok {
			if _, err := regexp.Compile(s); err != nil {
				*errs = append(*errs, fmt.Errorf("%s: %q is not a regular expression: %v", field, s, err))
			}
		}
	}
	switch x := v.(type) {
	case []any:
		items, _ := schema["items"].(map[string]any)
		for i, item := range x {
			check(items, item, fmt.Sprintf("%s[%d]", field, i), errs)
		}
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		extra, _ := schema["additionalProperties"].(map[string]any)
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			sub, _ := props[k].(map[string]any)
			if sub == nil {
				sub = extra
			}
			check(sub, x[k], field+"."+k, errs)
		}
	}
}

// quantityText is the text Kubernetes parses: a string, or a number's JSON
// text.
func quantityText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case int, int64, float64:
		return fmt.Sprint(x), true
	}
	return "", false
}
