// Package position finds the line of the field a finding names. Documents
// are parsed into plain values for evaluation, without YAML node trees;
// afterwards only the files that have findings naming a field are parsed
// again, one document at a time, so 100k documents stay cheap.
package position

import (
	"bytes"
	"io"
	"runtime"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
)

// Open returns a file's content again (standard input is kept by the caller).
type Open func(file string) ([]byte, error)

// Resolve sets FieldLine on every finding whose details.field names a field,
// to the line of that field, or of its deepest ancestor present in the file
// when the field itself is missing (a probe that is not there points at its
// container). Files that cannot be read again are left as they are. Files
// are parsed again in parallel, one per CPU: each writes only the findings
// of its own file.
func Resolve(findings []engine.Finding, open Open) {
	ResolveDocuments(findings, nil, open)
}

// ResolveDocuments is Resolve for the findings of documents that still hold
// their YAML trees: their lines are read from the trees, and only the
// files of findings whose document has none are parsed again.
func ResolveDocuments(findings []engine.Finding, docs []inputs.Document, open Open) {
	type key struct {
		file string
		line int
	}
	trees := make(map[key]*inputs.Document, len(docs))
	for i := range docs {
		if docs[i].Tree != nil {
			trees[key{docs[i].File, docs[i].Line}] = &docs[i]
		}
	}
	var rest []int
	for i := range findings {
		f := &findings[i]
		field := f.Field()
		if field == "" {
			continue
		}
		if d, ok := trees[key{f.File, f.Line}]; ok {
			f.FieldLine = d.TreeBase + inputs.TreeLine(d.Tree, field)
			continue
		}
		rest = append(rest, i)
	}
	resolveFiles(findings, rest, open)
}

// resolveFiles parses again the files of the findings idx, in parallel.
func resolveFiles(findings []engine.Finding, idx []int, open Open) {
	byFile := map[string][]int{}
	var order []string
	for _, i := range idx {
		f := findings[i].File
		if _, ok := byFile[f]; !ok {
			order = append(order, f)
		}
		byFile[f] = append(byFile[f], i)
	}
	next := make(chan string)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(order)) {
		wg.Go(func() {
			for file := range next {
				resolveFile(findings, byFile[file], file, open)
			}
		})
	}
	for _, file := range order {
		next <- file
	}
	close(next)
	wg.Wait()
}

// resolveFile sets FieldLine on the findings idx of one file.
func resolveFile(findings []engine.Finding, idx []int, file string, open Open) {
	data, err := open(file)
	if err != nil {
		return
	}
	want := map[int][]int{} // document line → findings
	for _, i := range idx {
		want[findings[i].Line] = append(want[findings[i].Line], i)
	}
	eachObject(data, func(n *yaml.Node) bool {
		for _, i := range want[n.Line] {
			findings[i].FieldLine = inputs.TreeLine(n, findings[i].Field())
		}
		delete(want, n.Line)
		return len(want) > 0
	})
}

// eachObject calls fn with every object node of a YAML stream as the
// inputs package counts them (documents, items of a top-level list or of a
// kind: List), one document in memory at a time; fn returns false to stop.
//
// A syntax error the first read reported already stops yaml.v3's decoder
// for the rest of the stream; the documents after it are then read again
// one piece at a time (inputs.Pieces, the cut the first read made), so
// their findings keep their field lines.
func eachObject(data []byte, fn func(*yaml.Node) bool) {
	data = inputs.Normalize(data)
	more, broken := eachIn(data, 0, fn)
	if !more || !broken {
		return
	}
	inputs.Pieces(data, func(piece []byte, line int) bool {
		more, _ := eachIn(piece, line-1, fn)
		return more
	})
}

// eachIn decodes the documents of data, whose lines start after line base
// in the file; more is false when fn stopped, broken when a syntax error
// did.
func eachIn(data []byte, base int, fn func(*yaml.Node) bool) (more, broken bool) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			return true, err != io.EOF
		}
		if base > 0 {
			shift(&doc, base, map[*yaml.Node]bool{})
		}
		root := &doc
		if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
			root = root.Content[0]
		}
		if !walkObjects(root, fn) {
			return false, false
		}
	}
}

// shift adds base to the line of every node of a tree (aliases point into
// it, so each node is moved once).
func shift(n *yaml.Node, base int, seen map[*yaml.Node]bool) {
	if n == nil || seen[n] {
		return
	}
	seen[n] = true
	n.Line += base
	for _, c := range n.Content {
		shift(c, base, seen)
	}
}

func walkObjects(n *yaml.Node, fn func(*yaml.Node) bool) bool {
	n = deref(n)
	switch n.Kind {
	case yaml.SequenceNode:
		for _, item := range n.Content {
			if !walkObjects(item, fn) {
				return false
			}
		}
		return true
	case yaml.MappingNode:
		// Any object with items is a list, as inputs (and kubectl) read it.
		if items := inputs.MappingValue(n, "items"); items != nil && items.Kind == yaml.SequenceNode {
			return walkObjects(items, fn)
		}
		return fn(n)
	}
	return true
}

func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}
