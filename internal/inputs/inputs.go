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
	// Origin is set on documents rendered from a chart or kustomization:
	// File and Line are then positions in the rendered output, which
	// Origin.Locate maps back to the source.
	Origin *Origin
	// Notes are what kubectl accepts silently but the file should not say
	// (a key written twice in one mapping): reported, not failed.
	Notes []Error
}

// DocumentNotes gathers the notes of documents, in their order.
func DocumentNotes(docs []Document) []Error {
	var notes []Error
	for _, d := range docs {
		notes = append(notes, d.Notes...)
	}
	return notes
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
	MaxValues    int   // values written in one document, aliases not expanded
	// MaxAliasValues bounds the values aliases add in one file,
	// MaxRunAliasValues in a whole run (Aliases counts it down; nil: no
	// run-wide bound).
	MaxAliasValues    int64
	MaxRunAliasValues int64
	Aliases           *AliasBudget
	// Kind, when set to dockerfile, reads every file as a Dockerfile
	// whatever its name (--kind dockerfile).
	Kind string
	// Render, when set, renders folders that are Helm charts or
	// kustomizations instead of reading their files (nil: --render=false).
	Render Renderer
}

// DefaultOptions are the limits used when none are given.
var DefaultOptions = Options{MaxFileBytes: 64 << 20, MaxDepth: 200, MaxValues: 20_000_000, MaxAliasValues: 1_000_000, MaxRunAliasValues: 4_000_000}

// ForRun returns the options with a fresh run-wide alias budget.
func (o Options) ForRun() Options {
	if o.MaxRunAliasValues > 0 {
		o.Aliases = NewAliasBudget(o.MaxRunAliasValues)
	}
	return o
}

// Result is everything read from a set of paths.
type Result struct {
	Files     int
	Documents []Document
	Errors    []Error
	// Notes are files of folders that were skipped (not regular files).
	Notes []Error
	// Stdin is what standard input held, kept so that positions can be
	// looked up again after evaluation (files are simply re-read).
	Stdin []byte
	// Pipes holds, by name, what inputs given by name that are not
	// regular files held (process substitution: check <(helm template
	// ...) names /dev/fd/63, a pipe): reading one again gives nothing or
	// blocks, so its content is kept as Stdin's is.
	Pipes map[string][]byte
}

// Content returns a file's content again: what was kept for standard input
// and pipes, the file read again otherwise.
func (res *Result) Content(name string) ([]byte, error) {
	if name == Stdin {
		return res.Stdin, nil
	}
	if data, ok := res.Pipes[name]; ok {
		return data, nil
	}
	return os.ReadFile(name)
}

// Keep takes what other kept of standard input and pipes, for Content.
func (res *Result) Keep(other *Result) {
	if other.Stdin != nil {
		res.Stdin = other.Stdin
	}
	for name, data := range other.Pipes {
		if res.Pipes == nil {
			res.Pipes = map[string][]byte{}
		}
		res.Pipes[name] = data
	}
}

// Read reads every path ("-" is stdin): files as they are, folders
// recursively (.yaml, .yml, .json). A file that fails becomes an Error and
// the others are still read.
func Read(paths []string, stdin io.Reader, opts Options) Result {
	var res Result
	for _, p := range paths {
		if p == "-" {
			if stdin == nil {
				res.Errors = append(res.Errors, Error{File: Stdin, Message: "standard input is not available here"})
				continue
			}
			c := readLimited(stdin, opts.MaxFileBytes)
			res.Stdin = c.data
			res.add(Stdin, c, opts)
			continue
		}
		l := expand(p, opts.Render)
		if l.err != nil {
			res.Errors = append(res.Errors, Error{File: p, Message: l.err.Error()})
			continue
		}
		for _, f := range l.files {
			if l.roots[f] {
				res.addRendered(opts.Render.Render(f, opts))
				continue
			}
			c := readFile(f, opts.MaxFileBytes)
			if c.pipe && c.err == nil {
				if res.Pipes == nil {
					res.Pipes = map[string][]byte{}
				}
				res.Pipes[f] = c.data
			}
			res.add(f, c, opts)
		}
		res.Errors = append(res.Errors, l.subErrs...)
		res.Notes = append(res.Notes, l.notes...)
	}
	return res
}

type content struct {
	data []byte
	err  error
	pipe bool // not a regular file: it cannot be read again
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
	c := readLimited(f, limit)
	c.pipe = !info.Mode().IsRegular()
	return c
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

// addRendered takes what rendering a folder gave: its rendered output is
// kept as pipes are, for Content.
func (res *Result) addRendered(r Result) {
	res.Files += r.Files
	res.Documents = append(res.Documents, r.Documents...)
	res.Errors = append(res.Errors, r.Errors...)
	res.Notes = append(res.Notes, r.Notes...)
	res.Keep(&r)
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
	if utf16WithoutBOM(data) {
		return nil, []Error{{File: name, Line: 1, Message: "UTF-16 text without a byte order mark; save it as UTF-8"}}
	}
	if looksBinary(data) {
		return nil, []Error{{File: name, Line: 1, Message: "binary content, not YAML, JSON or a Dockerfile"}}
	}
	if opts.Kind == KindDockerfile || IsDockerfile(name) {
		return parseDockerfile(name, data)
	}
	if strings.EqualFold(filepath.Ext(name), ".json") {
		if err := jsonSyntax(name, Normalize(data)); err != nil {
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

// utf16WithoutBOM tells UTF-16 text that has no byte order mark by its
// zero bytes: in ASCII-heavy UTF-16 every other byte is zero.
func utf16WithoutBOM(data []byte) bool {
	head := data[:min(len(data), 512)&^1]
	if len(head) < 4 {
		return false
	}
	var even, odd int
	for i := 0; i < len(head); i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	half := len(head) / 2
	return (even > half*3/4 && odd == 0) || (odd > half*3/4 && even == 0)
}

func looksBinary(data []byte) bool {
	head := data
	if len(head) > 8000 {
		head = head[:8000]
	}
	return bytes.IndexByte(head, 0) >= 0
}

// Expand lists the inputs the paths stand for, in the order Read reads
// them, so that callers can read them one at a time (Read on each): "-"
// stays, a folder becomes its files, and a path that cannot be listed
// stays as given, so that reading it reports why. A sub-folder that cannot
// be listed stays as a path of its own: its error is its own, and the
// files around it are still read. Notes say which files of a folder were
// skipped because they are not regular files; skipped lists the
// dot-directories (.git, .github, ...) inside folder arguments that were
// not entered (a dot-directory named as an argument is read like any
// folder).
func Expand(paths []string) (files []string, notes []Error, skipped []string) {
	return ExpandRendered(paths, nil)
}

// ExpandRendered is Expand where folders that r renders (charts,
// kustomizations) stay whole: each is one input, its files are not listed.
// A kustomization found in a folder walk that another one found in the
// same walk builds on (a base of an overlay) is not an input of its own: it
// is checked as part of the overlay, and a note says so.
func ExpandRendered(paths []string, r Renderer) (files []string, notes []Error, skipped []string) {
	for _, p := range paths {
		if p == "-" {
			files = append(files, p)
			continue
		}
		l := expand(p, r)
		if l.err != nil {
			files = append(files, p)
			continue
		}
		files = append(files, l.files...)
		files = append(files, l.unlisted...)
		notes = append(notes, l.notes...)
		skipped = append(skipped, l.skipped...)
	}
	return files, notes, skipped
}

// listing is what a path stands for.
type listing struct {
	files    []string        // sorted, so runs are repeatable
	unlisted []string        // sub-folders that could not be listed
	notes    []Error         // files skipped: not regular files
	err      error           // the path itself cannot be read
	subErrs  []Error         // why each unlisted folder could not be listed
	skipped  []string        // dot-directories not entered
	roots    map[string]bool // files that are folders to render
}

// expand lists the files a path stands for. A path given by name is read
// whatever it is (a FIFO from process substitution, <(...), is one); in a
// folder only regular files, or symlinks to them, are inputs: a FIFO, a
// socket or a device would block the run or never end, so it is skipped
// with a note.
func expand(p string, r Renderer) listing {
	info, err := os.Stat(p)
	if err != nil {
		return listing{err: fmt.Errorf("cannot read: %s", unwrapPathError(err))}
	}
	if !info.IsDir() {
		return listing{files: []string{p}}
	}
	if r != nil && r.Root(p) != "" {
		return listing{files: []string{p}, roots: map[string]bool{p: true}}
	}
	var l listing
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == p {
				return err
			}
			l.unlisted = append(l.unlisted, path)
			l.subErrs = append(l.subErrs, Error{File: path, Message: "cannot read folder: " + unwrapPathError(err)})
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if path != p && strings.HasPrefix(d.Name(), ".") {
				l.skipped = append(l.skipped, path)
				return filepath.SkipDir
			}
			if path != p && r != nil && r.Root(path) != "" {
				if l.roots == nil {
					l.roots = map[string]bool{}
				}
				l.roots[path] = true
				l.files = append(l.files, path)
				return filepath.SkipDir
			}
			return nil
		}
		if !Recognised(d.Name()) {
			return nil
		}
		mode := d.Type()
		if mode&fs.ModeSymlink != 0 {
			info, err := os.Stat(path)
			if err != nil {
				l.files = append(l.files, path) // reading it says why
				return nil
			}
			mode = info.Mode().Type()
		}
		if mode.IsRegular() {
			l.files = append(l.files, path)
			return nil
		}
		l.notes = append(l.notes, Error{File: path, Message: "skipped: " + FileKind(mode) + ", not a regular file"})
		return nil
	})
	if err != nil {
		return listing{err: fmt.Errorf("cannot read: %s", unwrapPathError(err))}
	}
	l.dropBases(r)
	sort.Strings(l.files)
	return l
}

// dropBases leaves out the kustomizations of a walk that another
// kustomization of the same walk builds on.
func (l *listing) dropBases(r Renderer) {
	if len(l.roots) < 2 {
		return
	}
	usedBy := map[string]string{}
	for root := range l.roots {
		for _, b := range r.Bases(root) {
			if abs, err := filepath.Abs(b); err == nil {
				usedBy[abs] = root
			}
		}
	}
	kept := l.files[:0]
	for _, f := range l.files {
		abs, err := filepath.Abs(f)
		if user, used := usedBy[abs]; used && err == nil && l.roots[f] && user != f {
			delete(l.roots, f)
			l.notes = append(l.notes, Error{File: f, Message: "not checked on its own: a kustomize base of " + user + ", checked as part of it (name it as an argument to check it alone)"})
			continue
		}
		kept = append(kept, f)
	}
	l.files = kept
}

// FileKind names what a file that is not a regular file is.
func FileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symlink"
	}
	return "not a regular file (" + m.Type().String() + ")"
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
