package inputs

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// DocumentAPIVersion is the apiVersion of the documents shipshape makes of
// inputs that are not Kubernetes objects (Dockerfiles) and of its own kinds.
const DocumentAPIVersion = "shipshape.dev/v1alpha1"

// IsDockerfile tells whether a file name is a Dockerfile's: Dockerfile,
// *.Dockerfile or Dockerfile.* (case as Docker's own tools accept it).
func IsDockerfile(name string) bool {
	base := filepath.Base(name)
	lower := strings.ToLower(base)
	return lower == "dockerfile" || strings.HasSuffix(lower, ".dockerfile") || strings.HasPrefix(lower, "dockerfile.")
}

var lineInMessage = regexp.MustCompile(`^dockerfile parse error on line (\d+): `)

// parseDockerfile reads a Dockerfile with buildkit's parser into one
// document of kind Dockerfile:
//
//	{apiVersion, kind: Dockerfile, metadata: {name: <file>},
//	 args: [{name, default?, line}],            ARGs before the first FROM
//	 stages: [{index, name, base, baseResolved, baseUnknown: [ARG...],
//	           baseStage?, platform, line,
//	           instructions: [{cmd, args, flags, form?, from?, line, endLine, original}]}]}
//
// baseResolved is the base with ARG defaults substituted; baseUnknown lists
// the ARGs it uses that have no default (baseResolved is then ""). baseStage
// is the index of an earlier stage the base names. form is "exec" or
// "shell" for RUN, CMD, ENTRYPOINT and HEALTHCHECK.
func parseDockerfile(name string, data []byte) ([]Document, []Error) {
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		e := dockerfileError(name, err, 0)
		if e.Line == 0 {
			// A file with no instructions: buildkit names no line, the
			// reader looks at the top of the file.
			e.Line = 1
		}
		return nil, []Error{e}
	}
	lex := shell.NewLex(res.EscapeToken)
	metaArgs := map[string]string{}
	// unknownVia holds, for an ARG whose default uses ARGs without a
	// default, those ARGs: its value cannot be known before the build.
	unknownVia := map[string][]string{}
	var args []any
	var stages []any
	stageIndex := map[string]int{}
	var current map[string]any
	var instrs []any
	flush := func() {
		if current != nil {
			current["instructions"] = instrs
			stages = append(stages, current)
		}
	}
	for _, node := range res.AST.Children {
		v, err := instructions.ParseInstruction(node)
		if err != nil {
			return nil, []Error{dockerfileError(name, err, node.StartLine)}
		}
		switch c := v.(type) {
		case *instructions.Stage:
			flush()
			instrs = nil
			base := c.BaseName
			resolved, unknown := resolveBase(lex, base, metaArgs, unknownVia)
			st := map[string]any{
				"index": int64(len(stages)), "name": c.Name, "base": base,
				"baseResolved": resolved, "baseUnknown": unknown,
				"platform": c.Platform, "line": int64(node.StartLine), "original": node.Original,
			}
			if i, ok := stageIndex[strings.ToLower(resolved)]; ok && resolved != "" {
				st["baseStage"] = int64(i)
			}
			if c.Name != "" {
				stageIndex[strings.ToLower(c.Name)] = len(stages)
			}
			current = st
		case *instructions.ArgCommand:
			if current == nil {
				for _, kv := range c.Args {
					a := map[string]any{"name": kv.Key, "line": int64(node.StartLine)}
					if kv.Value != nil {
						// As BuildKit builds its meta args: each default is
						// expanded with the ARGs declared before it.
						value, unmatched, err := expandArgs(lex, *kv.Value, metaArgs, unknownVia)
						if err != nil {
							return nil, []Error{{File: name, Line: node.StartLine, Message: fmt.Sprintf("invalid Dockerfile: ARG %s: %v", kv.Key, err)}}
						}
						a["default"] = value
						metaArgs[kv.Key] = value
						if len(unmatched) > 0 {
							unknownVia[kv.Key] = unmatched
						} else {
							delete(unknownVia, kv.Key)
						}
					}
					args = append(args, a)
				}
				continue
			}
			instrs = append(instrs, instruction(node))
		default:
			if current == nil {
				return nil, []Error{{File: name, Line: node.StartLine, Message: fmt.Sprintf("invalid Dockerfile: %s before the first FROM (only ARG may come before it)", strings.ToUpper(node.Value))}}
			}
			instrs = append(instrs, instruction(node))
		}
	}
	flush()
	if len(stages) == 0 {
		return nil, []Error{{File: name, Line: 1, Message: "invalid Dockerfile: no FROM instruction"}}
	}
	if args == nil {
		args = []any{}
	}
	obj := map[string]any{
		"apiVersion": DocumentAPIVersion,
		"kind":       "Dockerfile",
		"metadata":   map[string]any{"name": name},
		"args":       args,
		"stages":     stages,
	}
	first := res.AST.Children[0].StartLine
	return []Document{{File: name, Line: first, Input: KindDockerfile, Object: obj}}, nil
}

// resolveBase substitutes ARG defaults into a FROM base, as the builder
// does for ARGs declared before the first FROM; ARGs without a default
// (directly or through another ARG's default) make the base unknown.
func resolveBase(lex *shell.Lex, base string, metaArgs map[string]string, unknownVia map[string][]string) (string, []any) {
	unknown := []any{}
	if !strings.Contains(base, "$") {
		return base, unknown
	}
	res, names, err := expandArgs(lex, base, metaArgs, unknownVia)
	if err != nil {
		return "", unknown
	}
	for _, n := range names {
		unknown = append(unknown, n)
	}
	if len(unknown) > 0 {
		return "", unknown
	}
	return res, unknown
}

// expandArgs runs BuildKit's shell lexer on a word with the known ARG values
// and returns the result and, sorted, the ARGs without a default it
// depends on: those it names that have no value, and those behind the
// values it used.
func expandArgs(lex *shell.Lex, word string, metaArgs map[string]string, unknownVia map[string][]string) (string, []string, error) {
	res, err := lex.ProcessWordWithMatches(word, argEnv(metaArgs))
	if err != nil {
		return "", nil, err
	}
	set := map[string]bool{}
	for n := range res.Unmatched {
		set[n] = true
	}
	for n := range res.Matched {
		for _, u := range unknownVia[n] {
			set[u] = true
		}
	}
	names := make([]string, 0, len(set))
	for n := range set {
		names = append(names, n)
	}
	sort.Strings(names)
	return res.Result, names, nil
}

type argEnv map[string]string

func (e argEnv) Get(k string) (string, bool) { v, ok := e[k]; return v, ok }

func (e argEnv) Keys() []string {
	out := make([]string, 0, len(e))
	for k := range e {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func instruction(node *parser.Node) map[string]any {
	cmd := strings.ToUpper(node.Value)
	args := []any{}
	for n := node.Next; n != nil; n = n.Next {
		args = append(args, n.Value)
	}
	flags := []any{}
	for _, f := range node.Flags {
		flags = append(flags, f)
	}
	in := map[string]any{
		"cmd": cmd, "args": args, "flags": flags,
		"line": int64(node.StartLine), "endLine": int64(node.EndLine), "original": node.Original,
	}
	switch cmd {
	case "RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK":
		if node.Attributes["json"] {
			in["form"] = "exec"
		} else {
			in["form"] = "shell"
		}
	}
	for _, f := range node.Flags {
		if v, ok := strings.CutPrefix(f, "--from="); ok {
			in["from"] = v
		}
	}
	return in
}

// dockerfileError names the line of a parse error: buildkit's own location
// where it carries one, else the line of the instruction being read.
func dockerfileError(name string, err error, line int) Error {
	msg := err.Error()
	var unknown *instructions.UnknownInstructionError
	if errors.As(err, &unknown) {
		msg = fmt.Sprintf("unknown instruction %s", strings.ToUpper(unknown.Instruction))
	}
	var loc *parser.LocationError
	if errors.As(err, &loc) && len(loc.Locations) > 0 && len(loc.Locations[0]) > 0 {
		line = loc.Locations[0][0].Start.Line
	}
	if m := lineInMessage.FindStringSubmatch(msg); m != nil {
		msg = strings.TrimPrefix(msg, m[0])
		if line == 0 {
			fmt.Sscanf(m[1], "%d", &line)
		}
	}
	return Error{File: name, Line: line, Message: "invalid Dockerfile: " + msg}
}
