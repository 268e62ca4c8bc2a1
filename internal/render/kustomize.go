package render

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/shipshape-dev/shipshape/internal/inputs"
)

// The annotation kustomize writes on each object when a kustomization asks
// for buildMetadata: [originAnnotations].
const originAnnotation = "config.kubernetes.io/origin"

// kustomization is what the locator reads of a kustomization file.
type kustomization struct {
	Resources             []string    `json:"resources"`
	Bases                 []string    `json:"bases"`
	Components            []string    `json:"components"`
	Patches               []patchSpec `json:"patches"`
	PatchesStrategicMerge []string    `json:"patchesStrategicMerge"`
	PatchesJSON6902       []patchSpec `json:"patchesJson6902"`
	BuildMetadata         []string    `json:"buildMetadata"`
}

type patchSpec struct {
	Path   string `json:"path"`
	Patch  string `json:"patch"`
	Target *struct {
		Kind string `json:"kind"`
		Name string `json:"name"`
	} `json:"target"`
}

// kustomizationFile is the kustomization file of dir, or "".
func kustomizationFile(dir string) string {
	for _, k := range KustomizationFiles {
		if p := filepath.Join(dir, k); isFile(p) {
			return p
		}
	}
	return ""
}

func readKustomization(dir string) (*kustomization, string, error) {
	file := kustomizationFile(dir)
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, file, err
	}
	var k kustomization
	if err := sigsyaml.Unmarshal(data, &k); err != nil {
		return nil, file, err
	}
	return &k, file, nil
}

// folders lists the local folders among a kustomization's resources,
// bases and components.
func (k *kustomization) folders(dir string) []string {
	var out []string
	for _, ref := range append(append(append([]string{}, k.Resources...), k.Bases...), k.Components...) {
		if strings.Contains(ref, "://") || strings.HasPrefix(ref, "github.com/") {
			continue
		}
		p := filepath.Clean(filepath.Join(dir, ref))
		if info, err := os.Stat(p); err == nil && info.IsDir() {
			out = append(out, p)
		}
	}
	return out
}

// originFS is the disk with one change: the kustomization built asks for
// origin annotations, so that each object names the file it came from.
type originFS struct {
	filesys.FileSystem
	file  string // absolute path of the root kustomization file
	added bool   // whether originAnnotations was added (the user's file did not ask)
}

func (f *originFS) ReadFile(path string) ([]byte, error) {
	data, err := f.FileSystem.ReadFile(path)
	if err != nil || filepath.Clean(path) != f.file {
		return data, err
	}
	var doc map[string]any
	if err := sigsyaml.Unmarshal(data, &doc); err != nil || doc == nil {
		return data, nil // kustomize reports it
	}
	meta, _ := doc["buildMetadata"].([]any)
	for _, m := range meta {
		if m == "originAnnotations" {
			return data, nil
		}
	}
	doc["buildMetadata"] = append(meta, "originAnnotations")
	f.added = true
	return sigsyaml.Marshal(doc)
}

// build runs kustomize build on dir (krusty, as `kubectl kustomize` does,
// with its default options: no plugins, files only under the root).
func (r *Renderer) build(dir string, opts inputs.Options) inputs.Result {
	res := inputs.Result{Files: 1}
	kfile := kustomizationFile(dir)
	abs, err := filepath.Abs(kfile)
	if err != nil {
		res.Errors = append(res.Errors, inputs.Error{File: kfile, Message: err.Error()})
		return res
	}
	fsys := &originFS{FileSystem: filesys.MakeFsOnDisk(), file: abs}
	m, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(fsys, dir)
	if err != nil {
		res.Errors = append(res.Errors, inputs.Error{File: kfile, Message: "kustomize cannot build it: " + err.Error()})
		return res
	}
	out, err := m.AsYaml()
	if err != nil {
		res.Errors = append(res.Errors, inputs.Error{File: kfile, Message: "kustomize output: " + err.Error()})
		return res
	}
	virtual := dir + " (kustomize build)"
	keep(&res, virtual, out)
	docs, errs := inputs.Parse(virtual, out, opts)
	for _, e := range errs {
		e.File, e.Line = kfile, 0
		e.Message = "kustomize output: " + e.Message
		res.Errors = append(res.Errors, e)
	}
	patches := collectPatches(dir, map[string]bool{})
	files := &sourceFiles{parsed: map[string][]*yaml.Node{}}
	for i := range docs {
		d := &docs[i]
		o := takeOrigin(d.Object, fsys.added)
		loc := &kustLocator{root: dir, origin: o, patches: patches, files: files, object: d.Object}
		loc.kind, _ = d.Object["kind"].(string)
		meta, _ := d.Object["metadata"].(map[string]any)
		loc.name, _ = meta["name"].(string)
		d.Origin = &inputs.Origin{Tool: Kustomize, Root: dir, Locate: loc}
	}
	res.Documents = docs
	return res
}

// kOrigin is kustomize's origin annotation.
type kOrigin struct {
	Path         string `json:"path"`
	Repo         string `json:"repo"`
	ConfiguredIn string `json:"configuredIn"`
	ConfiguredBy struct {
		Kind string `json:"kind"`
		Name string `json:"name"`
	} `json:"configuredBy"`
}

// takeOrigin reads the origin annotation of an object, and removes it when
// it was added for this build: policies judge the object the cluster gets.
func takeOrigin(obj map[string]any, added bool) kOrigin {
	var o kOrigin
	meta, _ := obj["metadata"].(map[string]any)
	ann, _ := meta["annotations"].(map[string]any)
	if s, ok := ann[originAnnotation].(string); ok {
		_ = sigsyaml.Unmarshal([]byte(s), &o)
		if added {
			delete(ann, originAnnotation)
			if len(ann) == 0 {
				delete(meta, "annotations")
			}
		}
	}
	return o
}

// patch is one patch of a kustomization: a strategic merge patch (an
// object) or a JSON 6902 patch (a list of operations), with the lines of
// its file.
type patch struct {
	file       string
	base       int // lines before the patch text (an inline patch)
	node       *yaml.Node
	kind, name string // its target
	json6902   bool
}

// collectPatches reads the patches of a kustomization and of the
// kustomizations it builds on, the last applied first (an overlay's
// patches apply after its bases').
func collectPatches(dir string, seen map[string]bool) []patch {
	abs, _ := filepath.Abs(dir)
	if seen[abs] {
		return nil
	}
	seen[abs] = true
	k, file, err := readKustomization(dir)
	if err != nil {
		return nil
	}
	var out []patch
	add := func(spec patchSpec) {
		var ps []patch
		switch {
		case spec.Path != "":
			ps = readPatches(filepath.Join(dir, spec.Path), 0, nil)
		case spec.Patch != "":
			ps = readPatches(file, inlineLine(file, spec.Patch), []byte(spec.Patch))
		}
		for _, p := range ps {
			if spec.Target != nil {
				p.kind, p.name = spec.Target.Kind, spec.Target.Name
			}
			out = append(out, p)
		}
	}
	var own []patch
	for _, s := range k.Patches {
		add(s)
	}
	for _, s := range k.PatchesStrategicMerge {
		add(patchSpec{Path: s})
	}
	for _, s := range k.PatchesJSON6902 {
		add(s)
	}
	own, out = out, nil
	// The last patch applied wins: search from the end.
	for i := len(own) - 1; i >= 0; i-- {
		out = append(out, own[i])
	}
	for _, sub := range k.folders(dir) {
		if RootKind(sub) == Kustomize {
			out = append(out, collectPatches(sub, seen)...)
		}
	}
	return out
}

// inlineLine is the line before an inline patch's text in its
// kustomization file (the line of "patch: |").
func inlineLine(file, text string) int {
	data, err := os.ReadFile(file)
	if err != nil {
		return 0
	}
	first, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	lines := splitLines(string(data))
	for i, l := range lines {
		if strings.TrimSpace(l) == first && i > 0 {
			return i
		}
	}
	return 0
}

func readPatches(file string, base int, data []byte) []patch {
	if data == nil {
		var err error
		if data, err = os.ReadFile(file); err != nil {
			return nil
		}
	}
	var out []patch
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			break
		}
		root := &doc
		if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
			root = root.Content[0]
		}
		p := patch{file: file, base: base, node: root, json6902: root.Kind == yaml.SequenceNode}
		if root.Kind == yaml.MappingNode {
			p.kind = scalarAt(root, "kind")
			if meta := valueNode(root, "metadata"); meta != nil {
				p.name = scalarAt(meta, "name")
			}
		}
		out = append(out, p)
	}
	return out
}

// sourceFiles parses each source file once per build.
type sourceFiles struct {
	mu     sync.Mutex
	parsed map[string][]*yaml.Node
}

func (s *sourceFiles) objects(file string) []*yaml.Node {
	s.mu.Lock()
	defer s.mu.Unlock()
	if nodes, ok := s.parsed[file]; ok {
		return nodes
	}
	var nodes []*yaml.Node
	if data, err := os.ReadFile(file); err == nil {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		for {
			var doc yaml.Node
			if err := dec.Decode(&doc); err != nil {
				break
			}
			if len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode {
				nodes = append(nodes, doc.Content[0])
			}
		}
	}
	s.parsed[file] = nodes
	return nodes
}

// kustLocator maps an object of a kustomize build to its source: the file
// its origin names (the generator's entry for generated objects), or the
// patch that sets the field a finding names.
type kustLocator struct {
	root       string
	origin     kOrigin
	kind, name string
	patches    []patch
	files      *sourceFiles
	object     map[string]any
}

func (l *kustLocator) Locate(docLine int, field string, fieldLine int) inputs.Location {
	o := l.origin
	if o.ConfiguredIn != "" { // generated: the generator's entry
		file := filepath.Join(l.root, o.ConfiguredIn)
		line, fieldLine := generatorLine(file, o.ConfiguredBy.Kind, l.name, field)
		return inputs.Location{File: file, Line: line, FieldLine: fieldLine}
	}
	if o.Path == "" {
		return inputs.Location{File: kustomizationFile(l.root)}
	}
	if o.Repo != "" {
		return inputs.Location{File: o.Repo + "//" + o.Path}
	}
	if field != "" {
		for _, p := range l.patches {
			if p.kind != "" && p.kind != l.kind || p.name != "" && !sameName(p.name, l.name) {
				continue
			}
			if line, ok := p.find(field, l.object); ok {
				return inputs.Location{File: p.file, Line: p.base + p.node.Line, FieldLine: p.base + line}
			}
		}
	}
	file := filepath.Join(l.root, o.Path)
	node := l.source(file)
	if node == nil {
		return inputs.Location{File: file}
	}
	loc := inputs.Location{File: file, Line: node.Line}
	if field != "" {
		loc.FieldLine = inputs.TreeLine(node, field)
	}
	return loc
}

// source finds the object in its source file: by kind, then by name (the
// built name may have a prefix or suffix the source does not).
func (l *kustLocator) source(file string) *yaml.Node {
	var byKind []*yaml.Node
	for _, n := range l.files.objects(file) {
		if scalarAt(n, "kind") == l.kind {
			byKind = append(byKind, n)
		}
	}
	if len(byKind) == 1 {
		return byKind[0]
	}
	var best *yaml.Node
	for _, n := range byKind {
		name := ""
		if meta := valueNode(n, "metadata"); meta != nil {
			name = scalarAt(meta, "name")
		}
		if name == l.name {
			return n
		}
		if best == nil && name != "" && strings.Contains(l.name, name) {
			best = n
		}
	}
	return best
}

// sameName tells whether a patch target name is the object's: equal, or
// the built name with a prefix or suffix around it.
func sameName(target, built string) bool {
	return target == built || strings.Contains(built, target)
}

// find tells the line where the patch sets field, if it does.
func (p patch) find(field string, obj map[string]any) (int, bool) {
	segs := fieldSegments(field)
	if p.json6902 {
		for _, op := range p.node.Content {
			path := scalarAt(op, "path")
			if path == "" {
				continue
			}
			ops := strings.Split(strings.TrimPrefix(path, "/"), "/")
			if len(ops) > len(segs) {
				continue
			}
			match := true
			for i, s := range ops {
				s = strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
				if s != segs[i] {
					match = false
					break
				}
			}
			if match {
				if v := valueKey(op, "value"); v != nil {
					return v.Line, true
				}
				return op.Line, true
			}
		}
		return 0, false
	}
	// A strategic merge patch: walk the field in it, lists by the name of
	// the object's item (containers merge by name), else by index.
	n := p.node
	var cur any = obj
	for _, s := range segs {
		n = derefNode(n)
		switch n.Kind {
		case yaml.MappingNode:
			v := valueNode(n, s)
			if v == nil {
				return 0, false
			}
			if m, ok := cur.(map[string]any); ok {
				cur = m[s]
			} else {
				cur = nil
			}
			n = v
		case yaml.SequenceNode:
			i := -1
			fmt.Sscan(s, &i)
			item := -1
			if list, ok := cur.([]any); ok && i >= 0 && i < len(list) {
				if m, ok := list[i].(map[string]any); ok {
					if name, ok := m["name"].(string); ok {
						for k, c := range n.Content {
							if c.Kind == yaml.MappingNode && scalarAt(c, "name") == name {
								item = k
							}
						}
					}
				}
				cur = list[i]
			}
			if item < 0 {
				item = i
			}
			if item < 0 || item >= len(n.Content) {
				return 0, false
			}
			n = n.Content[item]
		default:
			return 0, false
		}
	}
	return keyLine(p.node, n), true
}

// keyLine is the line of the key that holds n inside root, or n's line.
func keyLine(root, n *yaml.Node) int {
	var walk func(*yaml.Node) int
	walk = func(m *yaml.Node) int {
		if m.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(m.Content); i += 2 {
				if m.Content[i+1] == n {
					return m.Content[i].Line
				}
			}
		}
		for _, c := range m.Content {
			if l := walk(c); l > 0 {
				return l
			}
		}
		return 0
	}
	if l := walk(root); l > 0 {
		return l
	}
	return n.Line
}

// fieldSegments splits a dotted path (spec.containers[0].image) into
// keys and indexes; a key holding dots (an annotation) stays whole only
// when it is the last segment.
func fieldSegments(field string) []string {
	var out []string
	for _, part := range strings.Split(strings.ReplaceAll(field, "[", ".["), ".") {
		if part == "" {
			continue
		}
		out = append(out, strings.Trim(part, "[]"))
	}
	return out
}

// generatorLine finds the configMapGenerator or secretGenerator entry of
// a kustomization file that made an object (its built name holds the
// entry's name, with a prefix, a suffix and the content hash around it):
// the entry's line, and the line of the literal that sets a data field
// (data.KEY from "KEY=value"), else the entry's line again; 0 when not
// found.
func generatorLine(file, kind, built, field string) (line, fieldLine int) {
	key := map[string]string{"ConfigMapGenerator": "configMapGenerator", "SecretGenerator": "secretGenerator"}[kind]
	data, err := os.ReadFile(file)
	if err != nil || key == "" {
		return 0, 0
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) != 1 {
		return 0, 0
	}
	list := valueNode(doc.Content[0], key)
	if list == nil || list.Kind != yaml.SequenceNode {
		return 0, 0
	}
	var entry *yaml.Node
	best := ""
	for _, item := range list.Content {
		name := scalarAt(item, "name")
		if item.Kind == yaml.MappingNode && name != "" && strings.Contains(built, name) && len(name) > len(best) {
			entry, best = item, name
		}
	}
	if entry == nil {
		return 0, 0
	}
	dataKey, ok := strings.CutPrefix(field, "data.")
	if !ok {
		dataKey, ok = strings.CutPrefix(field, "stringData.")
	}
	if lits := valueNode(entry, "literals"); ok && lits != nil {
		for _, l := range lits.Content {
			if strings.HasPrefix(l.Value, dataKey+"=") {
				return entry.Line, l.Line
			}
		}
	}
	return entry.Line, entry.Line
}

func derefNode(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func valueNode(m *yaml.Node, key string) *yaml.Node {
	m = derefNode(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return derefNode(m.Content[i+1])
		}
	}
	return nil
}

// valueKey is the key node of key in mapping m, or nil.
func valueKey(m *yaml.Node, key string) *yaml.Node {
	m = derefNode(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i]
		}
	}
	return nil
}

func scalarAt(m *yaml.Node, key string) string {
	if v := valueNode(m, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}
