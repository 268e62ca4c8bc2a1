package safe_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/shipshape-dev/shipshape/internal/safe"
)

func TestText(t *testing.T) {
	for _, c := range []struct{ in, text, multi string }{
		{"plain café 日本", "plain café 日本", "plain café 日本"},
		{"a\nb", `a\nb`, "a\nb"},
		{"a\r\nb", `a\r\nb`, "a\r\nb"},
		{"a\rb", `a\rb`, `a\rb`},
		{"a\n::error::x", `a\n::error::x`, "a\n\\x3a:error::x"},
		{"::error::x", `\x3a:error::x`, `\x3a:error::x`},
		{"  ::x", `  \x3a:x`, `  \x3a:x`},
		{"a ::b", "a ::b", "a ::b"},
		{"x##[error]y", `x#\x23[error]y`, `x#\x23[error]y`},
		{"\x1b[2J\x07\x00\x7f\t", `\x1b[2J\x07\x00\x7f\t`, `\x1b[2J\x07\x00\x7f\t`},
		{"\u009b\u0085", `\u009b\u0085`, `\u009b\u0085`},
		{"\u2028\u2029\u202e\u2066\ufeff\u200b", `\u2028\u2029\u202e\u2066\ufeff\u200b`, `\u2028\u2029\u202e\u2066\ufeff\u200b`},
		{"\U000e0001tag", `\U000e0001tag`, `\U000e0001tag`},
		{"bad\xffend\xc3", `bad\xffend\xc3`, `bad\xffend\xc3`},
		{"\ufffd is a character", "\ufffd is a character", "\ufffd is a character"},
	} {
		assert.Equal(t, c.text, safe.Text(c.in), "Text(%q)", c.in)
		assert.Equal(t, c.multi, safe.Multiline(c.in), "Multiline(%q)", c.in)
	}
}

func TestEncoded(t *testing.T) {
	for _, c := range []struct{ in, json, xml string }{
		{`{"a": "b"}`, `{"a": "b"}`, `{"a": "b"}`},
		{"\"\u2028\u202e\u0085\x7f\"", `"\u2028\u202e\u0085\u007f"`, `"&#x2028;&#x202e;&#x85;&#x7f;"`},
		{`"x ##[error]y"`, `"x #\u0023[error]y"`, `"x #&#x23;[error]y"`},
		{"<a>\n  ::error::x</a>", "<a>\n  \\u003a:error::x</a>", "<a>\n  &#x3a;:error::x</a>"},
		{`"a::b"`, `"a::b"`, `"a::b"`},
		{"\"\U000e0001\"", `"\udb40\udc01"`, `"&#xe0001;"`},
	} {
		assert.Equal(t, c.json, string(safe.Encoded([]byte(c.in), safe.JSONRune)), "json %q", c.in)
		assert.Equal(t, c.xml, string(safe.Encoded([]byte(c.in), safe.XMLRune)), "xml %q", c.in)
	}
}
