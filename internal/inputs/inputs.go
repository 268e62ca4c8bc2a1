// Package inputs turns files, folders and standard input into documents:
// one parsed object each, with the file and line it came from.
package inputs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Stdin is the file name given to documents read from standard input.
const Stdin = "<stdin>"

// Document kinds, matching the policies' input kinds.
const (
	KindKubernetes = "kubernetes"
	KindKubeconfig = "kubeconfig"
	KindPlan       = "plan"
	KindDockerfile = "dockerfile"
)

// Document is one object found in an input.
type Document struct {
	File string
	Line int // line of the document's first key, 1-based
	// Source is the template the document was rendered from, from Helm's
	// "# Source: chart/templates/x.yaml" comment; "" when there is none.
	Source string
	Input  string
	Object map[string]any
	// Lines maps a field's dotted path (spec.nodePools[0].count) to its
	// line, for documents that are not Kubernetes objects.
	Lines map[string]int
	// Tree is the YAML node the document was read from, its lines counted
	// from TreeBase+1: field lines are found in it without parsing the
	// file again. It is several times the size of Object, so a caller
	// that keeps many documents drops it; nil for Dockerfiles.
	Tree     *yaml.Node
	TreeBase int
	// NamespaceAssumed is set on a namespaced object that names no
	// namespace when the run was not told where it will be applied: it is
	// taken to be in default, but kubectl apply would put it in the
	// namespace of -n or of the current context.
	NamespaceAssumed bool
}

// FieldLine is the line of a dotted field path, or of its nearest indexed
// parent; 0 when unknown.
func (d Document) FieldLine(field string) int {
	for field != "" {
		if l, ok := d.Lines[field]; ok {
			return l
		}
		i := strings.LastIndexAny(field, ".[")
		if i < 0 {
			break
		}
		field = field[:i]
	}
	return 0
}

// Error is an input that could not be read or parsed.
type Error struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

func (e Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Message)
}

// Options bound what one input may cost.
type Options struct {
	MaxFileBytes int64 // a larger file is refused
	MaxDepth     int   // deeper nesting is refused
	MaxNodes     int   // values built from one document, aliases expanded
	// Kind, when set to dockerfile, reads every file as a Dockerfile
	// whatever its name (--kind dockerfile).
	Kind string
}

// DefaultOptions are the limits used when none are given.
var DefaultOptions = Options{MaxFileBytes: 64 << 20, MaxDepth: 200, MaxNodes: 5_000_000}

// Result is everything read from a set of paths.
type Result struct {
	Files     int
	Documents []Document
	Errors    []Error
	// Stdin is what standard input held, kept so that positions can be
	// looked up again after evaluation (files are simply re-read).
	Stdin []byte
}

// Content returns a file's content again: Stdin for standard input.
func (res *Result) Content(name string) ([]byte, error) {
	if name == Stdin {
		return res.Stdin, nil
	}
	return os.ReadFile(name)
}

// Read reads every path ("-" is stdin): files as they are, folders
// recursively (.yaml, .yml, .json). A file that fails becomes an Error and
// the others are still read.
func Read(paths []string, stdin io.Reader, opts Options) Result {
	var res Result
	for _, p := range paths {
		if p == "-" {
			c := readLimited(stdin, opts.MaxFileBytes)
			res.Stdin = c.data
			res.add(Stdin, c, opts)
			continue
		}
		files, _, err := expand(p)
		if err != nil {
			res.Errors = append(res.Errors, Error{File: p, Message: err.Error()})
			continue
		}
		for _, f := range files {
			res.add(f, readFile(f, opts.MaxFileBytes), opts)
		}
	}
	return res
}

type content struct {
	data []byte
	err  error
}

func readLimited(r io.Reader, limit int64) content {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return content{err: err}
	}
	if int64(len(data)) > limit {
		return content{err: fmt.Errorf("larger than the limit of %d bytes (--max-file-size)", limit)}
	}
	return content{data: data}
}

func readFile(name string, limit int64) content {
	info, err := os.Stat(name)
	if err != nil {
		return content{err: err}
	}
	if info.Size() > limit {
		return content{err: fmt.Errorf("%d bytes, larger than the limit of %d bytes (--max-file-size)", info.Size(), limit)}
	}
	f, err := os.Open(name)
	if err != nil {
		return content{err: err}
	}
	defer f.Close()
	return readLimited(f, limit)
}

func (res *Result) add(name string, c content, opts Options) {
	res.Files++
	if c.err != nil {
		res.Errors = append(res.Errors, Error{File: name, Message: unwrapPathError(c.err)})
		return
	}
	docs, errs := Parse(name, c.data, opts)
	res.Documents = append(res.Documents, docs...)
	res.Errors = append(res.Errors, errs...)
}

func unwrapPathError(err error) string {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse parses one file's content; name decides the format. A file that
// yields no document at all is an error: an empty input is a mistake worth
// seeing, not a clean pass.
func Parse(name string, data []byte, opts Options) ([]Document, []Error) {
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		return nil, []Error{{File: name, Line: 1, Message: "UTF-16 text; save it as UTF-8"}}
	}
	if looksBinary(data) {
		return nil, []Error{{File: name, Line: 1, Message: "binary content, not YAML, JSON or a Dockerfile"}}
	}
	if opts.Kind == KindDockerfile || IsDockerfile(name) {
		return parseDockerfile(name, data)
	}
	if strings.EqualFold(filepath.Ext(name), ".json") {
		if err := jsonSyntax(name, data); err != nil {
			return nil, []Error{*err}
		}
	}
	docs, errs := parseYAML(name, data, opts)
	if len(docs) == 0 && len(errs) == 0 {
		return nil, []Error{{File: name, Line: 1, Message: "no YAML or JSON document in the file (empty, or only comments and ---)"}}
	}
	return docs, errs
}

// jsonSyntax checks a .json file with the JSON parser, whose errors say
// more than YAML's for JSON text; valid JSON is then read as YAML, which
// keeps line numbers and refuses duplicate keys.
func jsonSyntax(name string, data []byte) *Error {
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		var v json.RawMessage
		err := dec.Decode(&v)
		if err == io.EOF {
			return nil
		}
		if err == nil {
			continue
		}
		off := dec.InputOffset()
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = se.Offset
		}
		off = min(max(off, 0), int64(len(data)))
		line := 1 + lineBreaks(data[:off])
		msg := err.Error()
		if errors.Is(err, io.ErrUnexpectedEOF) {
			msg, line = "unexpected end of input", 1+lineBreaks(data)
		}
		return &Error{File: name, Line: line, Message: "invalid JSON: " + msg}
	}
}

func looksBinary(data []byte) bool {
	head := data
	if len(head) > 8000 {
		head = head[:8000]
	}
	return bytes.IndexByte(head, 0) >= 0
}

// ExpandSkipping lists the inputs the paths stand for, in the order Read
// reads them, so that callers can read them one at a time (Read on each):
// "-" stays, a folder becomes its files, and a path that cannot be listed
// stays as given, so that reading it reports why. skipped lists the
// dot-directories (.git, .github, ...) inside folder arguments that were
// not entered; a dot-directory named as an argument is read like any
// folder.
func ExpandSkipping(paths []string) (files, skipped []string) {
	for _, p := range paths {
		if p == "-" {
			files = append(files, p)
			continue
		}
		found, dots, err := expand(p)
		skipped = append(skipped, dots...)
		if err != nil {
			files = append(files, p)
			continue
		}
		files = append(files, found...)
	}
	return files, skipped
}

// expand lists the files a path stands for, sorted so runs are repeatable.
func expand(p string) (files, skipped []string, err error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read: %s", unwrapPathError(err))
	}
	if !info.IsDir() {
		return []string{p}, nil, nil
	}
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != p && strings.HasPrefix(d.Name(), ".") {
				skipped = append(skipped, path)
				return filepath.SkipDir
			}
			return nil
		}
		if Recognised(d.Name()) {
			files = append(files, path)
		}
		return nil
	})
	sort.Strings(files)
	return files, skipped, err
}

// Recognised tells whether a file found in a folder is an input: YAML,
// JSON, or a Dockerfile by its name.
func Recognised(name string) bool {
	if IsDockerfile(name) {
		return true
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}
