// Package safetest checks that a tool's output holds nothing a terminal or
// a CI log would act on; the report writers' tests and the CLI tests share
// it.
package safetest

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/shipshape-dev/shipshape/internal/safe"
)

// Hostile are strings an attacker puts in any field of a manifest: workflow
// commands after a newline, a lone CR, a Unicode line separator or leading
// blanks; the old ##[ syntax; terminal escapes (ESC, C1 CSI); bidi
// controls; bytes that are not UTF-8; and Markdown that would mention,
// link, show an image or run HTML.
var Hostile = []string{
	"a\n::error file=x.yaml,line=1::forged",
	"a\r::warning::forged after a lone CR",
	"a\r\n::stop-commands::tok",
	"::add-mask::leading",
	"   ::error::after blanks",
	"a\t::error::after a tab",
	"x ##[error]old syntax ##[set-output name=a;]v",
	"\x1b]0;title\x07\x1b[2J\x1b[31mred",
	"\u009b2J C1 CSI \u0085 NEL",
	"a\u2028::error::after LS\u2029::error::after PS",
	"\u202eevil\u202c \u2066iso\u2069 \u200fRLM \ufeffBOM \u200bZWSP",
	"\x00nul \x7fdel \x08bs",
	"bad \xff\xfe utf-8 \xc3",
	"@attacker and @org/team please look",
	"![img](https://evil.example/x.png) [link](https://evil.example/) <https://evil.example/>",
	"<img src=x onerror=alert(1)><script>alert(1)</script><!-- c --> &lt;",
	"| cell | break `code` **bold** _em_ ~~s~~ \\",
	"%0A::error::percent-encoded %25",
	"@\xbd mention before a byte that is not UTF-8 (FuzzMarkdown)",
	"http://",
	"www.evil.example https://evil.example/path?q=1",
}

// Inert returns the first thing in out that a terminal or a GitHub runner
// would act on, or "" when there is none. Every format: no control
// character but the line feed, no C1, U+2028/U+2029 or format character,
// valid UTF-8, no "##[" anywhere and no line that starts (after blanks)
// with "::" unless the format is github and the line is one of the
// annotations that writer makes, with escaped properties. markdown: no
// mention, link, image, bare URL or HTML tag outside code spans but the
// writer's own tags.
func Inert(format string, out []byte) string {
	s := string(out)
	if !utf8.ValidString(s) {
		return "output is not UTF-8"
	}
	for i, r := range s {
		if r != '\n' && safe.Unsafe(r) {
			return fmt.Sprintf("unsafe character %U at byte %d: %q", r, i, context(s, i))
		}
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.Contains(line, "##[") {
			return "##[ in line " + fmt.Sprintf("%q", line)
		}
		t := strings.TrimLeft(line, " \t")
		if !strings.HasPrefix(t, "::") {
			continue
		}
		if format != "github" || !ghAnnotation.MatchString(t) {
			return fmt.Sprintf("workflow command in line %q", line)
		}
	}
	if format == "markdown" {
		return markdownInert(s)
	}
	return ""
}

// ghAnnotation is what the github writer prints: a known command, then
// properties with no colon (they escape it as %3A), then "::".
var ghAnnotation = regexp.MustCompile(`^::(error|warning|notice) [^:]*::`)

var (
	codeSpan  = regexp.MustCompile("`[^`]*`")
	ownTags   = regexp.MustCompile(`</?(br|details|summary)>`)
	mdActive  = regexp.MustCompile(`(^|[^\\])!\[|(^|[^\\])\]\(|<[A-Za-z!/?]|(^|[^\w\x60])@\w|(?i)https?://|(?i)www\.`)
	mdEscapes = regexp.MustCompile(`\\.`)
)

func markdownInert(s string) string {
	for _, line := range strings.Split(s, "\n") {
		// A backslash escape is one literal punctuation character: it
		// starts nothing and joins nothing, so it stands as one neutral
		// character that is not a word character (removing it would join
		// "@" and "xbd" in "@\\xbd", which renders @\xbd, no mention).
		t := mdEscapes.ReplaceAllString(line, "\x01")
		t = codeSpan.ReplaceAllString(t, "")
		t = ownTags.ReplaceAllString(t, "")
		if m := mdActive.FindString(t); m != "" {
			return fmt.Sprintf("markdown %q stays active in line %q", m, line)
		}
	}
	return ""
}

func context(s string, i int) string {
	lo, hi := max(0, i-20), min(len(s), i+20)
	return s[lo:hi]
}
