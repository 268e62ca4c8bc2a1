package report

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
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
	if len(r.NotCovered) > 0 {
		fmt.Fprintf(bw, "note: %d documents not covered by any policy (kinds %s)\n", len(r.NotCovered), uncoveredKinds(r.NotCovered))
	}
	s := r.Summary
	fmt.Fprintf(bw, "%d files, %d documents: %d deny, %d warn, %d dryrun, %d exempted, %d errors\n",
		s.Files, s.Documents, s.Deny, s.Warn, s.Dryrun, s.Exempted, len(r.Errors))
	return bw.Flush()
}

// uncoveredKinds lists the kinds of uncovered documents, sorted, once each.
func uncoveredKinds(us []Uncovered) string {
	seen := map[string]bool{}
	var kinds []string
	for _, u := range us {
		k := u.Kind
		if u.APIVersion != "" {
			k = u.APIVersion + "/" + u.Kind
		}
		if !seen[k] {
			seen[k] = true
			kinds = append(kinds, k)
		}
	}
	sort.Strings(kinds)
	return strings.Join(kinds, ", ")
}
