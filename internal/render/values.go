package render

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Values keys. Which values key set a rendered field cannot be known in
// general (a template may compute anything from anything), so the rule is
// plain and said as it is:
//  1. "template": the template line the field maps to reads values with
//     .Values.a.b (or index .Values "a" "b"); those keys are named.
//  2. "value": otherwise, when the field's rendered value is a scalar that
//     equals the value of exactly one key of the chart's merged values,
//     that key is named.
//
// Otherwise no key is named. Keys of a dependency's templates are named
// from the chart given (redis.image.tag), global.* as it is.

var (
	dotValues   = regexp.MustCompile(`\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)`)
	indexValues = regexp.MustCompile(`index\s+\$?\.Values((?:\s+"[^"]*")+)`)
	quoted      = regexp.MustCompile(`"([^"]*)"`)
)

// valuesRead lists the values keys a template line reads.
func valuesRead(line, prefix string) []string {
	var keys []string
	add := func(k string) {
		if !strings.HasPrefix(k, "global.") && k != "global" {
			k = prefix + k
		}
		for _, seen := range keys {
			if seen == k {
				return
			}
		}
		keys = append(keys, k)
	}
	for _, m := range dotValues.FindAllStringSubmatch(line, -1) {
		add(strings.TrimPrefix(m[1], "."))
	}
	for _, m := range indexValues.FindAllStringSubmatch(line, -1) {
		var parts []string
		for _, q := range quoted.FindAllStringSubmatch(m[1], -1) {
			parts = append(parts, q[1])
		}
		if len(parts) > 0 {
			add(strings.Join(parts, "."))
		}
	}
	return keys
}

// valueIndex finds the one key whose value is a given scalar.
type valueIndex struct {
	values map[string]any
	keys   map[string][]string // scalar text → keys
}

func (x *valueIndex) unique(v any) (string, bool) {
	s, ok := scalarText(v)
	if !ok || s == "" {
		return "", false
	}
	if x.keys == nil {
		x.keys = map[string][]string{}
		x.walk("", x.values)
	}
	keys := x.keys[s]
	if len(keys) != 1 {
		return "", false
	}
	return keys[0], true
}

func (x *valueIndex) walk(prefix string, v any) {
	switch t := v.(type) {
	case map[string]any:
		names := make([]string, 0, len(t))
		for k := range t {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			x.walk(prefix+k+".", t[k])
		}
	case []any:
		for i, item := range t {
			x.walk(fmt.Sprintf("%s[%d].", strings.TrimSuffix(prefix, "."), i), item)
		}
	default:
		if s, ok := scalarText(v); ok && s != "" {
			key := strings.TrimSuffix(prefix, ".")
			x.keys[s] = append(x.keys[s], key)
		}
	}
}

// scalarText is a scalar as text, so that 80 and "80" compare equal (a
// template prints values as text).
func scalarText(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case bool:
		return strconv.FormatBool(t), true
	case int:
		return strconv.Itoa(t), true
	case int64:
		return strconv.FormatInt(t, 10), true
	case float64:
		return strconv.FormatFloat(t, 'g', -1, 64), true
	case fmt.Stringer: // json.Number
		return t.String(), true
	}
	return "", false
}

// lookup finds a dotted field path (spec.containers[0].image; keys may
// hold dots) in an object.
func lookup(obj any, path string) (any, bool) {
	cur, rest := obj, path
	for rest != "" {
		switch {
		case strings.HasPrefix(rest, "["):
			end := strings.IndexByte(rest, ']')
			list, ok := cur.([]any)
			if end < 0 || !ok {
				return nil, false
			}
			i, err := strconv.Atoi(rest[1:end])
			if err != nil || i < 0 || i >= len(list) {
				return nil, false
			}
			cur, rest = list[i], rest[end+1:]
		case strings.HasPrefix(rest, "."):
			rest = rest[1:]
		default:
			m, ok := cur.(map[string]any)
			if !ok {
				return nil, false
			}
			best := ""
			for k := range m {
				if strings.HasPrefix(rest, k) && (len(rest) == len(k) || rest[len(k)] == '.' || rest[len(k)] == '[') && len(k) > len(best) {
					best = k
				}
			}
			if best == "" {
				return nil, false
			}
			cur, rest = m[best], rest[len(best):]
		}
	}
	return cur, true
}
