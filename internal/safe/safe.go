// Package safe is the one place that decides which characters of
// input-derived text may reach a terminal or a CI log, and how the rest is
// shown. Every writer of a report and every message of the CLI that carries
// text from input (a message, a name, a kind, a file name, an error) passes
// it through here.
//
// Unsafe are: C0 controls (newline, carriage return, tab, ESC, ...), DEL,
// C1 controls (U+0080-U+009F, which some terminals read as ESC sequences),
// the line and paragraph separators U+2028/U+2029, and format characters
// (category Cf: bidi controls such as U+202E, zero-width characters, the
// BOM), which change how a line reads without being seen. Bytes that are
// not UTF-8 are unsafe too.
//
// GitHub's runner reads a line (after leading blanks) that starts with "::"
// as a workflow command (::error, ::stop-commands::, ::add-mask::) and
// "##[" anywhere in a line as one in the older syntax; a lone CR ends a line
// for it. Text and Multiline therefore also neutralise a leading "::" and
// every "##[", so no input-derived string can form a command.
package safe

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Unsafe tells whether a rune must not reach a terminal as it is.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == '\u2028', r == '\u2029':
		return true
	case r < 0x80:
		return false
	}
	return unicode.Is(unicode.Cf, r)
}

// Text makes s one visible line: unsafe characters become Go-style escapes
// (\n, \r, \t, \x1b, \u202e; a byte that is not UTF-8 \xNN), a leading "::"
// becomes "\x3a:" and "##[" becomes "#\x23[". Backslashes are kept: the
// result is for reading, not for decoding.
func Text(s string) string { return escape(s, false) }

// Multiline is Text except that line feeds are kept, for a format that
// encodes them itself (GitHub workflow-command data); a CR is kept only
// before a line feed. A line after a kept line feed is treated as the start
// of a line, so "::" there is neutralised too.
func Multiline(s string) string { return escape(s, true) }

func escape(s string, keepLF bool) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	lineStart := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case lineStart && r == ' ':
			b.WriteByte(' ')
			i++
			continue
		case lineStart && strings.HasPrefix(s[i:], "::"):
			b.WriteString(`\x3a`)
			i++
			lineStart = false
			continue
		case strings.HasPrefix(s[i:], "##["):
			b.WriteString(`#\x23[`)
			i += 3
			lineStart = false
			continue
		case keepLF && r == '\n':
			b.WriteByte('\n')
			i++
			lineStart = true
			continue
		case keepLF && r == '\r' && strings.HasPrefix(s[i+1:], "\n"):
			b.WriteString("\r\n")
			i += 2
			lineStart = true
			continue
		}
		lineStart = false
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80 && Unsafe(r):
			b.WriteString(`\x`)
			b.WriteString(hex2(byte(r)))
		case Unsafe(r):
			b.WriteString(URune(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// URune is the \uXXXX spelling of a rune (JSON's and Go's escape for it).
func URune(r rune) string {
	h := strconv.FormatInt(int64(r), 16)
	if len(h) < 4 {
		h = strings.Repeat("0", 4-len(h)) + h
	}
	if len(h) > 4 {
		return `\U` + strings.Repeat("0", 8-len(h)) + h
	}
	return `\u` + h
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// clean is the fast path: nothing in s needs escaping.
func clean(s string) bool {
	t := strings.TrimLeft(s, " ")
	if strings.HasPrefix(t, "::") || strings.Contains(s, "##[") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return cleanRunes(s[i:])
		}
	}
	return true
}

func cleanRunes(s string) bool {
	for i, r := range s {
		if Unsafe(r) || r == utf8.RuneError && !utf8.ValidString(s[i:min(i+3, len(s))]) {
			return false
		}
	}
	return true
}

// Encoded rewrites the bytes of a JSON or XML document so that it shows as
// safe text and still decodes to the same values: each unsafe character
// the encoder left raw becomes the format's numeric escape (esc), "##["
// becomes "#"+esc('#')+"[", and a line that starts (after blanks) with "::"
// has its first colon escaped. The encoders already escape C0 controls
// (JSON) or drop them (XML); what remains is DEL, C1, U+2028/U+2029 and
// format characters.
func Encoded(b []byte, esc func(rune) string) []byte {
	if !encodedNeeds(b) {
		return b
	}
	out := make([]byte, 0, len(b)+64)
	lineStart := true
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case lineStart && (c == ' ' || c == '\t'):
			out = append(out, c)
			i++
			continue
		case lineStart && c == ':' && i+1 < len(b) && b[i+1] == ':':
			out = append(out, esc(':')...)
			i++
			lineStart = false
			continue
		case c == '#' && i+2 < len(b) && b[i+1] == '#' && b[i+2] == '[':
			out = append(out, '#')
			out = append(out, esc('#')...)
			out = append(out, '[')
			i += 3
			lineStart = false
			continue
		case c == '\n':
			out = append(out, c)
			i++
			lineStart = true
			continue
		}
		lineStart = false
		r, size := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError && r != '\r' && Unsafe(r) {
			out = append(out, esc(r)...)
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}

func encodedNeeds(b []byte) bool {
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == 0x7f || c >= 0x80:
			return true
		case c == '#' && i+2 < len(b) && b[i+1] == '#' && b[i+2] == '[':
			return true
		case c == ':' && i+1 < len(b) && b[i+1] == ':':
			return true
		}
	}
	return false
}

// JSONRune is JSON's escape of a rune (a \u escape, surrogate pairs above
// the BMP).
func JSONRune(r rune) string {
	if r > 0xffff {
		r1, r2 := utf16Pair(r)
		return URune(r1) + URune(r2)
	}
	return URune(r)
}

func utf16Pair(r rune) (rune, rune) {
	r -= 0x10000
	return 0xd800 + (r>>10)&0x3ff, 0xdc00 + r&0x3ff
}

// XMLRune is XML's numeric character reference of a rune.
func XMLRune(r rune) string { return "&#x" + strconv.FormatInt(int64(r), 16) + ";" }

// WriteJSON writes v as indented JSON that passes Encoded: what every JSON
// output of the tool (reports, SARIF, capacity) prints.
func WriteJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(Encoded(b.Bytes(), JSONRune))
	return err
}
