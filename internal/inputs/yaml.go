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
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

var yamlLine = regexp.MustCompile(`line (\d+)`)

// parseYAML reads every document of a YAML or JSON stream. `kind: List`
// documents and top-level arrays give one document per item. The stream is
// cut at its "---" lines first: yaml.v3 cannot resynchronise after a
// syntax error, and this way one broken document hides none after it.
func parseYAML(name string, data []byte, opts Options) ([]Document, []Error) {
	data = Normalize(data)
	var docs []Document
	var errs []Error
	sp := splitter{data: data, line: 1}
	for {
		batch := sp.batch()
		if len(batch) == 0 {
			break
		}
		// One decoder for the whole batch is cheap; only a batch with a
		// syntax error is read again piece by piece, so that the pieces
		// after the broken one are still read.
		whole := chunk{data: data[batch[0].start:batch[len(batch)-1].end], line: batch[0].line, start: batch[0].start}
		d, e, broken := parseChunk(name, whole, opts)
		if broken && len(batch) > 1 {
			d, e = nil, nil
			for _, ch := range batch {
				cd, ce, _ := parseChunk(name, chunk{data: data[ch.start:ch.end], line: ch.line}, opts)
				d, e = append(d, cd...), append(e, ce...)
			}
		}
		docs = append(docs, d...)
		errs = append(errs, e...)
	}
	return docs, errs
}

// chunk is one piece of a stream, from one "---" line to the next.
type chunk struct {
	data       []byte
	line       int // line of data's first byte in the file, 1-based
	start, end int // offsets in the file
}

// splitter cuts a stream before every line that starts with "---" and a
// blank. YAML forbids content that starts a line so (even inside block
// scalars), so a cut never splits a document. A first piece holding only
// comments, blank lines and directives stays with the document after it.
type splitter struct {
	data []byte
	pos  int // start of the next piece
	line int // its line
	done bool
}

// Batches hold up to this many pieces or bytes.
const (
	batchPieces = 1024
	batchBytes  = 1 << 20
)

// batch returns the next pieces, none at the end of the stream.
func (sp *splitter) batch() []chunk {
	var out []chunk
	for len(out) < batchPieces && (len(out) == 0 || out[len(out)-1].end-out[0].start < batchBytes) {
		ch, ok := sp.next()
		if !ok {
			break
		}
		out = append(out, ch)
	}
	return out
}

func (sp *splitter) next() (chunk, bool) {
	data := sp.data
	if sp.done {
		return chunk{}, false
	}
	start, startLine, line := sp.pos, sp.line, sp.line
	for i := start; i < len(data); {
		end := bytes.IndexByte(data[i:], '\n')
		next := len(data)
		if end >= 0 {
			next = i + end + 1
		}
		if i > start && isDocumentStart(data[i:next]) && !headerOnly(data[start:i]) {
			sp.pos, sp.line = i, line
			return chunk{line: startLine, start: start, end: i}, true
		}
		line += lineBreaks(data[i:next])
		i = next
	}
	sp.done = true // the last piece, or the empty stream's only one
	return chunk{line: startLine, start: start, end: len(data)}, true
}

// lineBreaks counts line breaks as yaml.v3 does, so that lines counted here
// agree with its node lines: LF, CRLF, a lone CR, NEL, LS and PS.
func lineBreaks(b []byte) int {
	n := 0
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == '\n':
			n++
		case b[i] == '\r':
			if i+1 >= len(b) || b[i+1] != '\n' {
				n++
			}
		case b[i] == 0xc2 && i+1 < len(b) && b[i+1] == 0x85:
			n++
		case b[i] == 0xe2 && i+2 < len(b) && b[i+1] == 0x80 && (b[i+2] == 0xa8 || b[i+2] == 0xa9):
			n++
		}
	}
	return n
}

func isDocumentStart(line []byte) bool {
	if !bytes.HasPrefix(line, []byte("---")) {
		return false
	}
	return len(line) == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r' || line[3] == '\n'
}

// headerOnly tells whether a piece holds no content: only blank lines,
// comments and directives (%YAML, %TAG).
func headerOnly(b []byte) bool {
	for len(b) > 0 {
		l := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			l, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		l = bytes.TrimSpace(l)
		if len(l) > 0 && l[0] != '#' && l[0] != '%' {
			return false
		}
	}
	return true
}

// parseChunk reads the documents of one piece of the stream; broken says
// it stopped at a syntax error or bytes that are not UTF-8.
func parseChunk(name string, ch chunk, opts Options) (docs []Document, errs []Error, broken bool) {
	if off := invalidUTF8(ch.data); off >= 0 {
		line := ch.line + lineBreaks(ch.data[:off])
		return nil, []Error{{File: name, Line: line, Message: fmt.Sprintf("invalid UTF-8 (byte 0x%02x); YAML and JSON must be UTF-8 text", ch.data[off])}}, true
	}
	dec := yaml.NewDecoder(bytes.NewReader(ch.data))
	for {
		var node yaml.Node
		err := dec.Decode(&node)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// The decoder cannot resynchronise after a syntax error: the
			// rest of this piece is lost, the next pieces are read.
			errs = append(errs, yamlError(name, ch, err))
			return docs, errs, true
		}
		root := &node
		if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
			root = root.Content[0]
		}
		c := converter{opts: opts}
		if err := c.check(root); err != nil {
			errs = append(errs, Error{File: name, Line: ch.line + c.line(root) - 1, Message: err.Error()})
			continue
		}
		value, err := c.value(root, 0)
		if err != nil {
			errs = append(errs, Error{File: name, Line: ch.line + c.line(root) - 1, Message: err.Error()})
			continue
		}
		f := file{name: name, base: ch.line - 1, source: helmSource(&node, root)}
		d, e := f.documents(root, value)
		docs = append(docs, d...)
		errs = append(errs, e...)
	}
	return docs, errs, false
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

// invalidUTF8 returns the offset of the first byte that is not UTF-8, or -1.
func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

func yamlError(name string, ch chunk, err error) Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = strings.TrimSpace(strings.TrimPrefix(strings.Replace(msg, m[0], "", 1), ":"))
	}
	if strings.HasPrefix(msg, "exceeded max depth") {
		return Error{File: name, Line: ch.line, Message: "document nests too deeply (" + msg + "); refused"}
	}
	// yaml.v3 counts lines from 0 in parser errors (not in scanner ones)
	// and leaves out a line 0, so both are corrected here.
	if parserProblem(msg) {
		line++
	}
	// An error at the end of the stream may point one line past it.
	line = min(max(line, 1), 1+lineBreaks(ch.data))
	if tabIndented(ch.data, line) {
		msg += " (a tab indents this line; YAML indents with spaces only)"
	}
	return Error{File: name, Line: ch.line + line - 1, Message: "invalid YAML: " + msg}
}

// parserProblem tells whether a yaml.v3 message comes from its parser
// rather than its scanner (the problems parserc.go sets).
func parserProblem(msg string) bool {
	for _, p := range []string{
		"did not find expected ',' or ']'", "did not find expected ',' or '}'",
		"did not find expected '-' indicator", "did not find expected <document start>",
		"did not find expected <stream-start>", "did not find expected key",
		"did not find expected node content", "found duplicate %TAG directive",
		"found duplicate %YAML directive", "found incompatible YAML document",
		"found undefined tag handle",
	} {
		if msg == p {
			return true
		}
	}
	return false
}

// tabIndented tells whether the given line (1-based) of b, or the line
// before it, starts its indentation with a tab.
func tabIndented(b []byte, line int) bool {
	lines := bytes.Split(b, []byte("\n"))
	for _, n := range []int{line, line - 1} {
		if n >= 1 && n <= len(lines) {
			l := lines[n-1]
			indent := l[:len(l)-len(bytes.TrimLeft(l, " \t"))]
			if bytes.IndexByte(indent, '\t') >= 0 {
				return true
			}
		}
	}
	return false
}

// file places the documents of one piece of a stream in its file.
type file struct {
	name   string
	base   int    // lines of the file before the piece
	source string // Helm's "# Source:" template, if any
}

// documents turns one parsed YAML document into input documents.
func (f file) documents(node *yaml.Node, value any) ([]Document, []Error) {
	switch v := value.(type) {
	case nil:
		return nil, nil // an empty document, e.g. a lone "---"
	case []any:
		if len(v) > 0 && !hasObject(v) {
			return nil, []Error{{File: f.name, Line: f.base + node.Line, Message: fmt.Sprintf("document is a list of %s, not objects with apiVersion and kind", listName(v))}}
		}
		var docs []Document
		var errs []Error
		for i, item := range v {
			d, e := f.documents(node.Content[i], item)
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
				d, e := f.documents(itemsNode.Content[i], item)
				docs = append(docs, d...)
				errs = append(errs, e...)
			}
			return docs, errs
		}
		line := f.base + node.Line
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
			return nil, []Error{{File: f.name, Line: line, Message: "document has no " + strings.Join(missing, " and ") + "; is this a Kubernetes object?"}}
		}
		d := Document{File: f.name, Line: line, Input: classify(api, kind), Object: v, Source: f.source, Tree: node, TreeBase: f.base}
		if d.Input != KindKubernetes {
			d.Lines = map[string]int{}
			indexLines(node, "", f.base, d.Lines)
		}
		return []Document{d}, nil
	default:
		return nil, []Error{{File: f.name, Line: f.base + node.Line, Message: fmt.Sprintf("document is a %s, not an object with apiVersion and kind", scalarName(value))}}
	}
}

func hasObject(list []any) bool {
	for _, item := range list {
		if _, ok := item.(map[string]any); ok {
			return true
		}
	}
	return false
}

// listName names what a list holds: "strings" when all items are strings.
func listName(list []any) string {
	name := scalarName(list[0])
	for _, item := range list[1:] {
		if scalarName(item) != name {
			return "values"
		}
	}
	return name + "s"
}

// indexLines records the line of every field under node by dotted path.
func indexLines(node *yaml.Node, prefix string, base int, out map[string]int) {
	switch node.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(node.Content); i += 2 {
			k := node.Content[i]
			p := k.Value
			if prefix != "" {
				p = prefix + "." + k.Value
			}
			out[p] = base + k.Line
			indexLines(node.Content[i+1], p, base, out)
		}
	case yaml.SequenceNode:
		for i, item := range node.Content {
			p := fmt.Sprintf("%s[%d]", prefix, i)
			out[p] = base + item.Line
			indexLines(item, p, base, out)
		}
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
	case nil:
		return "null"
	case []any:
		return "list"
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

// check refuses a document before any value is built: more than MaxNodes
// values once aliases are expanded (an alias bomb), nesting deeper than
// MaxDepth, or an alias inside its own anchor. Each node is visited once,
// so refusing costs no more than the text did.
func (c *converter) check(root *yaml.Node) error {
	type size struct{ nodes, height int }
	memo := map[*yaml.Node]*size{}
	limit := c.opts.MaxNodes
	var visit func(n *yaml.Node, depth int) (size, error)
	visit = func(n *yaml.Node, depth int) (size, error) {
		if c.opts.MaxDepth > 0 && depth > c.opts.MaxDepth {
			c.last = n.Line
			return size{}, fmt.Errorf("document nests deeper than %d levels; refused", c.opts.MaxDepth)
		}
		if s, seen := memo[n]; seen {
			if s == nil {
				c.last = n.Line
				return size{}, fmt.Errorf("an alias refers to the value that contains it; refused")
			}
			if c.opts.MaxDepth > 0 && depth+s.height > c.opts.MaxDepth {
				c.last = n.Line
				return size{}, fmt.Errorf("document nests deeper than %d levels; refused", c.opts.MaxDepth)
			}
			return *s, nil
		}
		memo[n] = nil
		children := n.Content
		if n.Kind == yaml.AliasNode {
			if s, seen := memo[n.Alias]; seen && s == nil {
				c.last = n.Line
				return size{}, fmt.Errorf("alias *%s refers to the value that contains it; refused", n.Value)
			}
			children = []*yaml.Node{n.Alias}
		}
		s := size{nodes: 1}
		for _, ch := range children {
			if ch == nil {
				continue
			}
			cs, err := visit(ch, depth+1)
			if err != nil {
				return size{}, err
			}
			s.nodes += cs.nodes
			if limit > 0 && s.nodes > limit {
				s.nodes = limit + 1 // saturate: nested bombs would overflow
			}
			s.height = max(s.height, cs.height+1)
		}
		memo[n] = &s
		return s, nil
	}
	s, err := visit(root, 0)
	if err != nil {
		return err
	}
	if limit > 0 && s.nodes > limit {
		return fmt.Errorf("document expands to more than %d values (a YAML alias bomb?); refused", limit)
	}
	return nil
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
