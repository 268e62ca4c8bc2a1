package report

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/shipshape-dev/shipshape/internal/safe"
)

type markdownWriter struct{ opts Options }

// markdownMaxRows keeps a comment under the size code hosts accept.
const markdownMaxRows = 200

// Write renders a summary line and a table fit for a pull-request comment:
// one row per finding that is not exempted (action, check, object,
// location, message), exempted findings in a collapsed section, then input
// errors.
func (m markdownWriter) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	s := r.Summary
	icon := "✅"
	switch {
	case s.Deny > 0 || len(r.Errors) > 0:
		icon = "❌"
	case s.Warn > 0:
		icon = "⚠️"
	}
	fmt.Fprintf(bw, "### %s shipshape: %d deny, %d warn, %d dryrun, %d exempted, %d errors\n\n",
		icon, s.Deny, s.Warn, s.Dryrun, s.Exempted, len(r.Errors))
	fmt.Fprintf(bw, "%d files, %d documents checked.\n", s.Files, s.Documents)
	var active, exempted []int
	for i := range r.Findings {
		if r.Findings[i].Exempted {
			exempted = append(exempted, i)
		} else {
			active = append(active, i)
		}
	}
	if len(active) > 0 {
		bw.WriteString("\n| | Check | Object | Location | Message |\n|---|---|---|---|---|\n")
		for n, i := range active {
			if n == markdownMaxRows {
				fmt.Fprintf(bw, "\n…and %d more findings (see the full report).\n", len(active)-n)
				break
			}
			f := &r.Findings[i]
			check := "`" + mdCode(f.Policy) + "`"
			if rule, ok := m.opts.Rules[f.Policy]; ok {
				check += "<br>" + mdCell(rule.Title)
			}
			fmt.Fprintf(bw, "| **%s** | %s | %s | `%s:%d` | %s |\n",
				mdCell(f.Action), check, mdCell(object(f)), mdCode(f.File), f.Location(), mdCell(f.Message))
		}
	}
	if len(exempted) > 0 {
		fmt.Fprintf(bw, "\n<details><summary>%d exempted findings</summary>\n\n| Check | Object | Reason |\n|---|---|---|\n", len(exempted))
		for _, i := range exempted {
			f := &r.Findings[i]
			fmt.Fprintf(bw, "| `%s` | %s | %s |\n", mdCode(f.Policy), mdCell(object(f)), mdCell(f.Reason))
		}
		bw.WriteString("\n</details>\n")
	}
	if len(r.Errors) > 0 {
		bw.WriteString("\n**Inputs that could not be checked**\n\n")
		for _, e := range r.Errors {
			fmt.Fprintf(bw, "- `%s`\n", mdCode(e.Error()))
		}
	}
	return bw.Flush()
}

// mdEscaper backslash-escapes what Markdown would read as emphasis, code,
// links or images (`[`, `]`, `!`) or a table's cell border, and turns raw
// HTML and entities into text.
var mdEscaper = strings.NewReplacer(
	"\\", "\\\\", "|", "\\|", "`", "\\`", "*", "\\*", "_", "\\_", "~", "\\~",
	"[", "\\[", "]", "\\]", "!", "\\!", "<", "&lt;", ">", "&gt;", "&", "&amp;")

// mdInert are the spans GitHub would turn into a notification or a link on
// their own: @mentions (users and teams) and bare URLs. They are shown as
// code, which GitHub neither links nor notifies from.
var mdInert = regexp.MustCompile(`@[A-Za-z0-9][A-Za-z0-9_./-]*|(?i)(?:https?://|www\.)[^\s|]+`)

// mdCell makes input-derived text safe inside a table cell: one visible
// line (safe.Text), Markdown and HTML as text, mentions and URLs as code.
func mdCell(s string) string {
	s = safe.Text(s)
	var b strings.Builder
	last := 0
	for _, m := range mdInert.FindAllStringIndex(s, -1) {
		b.WriteString(mdEscaper.Replace(s[last:m[0]]))
		b.WriteString("`" + mdCode(s[m[0]:m[1]]) + "`")
		last = m[1]
	}
	b.WriteString(mdEscaper.Replace(s[last:]))
	return b.String()
}

// mdCode makes text safe inside a code span in a table cell: code spans
// render neither Markdown, HTML, mentions nor links; only the span's end
// and the cell border need care.
func mdCode(s string) string {
	return strings.NewReplacer("|", "\\|", "`", "'").Replace(safe.Text(s))
}
