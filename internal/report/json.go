package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/safe"
)

type jsonWriter struct{}

// Write prints the report as indented JSON: findings (with fieldLine and
// source when known), errors, summary and the policies that ran. The
// characters encoding/json leaves raw that a terminal or CI log would act on
// are \u escapes (safe.Encoded): the values decode unchanged.
func (jsonWriter) Write(w io.Writer, r *Report) error {
	return safe.WriteJSON(w, r)
}

func (jsonWriter) stream(w io.Writer) Stream {
	return &jsonStream{bw: bufio.NewWriterSize(w, 64<<10)}
}

// jsonStream prints what Write prints, the findings array one element at
// a time. "findings" is the first field of Report, so the rest is the
// encoding of the report without findings, from the comma on.
type jsonStream struct {
	bw   *bufio.Writer
	buf  bytes.Buffer
	item []byte
	n    int // findings printed
}

// Elements of the findings array sit two levels deep.
const jsonItemPrefix = "\n    "

func (s *jsonStream) Findings(batch []engine.Finding) error {
	for i := range batch {
		item, err := json.Marshal(&batch[i])
		if err != nil {
			return err
		}
		if s.n == 0 {
			s.bw.WriteString(jsonHead)
		} else {
			s.bw.WriteByte(',')
		}
		s.n++
		s.buf.Reset()
		s.buf.WriteString(jsonItemPrefix)
		if err := json.Indent(&s.buf, item, jsonItemPrefix[1:], "  "); err != nil {
			return err
		}
		if _, err := s.bw.Write(safe.Encoded(s.buf.Bytes(), safe.JSONRune)); err != nil {
			return err
		}
	}
	return nil
}

// jsonHead opens the report and its findings array, as Write prints them.
const jsonHead = "{\n  \"findings\": ["

func (s *jsonStream) Finish(r *Report) error {
	rest := *r
	rest.Findings = []engine.Finding{}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&rest); err != nil {
		return err
	}
	empty := jsonHead + "]"
	if !bytes.HasPrefix(b.Bytes(), []byte(empty)) {
		return fmt.Errorf("json report: encoding does not start with %q", empty) // Report's first field moved
	}
	if s.n == 0 {
		s.bw.Write(safe.Encoded(b.Bytes(), safe.JSONRune))
	} else {
		s.bw.WriteString("\n  ]")
		s.bw.Write(safe.Encoded(b.Bytes()[len(empty):], safe.JSONRune))
	}
	return s.bw.Flush()
}
