package report

import (
	"io"

	"github.com/shipshape-dev/shipshape/internal/engine"
)

// Stream prints one report while its findings still arrive, so that they
// need not all be kept: Findings with each batch, in the report's order,
// then Finish with the rest of the report. The bytes are those Write
// prints for the whole report.
type Stream interface {
	// Findings prints a batch of findings; they follow those before.
	Findings(batch []engine.Finding) error
	// Finish prints the rest of the report (errors, notes, summary) and
	// flushes. r.Findings is ignored: the findings are those given to
	// Findings, which r.Summary must count.
	Finish(r *Report) error
}

// streamer is a Writer that can print a report as it comes.
type streamer interface {
	stream(w io.Writer) Stream
}

// NewStream starts printing a report in wr's format to w. Text, JSON and
// GitHub print each batch as it arrives. SARIF, JUnit and Markdown put
// totals or a grouping before the findings, so their stream keeps every
// finding and prints it all at Finish: memory grows with the findings.
func NewStream(wr Writer, w io.Writer) Stream {
	if s, ok := wr.(streamer); ok {
		return s.stream(w)
	}
	return &collecting{wr: wr, w: w}
}

// collecting is the Stream of a writer that needs the whole report.
type collecting struct {
	wr       Writer
	w        io.Writer
	findings []engine.Finding
}

func (c *collecting) Findings(batch []engine.Finding) error {
	c.findings = append(c.findings, batch...)
	return nil
}

func (c *collecting) Finish(r *Report) error {
	whole := *r
	whole.Findings = c.findings
	if whole.Findings == nil {
		whole.Findings = []engine.Finding{}
	}
	c.findings = nil
	return c.wr.Write(c.w, &whole)
}
