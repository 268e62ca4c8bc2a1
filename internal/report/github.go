package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/safe"
)

type githubWriter struct{ opts Options }

// Write prints GitHub Actions workflow commands, one annotation per finding:
// ::error for deny, ::warning for warn, ::notice for dryrun, at the field's
// line when known. Exempted findings are left out (they change nothing);
// unreadable inputs are errors. A plain summary line ends the output.
func (g githubWriter) Write(w io.Writer, r *Report) error {
	s := g.stream(w)
	if err := s.Findings(r.Findings); err != nil {
		return err
	}
	return s.Finish(r)
}

func (g githubWriter) stream(w io.Writer) Stream {
	return &githubStream{g: g, bw: bufio.NewWriter(w)}
}

// githubStream prints a line per finding as the findings arrive.
type githubStream struct {
	g  githubWriter
	bw *bufio.Writer
}

func (s *githubStream) Findings(batch []engine.Finding) error {
	for i := range batch {
		f := &batch[i]
		if f.Exempted {
			continue
		}
		cmd := "notice"
		switch f.Action {
		case "deny":
			cmd = "error"
		case "warn":
			cmd = "warning"
		}
		title := f.Policy
		if rule, ok := s.g.opts.Rules[f.Policy]; ok {
			title = f.Policy + ": " + rule.Title
		}
		file, line := location(f)
		msg := f.Message
		if note := renderedNote(f); note != "" {
			msg += " (" + note + ")"
		}
		if _, err := fmt.Fprintf(s.bw, "::%s %s::%s\n", cmd, ghProps(file, line, title), ghData(msg)); err != nil {
			return err
		}
	}
	return nil
}

func (s *githubStream) Finish(r *Report) error {
	for _, e := range r.Errors {
		fmt.Fprintf(s.bw, "::error %s::%s\n", ghProps(e.File, e.Line, "shipshape: unreadable input"), ghData(e.Message))
	}
	for _, n := range r.Notes {
		fmt.Fprintf(s.bw, "::notice %s::%s\n", ghProps(n.File, n.Line, "shipshape: note"), ghData(n.Message))
	}
	sum := r.Summary
	fmt.Fprintf(s.bw, "shipshape: %d files, %d documents: %d deny, %d warn, %d dryrun, %d exempted, %d errors\n",
		sum.Files, sum.Documents, sum.Deny, sum.Warn, sum.Dryrun, sum.Exempted, len(r.Errors))
	return s.bw.Flush()
}

// ghProps renders the annotation's properties; standard input has no file.
func ghProps(file string, line int, title string) string {
	var props []string
	if file != "" && file != inputs.Stdin {
		props = append(props, "file="+ghProp(file))
		if line > 0 {
			props = append(props, fmt.Sprintf("line=%d", line))
		}
	}
	props = append(props, "title="+ghProp(title))
	return strings.Join(props, ",")
}

// Workflow commands escape %, CR and LF in data, and also : and , in properties.
var (
	ghDataEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// Line feeds are the command's own %0A; every other unsafe character is
// shown by safe.Multiline first, so no ESC or bidi control reaches the log.
func ghData(s string) string { return ghDataEscaper.Replace(safe.Multiline(s)) }
func ghProp(s string) string { return ghPropEscaper.Replace(safe.Multiline(s)) }
