package report

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/safe"
)

type textWriter struct{ opts Options }

// ANSI colours, used only when Options.Color is set.
const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
	ansiRed   = "\x1b[31m"
	ansiYel   = "\x1b[33m"
	ansiCyan  = "\x1b[36m"
)

var actionColor = map[string]string{"deny": ansiRed, "warn": ansiYel, "dryrun": ansiCyan, "exempted": ansiDim}

// Write prints findings grouped by file (and by rendered template, for Helm
// output), each as "  file:line  action  policy  message", then errors and a
// summary line. Every input-derived text is one line through safe.Text. It appends to one buffer, so 100k findings print quickly.
func (t textWriter) Write(w io.Writer, r *Report) error {
	s := t.stream(w)
	if err := s.Findings(r.Findings); err != nil {
		return err
	}
	return s.Finish(r)
}

func (t textWriter) stream(w io.Writer) Stream {
	return &textStream{t: t, bw: bufio.NewWriterSize(w, 64<<10)}
}

// textStream prints as Write does, one batch at a time: it remembers the
// group it is in and whether any finding was printed.
type textStream struct {
	t     textWriter
	bw    *bufio.Writer
	line  []byte
	group string
	n     int // findings printed
	// counts are the findings printed, by check, for the closing table.
	counts map[string]*CheckCount
}

func (s *textStream) Findings(batch []engine.Finding) error {
	t, bw := s.t, s.bw
	if s.counts == nil {
		s.counts = map[string]*CheckCount{}
	}
	countChecks(s.counts, batch)
	for i := range batch {
		f := &batch[i]
		if g := groupName(f); g != s.group || s.n == 0 {
			if s.n > 0 {
				bw.WriteByte('\n')
			}
			s.group = g
			t.paint(bw, ansiBold, g)
			bw.WriteByte('\n')
		}
		s.n++
		action := safe.Text(actionOf(f))
		line := append(s.line[:0], "  "...)
		line = append(line, safe.Text(f.File)...)
		line = append(line, ':')
		line = strconv.AppendInt(line, int64(f.Location()), 10)
		line = append(line, "  "...)
		bw.Write(line)
		s.line = line
		t.paint(bw, actionColor[action], pad(action, 8))
		bw.WriteByte(' ')
		bw.WriteString(safe.Text(f.Policy))
		bw.WriteString("  ")
		bw.WriteString(safe.Text(f.Message))
		if v := valuesNote(f); v != "" {
			t.paint(bw, ansiDim, "  "+safe.Text(v))
		}
		bw.WriteByte('\n')
		if f.Exempted {
			t.paint(bw, ansiDim, "      exemption reason: "+safe.Text(f.Reason))
			bw.WriteByte('\n')
		}
	}
	// A write error sticks in bw: report it now, so a caller streaming
	// into a closed pipe stops early.
	if _, err := bw.Write(nil); err != nil {
		return err
	}
	return nil
}

func (s *textStream) Finish(r *Report) error {
	t, bw := s.t, s.bw
	if s.n > 0 {
		bw.WriteByte('\n')
	}
	for _, e := range r.Errors {
		t.paint(bw, ansiRed, "error:")
		bw.WriteString(" " + safe.Text(e.Error()) + "\n")
	}
	for _, n := range r.Notes {
		bw.WriteString("note: " + safe.Text(n.Error()) + "\n")
	}
	if len(r.NotCovered) > 0 {
		fmt.Fprintf(bw, "note: %d documents not covered by any policy (kinds %s)\n", len(r.NotCovered), uncoveredKinds(r.NotCovered))
	}
	for _, d := range r.Duplicates {
		bw.WriteString("note: " + d.Note() + "\n")
	}
	if why := r.NothingChecked(); why != "" {
		t.paint(bw, ansiRed, "nothing was checked:")
		bw.WriteString(" " + why + "\n")
	}
	writeCheckCounts(bw, sortedCounts(s.counts))
	writeAudit(bw, r.Audit)
	sum := r.Summary
	read := fmt.Sprintf("%d files, %d documents", sum.Files, sum.Documents)
	if r.Audit != nil {
		read = fmt.Sprintf("%d kinds, %d objects", len(r.Audit.Kinds), sum.Documents)
	}
	summary := fmt.Sprintf("%s: %d deny, %d warn, %d dryrun, %d exempted, %d errors",
		read, sum.Deny, sum.Warn, sum.Dryrun, sum.Exempted, len(r.Errors))
	color := ""
	switch {
	case sum.Deny > 0 || len(r.Errors) > 0:
		color = ansiRed
	case sum.Warn > 0:
		color = ansiYel
	}
	t.paint(bw, color, summary)
	bw.WriteByte('\n')
	return bw.Flush()
}

// writeCheckCounts prints how many findings each check gave, most severe
// first, so the closing lines say which checks to look at.
func writeCheckCounts(bw *bufio.Writer, counts []CheckCount) {
	if len(counts) == 0 {
		return
	}
	width := 0
	for _, c := range counts {
		width = max(width, len(safe.Text(c.Policy)))
	}
	bw.WriteString("findings by check:\n")
	for _, c := range counts {
		fmt.Fprintf(bw, "  %s  %4d deny  %4d warn  %4d dryrun  %4d exempted\n", pad(safe.Text(c.Policy), width), c.Deny, c.Warn, c.Dryrun, c.Exempted)
	}
}

// writeIndented keeps a multi-line message inside its finding's block.
func writeIndented(bw *bufio.Writer, s string) {
	if !strings.ContainsAny(s, "\r\n") {
		bw.WriteString(s)
		return
	}
	bw.WriteString(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\n      "))
}

// groupName heads a file's findings; it starts a line, so safe.Text keeps
// a file named "::error ..." from forming a workflow command.
func groupName(f *engine.Finding) string {
	if f.Origin != nil {
		return safe.Text(f.File) + " (" + safe.Text(f.Origin.Describe()) + ")"
	}
	if f.Source != "" {
		return safe.Text(f.File) + " (" + safe.Text(f.Source) + ")"
	}
	return safe.Text(f.File)
}

func (t textWriter) paint(bw *bufio.Writer, color, s string) {
	if t.opts.Color && color != "" {
		bw.WriteString(color)
		bw.WriteString(s)
		bw.WriteString(ansiReset)
		return
	}
	bw.WriteString(s)
}

func pad(s string, n int) string {
	for len(s) < n {
		s += " "
	}
	return s
}

// uncoveredKinds lists the distinct apiVersion/kind of uncovered documents.
func uncoveredKinds(us []Uncovered) string {
	seen := map[string]bool{}
	var kinds []string
	for _, u := range us {
		k := u.Kind
		if u.APIVersion != "" {
			k = u.APIVersion + "/" + u.Kind
		}
		k = safe.Text(k)
		if !seen[k] {
			seen[k] = true
			kinds = append(kinds, k)
		}
	}
	sort.Strings(kinds)
	return strings.Join(kinds, ", ")
}
