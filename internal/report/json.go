package report

import (
	"encoding/json"
	"io"
)

type jsonWriter struct{}

// Write prints the report as indented JSON: findings (with fieldLine and
// source when known), errors, summary and the policies that ran.
func (jsonWriter) Write(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
