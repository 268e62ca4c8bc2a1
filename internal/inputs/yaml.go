package inputs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
)

var yamlLine = regexp.MustCompile(`line (\d+)`)

// parseYAML reads every document of a YAML or JSON stream the way `kubectl
// apply -f` does: a stream whose first character is "{" is a stream of JSON
// values (one object, or NDJSON); anything else is cut into documents at
// kubectl's "---" lines. Each document's value comes from sigs.k8s.io/yaml
// (YAML 1.1 scalars, merge keys, JSON numbers), through apimachinery's
// decoder; yaml.v3's node tree of the same bytes only locates lines.
// `kind: List`, typed lists (PodList, …) and top-level arrays give one
// document per item.
func parseYAML(name string, data []byte, opts Options) ([]Document, []Error) {
	data = Normalize(data)
	budget := newBudget(opts)
	if utilyaml.IsJSONBuffer(data) {
		docs, errs, rest, restLine := parseJSONStream(name, data, opts, budget)
		if rest == nil {
			return docs, errs
		}
		// Like kubectl: a stream that held at most one JSON value before
		// failing is read again as YAML from that point.
		d, e := parseYAMLDocuments(name, rest, restLine, opts, budget)
		return append(docs, d...), append(errs, e...)
	}
	return parseYAMLDocuments(name, data, 1, opts, budget)
}

func parseYAMLDocuments(name string, data []byte, firstLine int, opts Options, budget *budget) ([]Document, []Error) {
	var docs []Document
	var errs []Error
	sp := splitter{data: data, line: firstLine}
	for {
		ch, err, ok := sp.next()
		if !ok {
			break
		}
		if err != nil {
			errs = append(errs, Error{File: name, Line: err.line, Message: err.msg})
			continue
		}
		d, e := parseDocument(name, ch, opts, budget)
		docs = append(docs, d...)
		errs = append(errs, e...)
	}
	return docs, errs
}

// chunk is one document of a stream.
type chunk struct {
	data []byte
	line int // line of data's first byte in the file, 1-based
}

// splitter cuts a stream into documents as apimachinery's YAMLReader does
// for kubectl: a line that starts with "---" ends a document when what
// follows it on the line is blank or a comment, and is an error otherwise
// ("--- {a: 1}" is refused by kubectl, so it is refused here).
type splitter struct {
	data []byte
	pos  int
	line int
	done bool
}

type splitError struct {
	line int
	msg  string
}

func (sp *splitter) next() (chunk, *splitError, bool) {
	for !sp.done {
		start, startLine := sp.pos, sp.line
		i := start
		for i < len(sp.data) {
			end := bytes.IndexByte(sp.data[i:], '\n')
			next := len(sp.data)
			if end >= 0 {
				next = i + end + 1
			}
			line := sp.data[i:next]
			if bytes.HasPrefix(line, []byte("---")) {
				rest := strings.TrimSpace(string(line[3:]))
				if rest != "" && rest[0] != '#' {
					if i > start { // the document before it first
						sp.pos, sp.line = i, startLine+lineBreaks(sp.data[start:i])
						return chunk{data: sp.data[start:i], line: startLine}, nil, true
					}
					sp.pos, sp.line = next, startLine+lineBreaks(line)
					return chunk{}, &splitError{line: startLine, msg: fmt.Sprintf("invalid YAML document separator %q: kubectl accepts only a comment after ---", truncate(rest, 40))}, true
				}
				sp.pos, sp.line = next, startLine+lineBreaks(sp.data[start:next])
				if i > start {
					return chunk{data: sp.data[start:i], line: startLine}, nil, true
				}
				start, startLine = sp.pos, sp.line
				i = next
				continue
			}
			i = next
		}
		sp.done = true
		if start < len(sp.data) {
			return chunk{data: sp.data[start:], line: startLine}, nil, true
		}
	}
	return chunk{}, nil, false
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
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

// blank tells whether a document holds no content: only blank lines,
// comments and directives (%YAML, %TAG).
func blank(b []byte) bool {
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

// parseDocument reads one document: its value as kubectl decodes it, and
// yaml.v3's node tree of the same bytes for lines, Helm's "# Source:"
// comment, the refusals that protect the run (alias bombs, depth) and
// notes on keys written twice.
func parseDocument(name string, ch chunk, opts Options, budget *budget) ([]Document, []Error) {
	ch.data = bytes.TrimPrefix(ch.data, []byte("\xef\xbb\xbf")) // YAML allows a BOM before each document
	if blank(ch.data) {
		return nil, nil
	}
	if off := invalidUTF8(ch.data); off >= 0 {
		line := ch.line + lineBreaks(ch.data[:off])
		return nil, []Error{{File: name, Line: line, Message: fmt.Sprintf("invalid UTF-8 (byte 0x%02x); YAML and JSON must be UTF-8 text", ch.data[off])}}
	}
	var doc yaml.Node
	var root *yaml.Node
	var notes []Error
	treeErr := yaml.NewDecoder(bytes.NewReader(ch.data)).Decode(&doc)
	if treeErr == nil {
		root = &doc
		if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
			root = root.Content[0]
		}
		c := converter{opts: opts, budget: budget}
		if err := c.check(root); err != nil {
			return nil, []Error{{File: name, Line: ch.line + c.line(root) - 1, Message: err.Error()}}
		}
		for _, d := range c.duplicates {
			notes = append(notes, Error{File: name, Line: ch.line + d.last - 1, Message: fmt.Sprintf(
				"key %q is written twice in one mapping (lines %d and %d); kubectl applies only the last, and only the last is checked",
				d.key, ch.line+d.first-1, ch.line+d.last-1)})
		}
	} else if errors.Is(treeErr, io.EOF) {
		treeErr = nil
	}
	var value any
	if err := utilyaml.Unmarshal(ch.data, &value); err != nil {
		if treeErr != nil {
			return nil, []Error{yamlError(name, ch, treeErr)}
		}
		return nil, []Error{yamlError(name, ch, err)}
	}
	f := file{name: name, base: ch.line - 1, line: ch.line}
	if root != nil {
		f.source = helmSource(&doc, root)
	}
	docs, errs := f.documents(root, value)
	if len(docs) > 0 {
		docs[0].Notes = notes // a List's items share one tree: its first item carries them
	}
	return docs, errs
}

// parseJSONStream reads a stream of JSON values as kubectl's JSON decoder
// does. When decoding fails before a second value, rest is the unread part,
// to be read as YAML from restLine.
func parseJSONStream(name string, data []byte, opts Options, budget *budget) (docs []Document, errs []Error, rest []byte, restLine int) {
	dec := json.NewDecoder(bytes.NewReader(data))
	count := 0
	for {
		start := skipSpace(data, int(dec.InputOffset()))
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			return docs, errs, nil, 0
		}
		if err != nil {
			if count <= 1 {
				return docs, errs, data[start:], 1 + lineBreaks(data[:start])
			}
			off := dec.InputOffset()
			var se *json.SyntaxError
			if errors.As(err, &se) {
				off = se.Offset
			}
			off = min(max(off, 0), int64(len(data)))
			msg := err.Error()
			line := 1 + lineBreaks(data[:off])
			if errors.Is(err, io.ErrUnexpectedEOF) {
				msg, line = "unexpected end of input", 1+lineBreaks(data)
			}
			return docs, append(errs, Error{File: name, Line: line, Message: "invalid JSON: " + msg}), nil, 0
		}
		count++
		ch := chunk{data: data[start:dec.InputOffset()], line: 1 + lineBreaks(data[:start])}
		d, e := parseDocument(name, ch, opts, budget)
		docs = append(docs, d...)
		errs = append(errs, e...)
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
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
	msg := strings.TrimPrefix(err.Error(), "error converting YAML to JSON: ")
	msg = strings.TrimPrefix(msg, "yaml: ")
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
	line = min(max(line, 1), 1+lineBreaks(bytes.TrimRight(ch.data, "\n")))
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
	base   int    // lines of the file before the document
	line   int    // the document's first line, where no node tells better
	source string // Helm's "# Source:" template, if any
}

// nodeLine is the file line of a node, or of the document when the node is
// unknown (yaml.v3 could not read what sigs.k8s.io/yaml could).
func (f file) nodeLine(n *yaml.Node) int {
	if n == nil {
		return f.line
	}
	return f.base + n.Line
}

// documents turns one decoded document into input documents. node is the
// yaml.v3 node the value was read from, nil when unknown.
func (f file) documents(node *yaml.Node, value any) ([]Document, []Error) {
	node = deref(node)
	switch v := value.(type) {
	case nil:
		return nil, nil // an empty document, e.g. a lone "---" or "null"
	case []any:
		if len(v) > 0 && !hasObject(v) {
			return nil, []Error{{File: f.name, Line: f.nodeLine(node), Message: fmt.Sprintf("document is a list of %s, not objects with apiVersion and kind", listName(v))}}
		}
		var docs []Document
		var errs []Error
		for i, item := range v {
			d, e := f.documents(child(node, yaml.SequenceNode, i), item)
			docs = append(docs, d...)
			errs = append(errs, e...)
		}
		return docs, errs
	case map[string]any:
		api, _ := v["apiVersion"].(string)
		kind, _ := v["kind"].(string)
		if items, isList := v["items"]; isList {
			return f.list(node, api, kind, items)
		}
		line := f.nodeLine(node)
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
		DropNulls(v)
		d := Document{File: f.name, Line: line, Input: classify(api, kind), Object: v, Source: f.source, Tree: node, TreeBase: f.base}
		if node == nil {
			d.Line = f.line
		}
		if d.Input == KindKubernetes {
			if field, msg, refused := apiRefusal(v); refused {
				at := d.Line
				if node != nil && field != "" {
					at = f.base + TreeLine(node, field)
				}
				return nil, []Error{{File: f.name, Line: at, Message: msg}}
			}
			podAsCreated(v)
		}
		if d.Input != KindKubernetes {
			d.Lines = map[string]int{}
			if node != nil {
				indexLines(node, "", f.base, d.Lines)
			}
		}
		return []Document{d}, nil
	default:
		return nil, []Error{{File: f.name, Line: f.nodeLine(node), Message: fmt.Sprintf("document is a %s, not an object with apiVersion and kind", scalarName(value))}}
	}
}

// list unwraps a list object as kubectl does (apimachinery's unstructured
// decoder): any object with an "items" field is a list, whatever its kind
// (List, PodList, DeploymentList …), and an item that names neither kind
// nor apiVersion takes the list's apiVersion and its kind less "List".
func (f file) list(node *yaml.Node, api, kind string, items any) ([]Document, []Error) {
	if items == nil {
		return nil, nil // "items: null" is an empty list to kubectl
	}
	list, ok := items.([]any)
	if !ok {
		return nil, []Error{{File: f.name, Line: f.nodeLine(MappingValue(node, "items")), Message: fmt.Sprintf("%s: items is a %s, not a list of objects", kind, scalarName(items))}}
	}
	itemsNode := MappingValue(node, "items")
	var docs []Document
	var errs []Error
	for i, item := range list {
		itemNode := child(itemsNode, yaml.SequenceNode, i)
		obj, ok := item.(map[string]any)
		if !ok {
			errs = append(errs, Error{File: f.name, Line: f.nodeLine(itemNode), Message: fmt.Sprintf("%s: items[%d] is a %s, not an object", kind, i, scalarName(item))})
			continue
		}
		if obj["kind"] == nil && obj["apiVersion"] == nil {
			obj["kind"], obj["apiVersion"] = strings.TrimSuffix(kind, "List"), api
		}
		d, e := f.documents(itemNode, obj)
		docs = append(docs, d...)
		errs = append(errs, e...)
	}
	return docs, errs
}

// DropNulls removes the fields set to null, at every depth: the API server
// reads an explicit null as a field left unset (typed kinds decode it to
// the zero value, CRDs prune it), so admission never sees it.
func DropNulls(v any) {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if x == nil {
				delete(t, k)
				continue
			}
			DropNulls(x)
		}
	case []any:
		for _, x := range t {
			DropNulls(x)
		}
	}
}

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// child is the i-th item of a sequence node, nil when the tree does not
// have it.
func child(n *yaml.Node, kind yaml.Kind, i int) *yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != kind || i >= len(n.Content) {
		return nil
	}
	return n.Content[i]
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

func classify(apiVersion, kind string) string {
	switch {
	case apiVersion == "v1" && kind == "Config":
		return KindKubeconfig
	case strings.HasPrefix(apiVersion, "shipshape.dev/") && kind == "ClusterPlan":
		return KindPlan
	}
	return KindKubernetes
}

// MappingValue is the value of key in a mapping node, aliases followed;
// nil when node is not a mapping or lacks the key. A key written twice
// gives its last value, the one kubectl keeps.
func MappingValue(node *yaml.Node, key string) *yaml.Node {
	node = deref(node)
	if node == nil || node.Kind != yaml.MappingNode {
		return nil
	}
	for i := len(node.Content)/2*2 - 2; i >= 0; i -= 2 {
		if node.Content[i].Value == key {
			return deref(node.Content[i+1])
		}
	}
	return nil
}

// converter checks a document's yaml.v3 tree before any value is built,
// so that what a document costs is bounded by what its text costs.
type converter struct {
	opts   Options
	budget *budget
	last   int
	// duplicates are keys written twice in one mapping, as lines of the
	// document: kubectl keeps the last value, and so does the check.
	duplicates []duplicateKey
}

type duplicateKey struct {
	key         string
	first, last int
}

// budget bounds the values that aliases add, for one file and (through
// Options.Aliases) for the whole run: a few small documents that each
// expand within a per-document bound would otherwise add up without end.
type budget struct {
	file int64
	run  *AliasBudget
}

func newBudget(opts Options) *budget {
	return &budget{file: opts.MaxAliasValues, run: opts.Aliases}
}

// AliasBudget is the values aliases may add over a whole run, shared by
// every file of it; nil leaves only the per-file bound.
type AliasBudget struct{ left atomic.Int64 }

// NewAliasBudget gives a run n alias-expanded values.
func NewAliasBudget(n int64) *AliasBudget {
	b := &AliasBudget{}
	b.left.Store(n)
	return b
}

// charge takes n values from the file's and the run's budgets, telling
// which one ran out.
func (b *budget) charge(n int64, limits Options) error {
	if n == 0 {
		return nil
	}
	if limits.MaxAliasValues > 0 {
		b.file -= n
		if b.file < 0 {
			return fmt.Errorf("aliases in this file expand to more than %d values (--max-alias-values; a YAML alias bomb?); refused", limits.MaxAliasValues)
		}
	}
	if b.run != nil && b.run.left.Add(-n) < 0 {
		return fmt.Errorf("aliases in this run's files expand to more than %d values in all (a YAML alias bomb?); refused", limits.MaxRunAliasValues)
	}
	return nil
}

// check refuses a document: nesting deeper than MaxDepth, an alias inside
// its own anchor, a key written twice in one mapping, more than MaxValues
// values as written, or aliases that expand past the file's or the run's
// budget. Each node is visited once, so refusing costs no more than the
// text did.
func (c *converter) check(root *yaml.Node) error {
	type size struct {
		nodes  int64
		height int
	}
	memo := map[*yaml.Node]*size{}
	const saturated = int64(1) << 50 // nested bombs would overflow
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
		if c.opts.MaxValues > 0 && len(memo) > c.opts.MaxValues {
			c.last = n.Line
			return size{}, fmt.Errorf("document holds more than %d values (--max-values); refused", c.opts.MaxValues)
		}
		children := n.Content
		switch n.Kind {
		case yaml.AliasNode:
			if s, seen := memo[n.Alias]; seen && s == nil {
				c.last = n.Line
				return size{}, fmt.Errorf("alias *%s refers to the value that contains it; refused", n.Value)
			}
			children = []*yaml.Node{n.Alias}
		case yaml.MappingNode:
			c.uniqueKeys(n)
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
			s.nodes = min(s.nodes+cs.nodes, saturated)
			s.height = max(s.height, cs.height+1)
		}
		memo[n] = &s
		return s, nil
	}
	s, err := visit(root, 0)
	if err != nil {
		return err
	}
	// What aliases add is the expanded size less the nodes written.
	c.last = root.Line
	return c.budget.charge(max(s.nodes-int64(len(memo)), 0), c.opts)
}

// uniqueKeys notes a key written twice in one mapping. kubectl (through
// sigs.k8s.io/yaml) keeps the last value silently and the API server never
// sees the first; the document is judged as kubectl sends it, and the
// file's author is told that one of the two lines is dead. A key after a
// merge ("<<") is an override, not a duplicate.
func (c *converter) uniqueKeys(n *yaml.Node) {
	if len(n.Content) < 4 {
		return
	}
	seen := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
			continue
		}
		if first, dup := seen[k.Value]; dup {
			c.duplicates = append(c.duplicates, duplicateKey{key: k.Value, first: first, last: k.Line})
		}
		seen[k.Value] = k.Line
	}
}

func (c *converter) line(n *yaml.Node) int {
	if c.last > 0 {
		return c.last
	}
	return n.Line
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
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}
