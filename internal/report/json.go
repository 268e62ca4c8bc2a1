package report

import (
	"encoding/json"
	"io"
)

type jsonWriter struct{}

func (jsonWriter) Write(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
