package safetest

import "testing"

// TestInertFindsWhatIsLive: the checker the writers' tests and fuzz
// targets rely on flags each live construct and passes its neutralised
// form, so a writer that let one through would fail them.
func TestInertFindsWhatIsLive(t *testing.T) {
	for _, c := range []struct {
		format, out string
		live        bool
	}{
		{"text", "ok\n", false},
		{"text", "x\n::error::forged\n", true},
		{"text", "   ::warning::after blanks\n", true},
		{"text", "x ##[error]old\n", true},
		{"text", "a\x1b[2Jb\n", true},
		{"text", "a\rb\n", true},
		{"text", "a\u202eb\n", true},
		{"text", "bad \xff\n", true},
		{"text", `a\n::error::shown, not run` + "\n", false},
		{"github", "::error file=a.yaml,line=1,title=x::message\n", false},
		{"github", "::error file=a.yaml,line=1::m\n::set-output name=a::v\n", true},
		{"markdown", "| `@attacker` | text |\n", false},
		{"markdown", "| @attacker | text |\n", true},
		{"markdown", "| \\\\@attacker | an escaped backslash, then a mention |\n", true},
		{"markdown", "| @\\\\xbd | a backslash after @ starts no mention |\n", false},
		{"markdown", "| \\[link\\]\\(x\\) | escaped |\n", false},
		{"markdown", "| [link](https://evil.example/) |\n", true},
		{"markdown", "| ![i](x.png) |\n", true},
		{"markdown", "| <img src=x> |\n", true},
		{"markdown", "| \\<img src=x> |\n", false},
		{"markdown", "<details><summary>3 exempted</summary>\n</details>\n", false},
		{"markdown", "| www.evil.example |\n", true},
	} {
		got := Inert(c.format, []byte(c.out))
		if (got != "") != c.live {
			t.Errorf("Inert(%s, %q) = %q; want live=%v", c.format, c.out, got, c.live)
		}
	}
}
