package report

import (
	"bufio"
	"fmt"
	"io"
)

type textWriter struct{}

// Write prints findings grouped by file, each as
// "file:line  action  policy  kind/name  message", then errors and a summary.
func (textWriter) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	file := ""
	for _, f := range r.Findings {
		if f.File != file {
			if file != "" {
				bw.WriteString("\n")
			}
			file = f.File
			fmt.Fprintf(bw, "%s\n", file)
		}
		action := f.Action
		if f.Exempted {
			action = "exempted"
		}
		fmt.Fprintf(bw, "  %s:%d  %-8s %s  %s\n", f.File, f.Line, action, f.Policy, f.Message)
		if f.Exempted {
			fmt.Fprintf(bw, "      exemption reason: %s\n", f.Reason)
		}
	}
	if len(r.Findings) > 0 {
		bw.WriteString("\n")
	}
	for _, e := range r.Errors {
		fmt.Fprintf(bw, "error: %s\n", e.Error())
	}
	s := r.Summary
	fmt.Fprintf(bw, "%d files, %d documents: %d deny, %d warn, %d dryrun, %d exempted, %d errors\n",
		s.Files, s.Documents, s.Deny, s.Warn, s.Dryrun, s.Exempted, len(r.Errors))
	return bw.Flush()
}
