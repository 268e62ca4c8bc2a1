package report

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/safe"
)

type markdownWriter struct{ opts Options }

// MarkdownLimit is the most characters a GitHub pull-request comment holds
// (65,536); the writer counts bytes, which are never fewer.
const MarkdownLimit = 65536

// Write renders a comment for a pull request that fits in MarkdownLimit:
// a summary line, a count per check, the inputs that could not be read,
// then one row per finding that is not exempted (deny, then warn, then
// dryrun; action, check, object, location, message), and exempted findings
// in a collapsed section. When the findings do not fit, the rows stop and a
// note says how many were left out and where the full report is.
func (m markdownWriter) Write(w io.Writer, r *Report) error {
	var b strings.Builder
	s := r.Summary
	icon := "✅"
	switch {
	case s.Deny > 0 || len(r.Errors) > 0:
		icon = "❌"
	case s.Warn > 0:
		icon = "⚠️"
	}
	fmt.Fprintf(&b, "### %s shipshape: %d deny, %d warn, %d dryrun, %d exempted, %d errors\n\n",
		icon, s.Deny, s.Warn, s.Dryrun, s.Exempted, len(r.Errors))
	fmt.Fprintf(&b, "%d files, %d documents checked.\n", s.Files, s.Documents)
	counts := map[string]*CheckCount{}
	countChecks(counts, r.Findings)
	if len(counts) > 0 {
		b.WriteString("\n| Check | deny | warn | dryrun | exempted |\n|---|---:|---:|---:|---:|\n")
		for _, c := range sortedCounts(counts) {
			fmt.Fprintf(&b, "| `%s` | %d | %d | %d | %d |\n", mdCode(c.Policy), c.Deny, c.Warn, c.Dryrun, c.Exempted)
		}
	}
	// What is left out is said in a note, which must still fit.
	const noteRoom = 1024
	room := func(row string) bool { return b.Len()+len(row)+noteRoom <= MarkdownLimit }
	left := 0
	if len(r.Errors) > 0 {
		b.WriteString("\n**Inputs that could not be checked**\n\n")
		for i, e := range r.Errors {
			row := fmt.Sprintf("- `%s`\n", mdCode(e.Error()))
			if !room(row) {
				left += len(r.Errors) - i
				break
			}
			b.WriteString(row)
		}
	}
	if len(r.Notes) > 0 {
		b.WriteString("\n**Notes**\n\n")
		for i, n := range r.Notes {
			row := fmt.Sprintf("- `%s`\n", mdCode(n.Error()))
			if !room(row) {
				left += len(r.Notes) - i
				break
			}
			b.WriteString(row)
		}
	}
	var active, exempted []*engine.Finding
	for i := range r.Findings {
		if f := &r.Findings[i]; f.Exempted {
			exempted = append(exempted, f)
		} else {
			active = append(active, f)
		}
	}
	// Deny first: those are what the reviewer must not miss.
	sort.SliceStable(active, func(i, j int) bool { return actionRank(active[i].Action) > actionRank(active[j].Action) })
	if len(active) > 0 && left == 0 {
		b.WriteString("\n| | Check | Object | Location | Message |\n|---|---|---|---|---|\n")
		for i, f := range active {
			check := "`" + mdCode(f.Policy) + "`"
			if rule, ok := m.opts.Rules[f.Policy]; ok {
				check += "<br>" + mdCell(rule.Title)
			}
			row := fmt.Sprintf("| **%s** | %s | %s | `%s:%d` | %s |\n",
				mdCell(f.Action), check, mdCell(object(f)), mdCode(f.File), f.Location(), mdCell(f.Message))
			if !room(row) {
				left += len(active) - i
				break
			}
			b.WriteString(row)
		}
	} else {
		left += len(active)
	}
	if len(exempted) > 0 && left == 0 {
		fmt.Fprintf(&b, "\n<details><summary>%d exempted findings</summary>\n\n| Check | Object | Reason |\n|---|---|---|\n", len(exempted))
		for i, f := range exempted {
			row := fmt.Sprintf("| `%s` | %s | %s |\n", mdCode(f.Policy), mdCell(object(f)), mdCell(f.Reason))
			if !room(row + "\n</details>\n") {
				left += len(exempted) - i
				break
			}
			b.WriteString(row)
		}
		b.WriteString("\n</details>\n")
	} else {
		left += len(exempted)
	}
	if left > 0 {
		where := "the job's log has it all (`shipshape check -o text`; `-o sarif` for code scanning)"
		if m.opts.FullReport != "" {
			where = "the full report: " + safe.Text(m.opts.FullReport) // from the CI runner, not from input
		}
		fmt.Fprintf(&b, "\n**%d more entries are left out** to fit a pull-request comment (%d characters at most); %s.\n", left, MarkdownLimit, where)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// actionRank orders actions by severity, most severe highest.
func actionRank(action string) int {
	switch action {
	case "deny":
		return 3
	case "warn":
		return 2
	case "dryrun":
		return 1
	}
	return 0
}

// mdEscaper backslash-escapes what Markdown would read as emphasis, code,
// links or images (`[`, `]`, `!`) or a table's cell border, and turns raw
// HTML and entities into text.
var mdEscaper = strings.NewReplacer(
	"\\", "\\\\", "|", "\\|", "`", "\\`", "*", "\\*", "_", "\\_", "~", "\\~",
	"[", "\\[", "]", "\\]", "!", "\\!", "<", "&lt;", ">", "&gt;", "&", "&amp;")

// mdInert are the spans GitHub would turn into a notification or a link on
// their own: @mentions (users and teams) and bare URLs. They are shown as
// code, which GitHub neither links nor notifies from. A scheme or "www."
// with nothing after it is shown as code too (FuzzMarkdown found
// "http://" alone left as text): what follows it is not this writer's to
// judge.
var mdInert = regexp.MustCompile(`@[A-Za-z0-9][A-Za-z0-9_./-]*|(?i)(?:https?://|www\.)[^\s|]*`)

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
