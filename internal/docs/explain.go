package docs

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/shipshape-dev/shipshape/internal/catalog"
)

// VariantSeparator sits between the variants of one check ID in explain's
// output.
const VariantSeparator = "\n--------\n\n"

// WriteExplain prints the entries of one check ID for a terminal, one per
// input kind it exists for (image-tag-pinned checks objects and
// Dockerfiles), separated by VariantSeparator. Each has the title,
// metadata, the description, parameters with defaults, an allowed and a
// denied example (with what the check reports on it) and how to exempt.
func WriteExplain(w io.Writer, entries ...*Entry) error {
	bw := bufio.NewWriter(w)
	for i, e := range entries {
		if i > 0 {
			bw.WriteString(VariantSeparator)
		}
		writeExplain(bw, e)
	}
	return bw.Flush()
}

func writeExplain(bw *bufio.Writer, e *Entry) {
	p := e.Policy
	fmt.Fprintf(bw, "%s: %s\n\n", p.ID, p.Title)
	fmt.Fprintf(bw, "  action:  %s (default; override per Constraint or with --enforcement-action)\n", p.Action)
	fmt.Fprintf(bw, "  input:   %s\n", p.Input)
	if len(e.Inputs) > 1 {
		fmt.Fprintf(bw, "  variant: %s of %s: the check ID exists for each input, one Constraint of kind %s configures all (`shipshape explain %s` shows one)\n",
			p.Input, strings.Join(e.Inputs, ", "), p.ConstraintKind(), p.Key())
	}
	if kinds := Kinds(p); kinds != "" {
		fmt.Fprintf(bw, "  kinds:   %s\n", kinds)
	}
	if sync := Sync(p); sync != "" {
		fmt.Fprintf(bw, "  reads:   data.inventory: %s (not run by the conftest adapter)\n", sync)
	}
	if p.Input == catalog.InputKubernetes {
		fmt.Fprintf(bw, "  kind of its Constraint: %s\n", p.ConstraintKind())
	}
	fmt.Fprintf(bw, "  source:  section %s of %s\n\n", p.Section, catalog.Source)
	bw.WriteString(wrap(p.Description, 78, "  ") + "\n\n")
	bw.WriteString("Parameters\n")
	if len(e.Parameters) == 0 {
		bw.WriteString("  none\n")
	}
	for _, par := range e.Parameters {
		fmt.Fprintf(bw, "  %s (%s, default %s)\n", par.Name, par.Type, par.Default)
		if par.Description != "" {
			bw.WriteString(wrap(par.Description, 78, "      ") + "\n")
		}
	}
	for _, ex := range []struct {
		title string
		ex    *Example
	}{{"Allowed example", e.Allowed}, {"Denied example", e.Denied}} {
		if ex.ex == nil {
			continue
		}
		fmt.Fprintf(bw, "\n%s (policies/%s/%s%s)\n", ex.title, p.Dir, ex.ex.Path, withConstraint(ex.ex))
		for _, line := range strings.Split(strings.TrimRight(ex.ex.Source, "\n"), "\n") {
			bw.WriteString("  | " + line + "\n")
		}
		if len(ex.ex.Findings) > 0 {
			bw.WriteString("  reported:\n")
			for _, f := range ex.ex.Findings {
				bw.WriteString("    -" + wrap(f, 78, "      ")[5:] + "\n")
			}
		}
	}
	bw.WriteString("\nHow to exempt\n")
	if p.Input == catalog.InputKubernetes {
		bw.WriteString("  One object, with a reason (honoured by Gatekeeper too):\n")
		for _, line := range strings.Split(ExemptYAML(p.ID), "\n") {
			bw.WriteString("    " + line + "\n")
		}
		fmt.Fprintf(bw, "  Many objects: a Constraint of kind %s with spec.match (e.g. excludedNamespaces)\n", p.ConstraintKind())
		fmt.Fprintf(bw, "  or other parameters, given with -c; or leave the check out: --skip %s.\n", p.ID)
	} else {
		fmt.Fprintf(bw, "  %s documents carry no annotations, so one cannot be exempted alone: set the\n", p.Input)
		fmt.Fprintf(bw, "  check's parameters or action with a Constraint of kind %s (-c), or leave it out: --skip %s.\n", p.ConstraintKind(), p.ID)
	}
}

// withConstraint names the Constraint an example needs, when not the default.
func withConstraint(ex *Example) string {
	if ex.Constraint == "" {
		return ""
	}
	return ", with the Constraint " + ex.Constraint
}

// Kinds lists the kinds a policy matches by default.
func Kinds(p *catalog.Policy) string {
	var ks []string
	for _, g := range p.Kinds {
		ks = append(ks, g.Kinds...)
	}
	return strings.Join(ks, ", ")
}

// Sync lists the kinds a policy reads from data.inventory, as custom.sync
// names them; empty when it reads none.
func Sync(p *catalog.Policy) string {
	var ks []string
	for _, g := range p.Sync {
		ks = append(ks, g.String())
	}
	return strings.Join(ks, ", ")
}

// wrap folds text at width, each line starting with indent.
func wrap(text string, width int, indent string) string {
	var lines []string
	line := indent
	for _, word := range strings.Fields(text) {
		if len(line) > len(indent) && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += word
	}
	return strings.Join(append(lines, line), "\n")
}
