package inputs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

var yamlLine = regexp.MustCompile(`line (\d+)`)

// parseYAML reads every document of a YAML or JSON stream. `kind: List`
// documents and top-level arrays give one document per item.
func parseYAML(name string, data []byte, opts Options) ([]Document, []Error) {
	data = Normalize(data)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []Document
	var errs []Error
	for {
		var node yaml.Node
		err := dec.Decode(&node)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// The decoder cannot resynchronise after a syntax error, so
			// the rest of this file is lost; other files go on.
			errs = append(errs, yamlError(name, err))
			break
		}
		root := &node
		if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
			root = root.Content[0]
		}
		c := converter{opts: opts}
		value, err := c.value(root, 0)
		if err != nil {
			errs = append(errs, Error{File: name, Line: c.line(root), Message: err.Error()})
			continue
		}
		d, e := documents(name, root, value, helmSource(&node, root))
		docs = append(docs, d...)
		errs = append(errs, e...)
	}
	return docs, errs
}

// Normalize drops a UTF-8 byte order mark and turns CRLF line breaks into
// LF, as YAML's own line-break normalisation would; yaml.v3 otherwise loses
// the comments of CRLF files (Helm's "# Source:"). Lines stay the same.
func Normalize(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.Contains(data, []byte("\r\n")) {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	return data
}

func yamlError(name string, err error) Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = strings.TrimSpace(strings.TrimPrefix(strings.Replace(msg, m[0], "", 1), ":"))
	}
	return Error{File: name, Line: line, Message: "invalid YAML: " + msg}
}

// documents turns one parsed YAML document into input documents.
func documents(name string, node *yaml.Node, value any, source string) ([]Document, []Error) {
	switch v := value.(type) {
	case nil:
		return nil, nil // an empty document, e.g. a lone "---"
	case []any:
		var docs []Document
		var errs []Error
		for i, item := range v {
			d, e := documents(name, node.Content[i], item, source)
			docs = append(docs, d...)
			errs = append(errs, e...)
		}
		return docs, errs
	case map[string]any:
		if v["kind"] == "List" && isList(v["items"]) {
			items := v["items"].([]any)
			itemsNode := mappingValue(node, "items")
			var docs []Document
			var errs []Error
			for i, item := range items {
				d, e := documents(name, itemsNode.Content[i], item, source)
				docs = append(docs, d...)
				errs = append(errs, e...)
			}
			return docs, errs
		}
		line := node.Line
		api, _ := v["apiVersion"].(string)
		kind, _ := v["kind"].(string)
		if api == "" || kind == "" {
			var missing []string
			if api == "" {
				missing = append(missing, "apiVersion")
			}
			if kind == "" {
				missing = append(missing, "kind")
			}
			return nil, []Error{{File: name, Line: line, Message: "document has no " + strings.Join(missing, " and ") + "; is this a Kubernetes object?"}}
		}
		return []Document{{File: name, Line: line, Input: classify(api, kind), Object: v, Source: source}}, nil
	default:
		return nil, []Error{{File: name, Line: node.Line, Message: fmt.Sprintf("document is a %s, not an object with apiVersion and kind", scalarName(value))}}
	}
}

// helmSource reads the "# Source: chart/templates/x.yaml" comment `helm
// template` writes above each document. yaml.v3 attaches it to the
// document, the root or the first key, depending on the layout.
func helmSource(doc, root *yaml.Node) string {
	comments := []string{doc.HeadComment, root.HeadComment}
	if root.Kind == yaml.MappingNode && len(root.Content) > 0 {
		comments = append(comments, root.Content[0].HeadComment)
	}
	for _, c := range comments {
		for _, l := range strings.Split(c, "\n") {
			if s, ok := strings.CutPrefix(strings.TrimSpace(l), "# Source:"); ok {
				return strings.TrimSpace(s)
			}
		}
	}
	return ""
}

func isList(v any) bool { _, ok := v.([]any); return ok }

func classify(apiVersion, kind string) string {
	switch {
	case apiVersion == "v1" && kind == "Config":
		return KindKubeconfig
	case strings.HasPrefix(apiVersion, "shipshape.dev/") && kind == "ClusterPlan":
		return KindPlan
	}
	return KindKubernetes
}

func scalarName(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case int64, float64:
		return "number"
	}
	return fmt.Sprintf("%T", v)
}

func mappingValue(node *yaml.Node, key string) *yaml.Node {
	for node.Kind == yaml.AliasNode {
		node = node.Alias
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		if node.Content[i].Value == key {
			v := node.Content[i+1]
			for v.Kind == yaml.AliasNode {
				v = v.Alias
			}
			return v
		}
	}
	return nil
}

// converter builds plain Go values (the JSON data model) from YAML nodes,
// refusing duplicate keys, deep nesting and alias expansion past a bound.
type converter struct {
	opts  Options
	nodes int
	last  int
}

func (c *converter) line(n *yaml.Node) int {
	if c.last > 0 {
		return c.last
	}
	return n.Line
}

func (c *converter) value(n *yaml.Node, depth int) (any, error) {
	c.nodes++
	c.last = n.Line
	if c.opts.MaxNodes > 0 && c.nodes > c.opts.MaxNodes {
		return nil, fmt.Errorf("document expands to more than %d values (a YAML alias bomb?); refused", c.opts.MaxNodes)
	}
	if c.opts.MaxDepth > 0 && depth > c.opts.MaxDepth {
		return nil, fmt.Errorf("document nests deeper than %d levels; refused", c.opts.MaxDepth)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return c.value(n.Content[0], depth)
	case yaml.AliasNode:
		return c.value(n.Alias, depth+1)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, item := range n.Content {
			v, err := c.value(item, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		if err := c.mapping(n, out, depth); err != nil {
			return nil, err
		}
		return out, nil
	case yaml.ScalarNode:
		return scalar(n)
	}
	return nil, fmt.Errorf("line %d: unsupported YAML node", n.Line)
}

func (c *converter) mapping(n *yaml.Node, out map[string]any, depth int) error {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, vn := n.Content[i], n.Content[i+1]
		if k.Tag == "!!merge" {
			// "<<: *base" merges the aliased mapping; explicit keys win.
			merged, err := c.value(vn, depth+1)
			if err != nil {
				return err
			}
			if m, ok := merged.(map[string]any); ok {
				for mk, mv := range m {
					if _, set := out[mk]; !set {
						out[mk] = mv
					}
				}
			}
			continue
		}
		if k.Kind != yaml.ScalarNode {
			return fmt.Errorf("a mapping key must be a string, not a %s", nodeKindName(k))
		}
		if _, dup := out[k.Value]; dup {
			c.last = k.Line
			return fmt.Errorf("duplicate key %q (Kubernetes keeps only one of them)", k.Value)
		}
		v, err := c.value(vn, depth+1)
		if err != nil {
			return err
		}
		out[k.Value] = v
	}
	return nil
}

func nodeKindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	}
	return "value"
}

func scalar(n *yaml.Node) (any, error) {
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return nil, err
		}
		return b, nil
	case "!!int":
		var i int64
		if err := n.Decode(&i); err == nil {
			return i, nil
		}
		var f float64
		if err := n.Decode(&f); err != nil {
			return nil, err
		}
		return f, nil
	case "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			return nil, err
		}
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, fmt.Errorf("%q is not a number JSON can carry", n.Value)
		}
		return f, nil
	case "!!binary":
		return n.Value, nil
	}
	return n.Value, nil
}
