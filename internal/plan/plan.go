// Package plan validates ClusterPlan documents against their schema
// (docs/cluster-plan.md) and derives the same facts from node dumps, so the
// section A policies read one shape whichever the source.
package plan

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/shipshape-dev/shipshape/internal/inputs"
)

// APIVersion and Kind of a cluster plan.
const (
	APIVersion = inputs.DocumentAPIVersion
	Kind       = "ClusterPlan"
)

// field describes one field of the schema.
type field struct {
	typ      string // object, array, string, integer, number, boolean, cidr, quantity, cpu
	required bool
	enum     []string
	fields   map[string]*field // object
	items    *field            // array
	min      float64           // integer, number, array length
}

func obj(fields map[string]*field) *field { return &field{typ: "object", fields: fields} }
func req(f *field) *field                 { c := *f; c.required = true; return &c }
func of(typ string) *field                { return &field{typ: typ} }
func list(items *field) *field            { return &field{typ: "array", items: items} }

var disk = obj(map[string]*field{"size": req(of("quantity")), "category": of("string")})

// Schema is the ClusterPlan schema, version v1alpha1.
var schema = obj(map[string]*field{
	"apiVersion": req(of("string")),
	"kind":       req(of("string")),
	"metadata":   req(obj(map[string]*field{"name": req(of("string")), "labels": of("map"), "annotations": of("map")})),
	"spec": req(obj(map[string]*field{
		"environment":  req(&field{typ: "string", enum: []string{"production", "staging", "test", "development"}}),
		"controlPlane": obj(map[string]*field{"managed": of("boolean")}),
		"network": req(obj(map[string]*field{
			"plugin":           req(of("string")),
			"podNetworkMode":   &field{typ: "string", enum: []string{"overlay", "vpc"}},
			"vpcCIDR":          req(of("cidr")),
			"podCIDR":          of("cidr"),
			"podVSwitches":     list(obj(map[string]*field{"name": of("string"), "zone": of("string"), "cidr": req(of("cidr"))})),
			"serviceCIDR":      req(of("cidr")),
			"nodeCIDRMaskSize": &field{typ: "integer", min: 1},
			"podIPsPerNode":    &field{typ: "integer", min: 1},
			"peers":            list(obj(map[string]*field{"name": req(of("string")), "cidr": req(of("cidr"))})),
			"snat":             of("boolean"),
		})),
		"nodePools": req(&field{typ: "array", min: 1, items: obj(map[string]*field{
			"name":        req(of("string")),
			"role":        &field{typ: "string", enum: []string{"master", "worker"}},
			"count":       req(&field{typ: "integer"}),
			"zones":       list(of("string")),
			"cpu":         req(of("cpu")),
			"memory":      req(of("quantity")),
			"allocatable": obj(map[string]*field{"cpu": of("cpu"), "memory": of("quantity")}),
			"systemDisk":  disk,
			"dataDisks":   list(disk),
			"autoscaler":  obj(map[string]*field{"min": &field{typ: "integer"}, "max": req(&field{typ: "integer", min: 1})}),
			"labels":      of("map"),
			"taints":      list(of("any")),
		})}),
	})),
})

// Validate checks a ClusterPlan document; every error names the field and
// its line.
func Validate(d inputs.Document) []inputs.Error {
	var errs []inputs.Error
	report := func(path, format string, args ...any) {
		errs = append(errs, inputs.Error{File: d.File, Line: lineOf(d, path), Message: fmt.Sprintf("invalid ClusterPlan: %s: %s", path, fmt.Sprintf(format, args...))})
	}
	if api, _ := d.Object["apiVersion"].(string); api != APIVersion {
		report("apiVersion", "%q is not a version this shipshape reads; use %s", api, APIVersion)
	}
	validate(schema, d.Object, "", report)
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
	return errs
}

func lineOf(d inputs.Document, path string) int {
	if l := d.FieldLine(path); l > 0 {
		return l
	}
	return d.Line
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

func validate(f *field, v any, path string, report func(path, format string, args ...any)) {
	switch f.typ {
	case "any":
	case "object", "map":
		m, ok := v.(map[string]any)
		if !ok {
			report(path, "must be an object, got %s", typeName(v))
			return
		}
		if f.typ == "map" {
			return
		}
		keys := make([]string, 0, len(f.fields))
		for k := range f.fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			sub := f.fields[k]
			val, ok := m[k]
			if !ok || val == nil {
				if sub.required {
					report(join(path, k), "is required")
				}
				continue
			}
			validate(sub, val, join(path, k), report)
		}
		var unknown []string
		for k := range m {
			if _, ok := f.fields[k]; !ok {
				unknown = append(unknown, k)
			}
		}
		sort.Strings(unknown)
		for _, k := range unknown {
			report(join(path, k), "unknown field (known: %s)", strings.Join(keys, ", "))
		}
	case "array":
		items, ok := v.([]any)
		if !ok {
			report(path, "must be a list, got %s", typeName(v))
			return
		}
		if float64(len(items)) < f.min {
			report(path, "needs at least %d item(s)", int(f.min))
		}
		for i, item := range items {
			validate(f.items, item, fmt.Sprintf("%s[%d]", path, i), report)
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			report(path, "must be a string, got %s", typeName(v))
			return
		}
		if len(f.enum) > 0 && !contains(f.enum, s) {
			report(path, "%q is not one of %s", s, strings.Join(f.enum, ", "))
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			report(path, "must be true or false, got %s", typeName(v))
		}
	case "integer":
		n, ok := v.(int64)
		if !ok {
			report(path, "must be a whole number, got %s", typeName(v))
			return
		}
		if float64(n) < f.min {
			report(path, "must be at least %d, got %d", int(f.min), n)
		} else if n < 0 {
			report(path, "must not be negative, got %d", n)
		}
	case "cidr":
		s, ok := v.(string)
		if !ok {
			report(path, "must be an IPv4 CIDR such as 10.0.0.0/16, got %s", typeName(v))
			return
		}
		p, err := netip.ParsePrefix(s)
		if err != nil || !p.Addr().Is4() {
			report(path, "%q is not an IPv4 CIDR such as 10.0.0.0/16", s)
		} else if p.Masked() != p {
			report(path, "%q has host bits set; the network is %s", s, p.Masked())
		}
	case "quantity", "cpu":
		// Read as Kubernetes reads a quantity (lib.quantity is pinned
		// against the same function): 500m, 1e3, 0.5Gi, +8; a number is read
		// from its text. Sizes must be more than zero.
		var text string
		switch q := v.(type) {
		case int64, float64:
			if f.typ == "quantity" {
				report(path, "must be a quantity with a unit such as 32Gi, got the bare number %v", q)
				return
			}
			text = fmt.Sprint(q)
		case string:
			text = q
		default:
			report(path, "must be a quantity such as 8, 500m or 32Gi, got %s", typeName(v))
			return
		}
		q, err := resource.ParseQuantity(text)
		if err != nil {
			report(path, "%q is not a quantity such as 8, 500m or 32Gi", text)
		} else if q.Sign() <= 0 {
			report(path, "must be more than zero, got %s", text)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case int64, float64:
		return "a number"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// Prepare validates the plans among docs (an invalid plan becomes errors
// and is left out, so the other inputs are still checked) and adds the
// plans derived from node dumps.
func Prepare(docs []inputs.Document) ([]inputs.Document, []inputs.Error) {
	var kept []inputs.Document
	var errs []inputs.Error
	for _, d := range docs {
		if d.Input == inputs.KindPlan {
			if e := Validate(d); len(e) > 0 {
				errs = append(errs, e...)
				continue
			}
		}
		kept = append(kept, d)
	}
	return append(kept, FromNodes(kept)...), errs
}
