package report_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/report"
	"github.com/shipshape-dev/shipshape/internal/safe/safetest"
)

// hostileReport puts h in every string field a finding, an uncovered
// document and an input error carry.
func hostileReport(h string) *report.Report {
	f := func(action string, exempted bool) engine.Finding {
		return engine.Finding{Policy: "p" + h, Constraint: "c" + h, Action: action, Message: "m" + h,
			Details: map[string]any{"field": "f" + h}, File: h + ".yaml", Line: 2, FieldLine: 3, Source: "s" + h,
			APIVersion: "v" + h, Kind: h, Namespace: "n" + h, Name: h, Exempted: exempted, Reason: "r" + h}
	}
	findings := []engine.Finding{f("deny", false), f("warn", false), f("dryrun", false), f("deny", true), f(h, false)}
	errs := []inputs.Error{{File: h, Line: 4, Message: "e" + h}, {File: "ok.yaml", Message: h}}
	r := report.New(findings, errs, 2, 5)
	r.Policies = []string{"p" + h}
	r.Notes = []inputs.Error{{File: h, Message: "skipped " + h}}
	r.SetNotCovered([]inputs.Document{{File: h, Line: 1, Object: map[string]any{"apiVersion": h, "kind": "k" + h, "metadata": map[string]any{"name": h}}}})
	return r
}

func hostileRules(h string) map[string]report.Rule {
	return map[string]report.Rule{"p" + h: {ID: "p" + h, Title: "t" + h, Description: "d" + h, Section: h, Action: "deny"}}
}

// writeBoth renders r with Write and with the streaming writer (in two
// batches); both must print the same bytes.
func writeBoth(t *testing.T, format string, opts report.Options, r *report.Report) []byte {
	t.Helper()
	w, err := report.ForFormat(format, opts)
	require.NoError(t, err)
	var whole, streamed bytes.Buffer
	require.NoError(t, w.Write(&whole, r))
	s := report.NewStream(w, &streamed)
	require.NoError(t, s.Findings(r.Findings[:2]))
	require.NoError(t, s.Findings(r.Findings[2:]))
	require.NoError(t, s.Finish(r))
	assert.Equal(t, whole.String(), streamed.String(), "%s: stream and Write differ", format)
	return whole.Bytes()
}

// TestHostileStringsInEveryField: each hostile string in every field, in
// every format (and its streaming variant, with and without colour for
// text): nothing executable survives, and JSON and SARIF still decode to
// the very strings given.
func TestHostileStringsInEveryField(t *testing.T) {
	for _, h := range safetest.Hostile {
		for _, format := range report.Formats() {
			for _, color := range []bool{false, true} {
				if color && format != "text" {
					continue
				}
				opts := report.Options{Rules: hostileRules(h), Version: h, Color: color}
				out := writeBoth(t, format, opts, hostileReport(h))
				if color {
					out = bytes.NewBuffer(stripOwnColors(out)).Bytes()
				}
				assert.Empty(t, safetest.Inert(format, out), "%s, %q:\n%s", format, h, out)
			}
		}
		var back struct {
			Findings []engine.Finding
			Errors   []inputs.Error
		}
		out := writeBoth(t, "json", report.Options{}, hostileReport(h))
		require.NoError(t, json.Unmarshal(out, &back))
		// encoding/json turns a byte that is not UTF-8 into U+FFFD; every
		// other value decodes as it was given.
		valid := func(s string) string {
			if utf8.ValidString(s) {
				return s
			}
			var b strings.Builder
			for _, r := range s { // one U+FFFD per bad byte, as encoding/json
				b.WriteRune(r)
			}
			return b.String()
		}
		assert.Equal(t, valid("m"+h), back.Findings[0].Message, "json keeps the value")
		assert.Equal(t, valid(h+".yaml"), back.Findings[0].File)
		assert.Contains(t, []string{back.Errors[0].Message, back.Errors[1].Message}, valid("e"+h))
	}
}

// stripOwnColors removes the text writer's own ANSI colours, which are the
// only ESC bytes it may print.
func stripOwnColors(b []byte) []byte {
	for _, c := range []string{"\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[33m", "\x1b[36m"} {
		b = bytes.ReplaceAll(b, []byte(c), nil)
	}
	return b
}

// fuzzWriter checks one writer: whatever string a finding's fields, an
// error or a rule carry, the output forms no workflow command and holds no
// control character.
func fuzzWriter(f *testing.F, format string) {
	for _, h := range safetest.Hostile {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, h string) {
		w, err := report.ForFormat(format, report.Options{Rules: hostileRules(h), Version: h})
		require.NoError(t, err)
		var b bytes.Buffer
		require.NoError(t, w.Write(&b, hostileReport(h)))
		if msg := safetest.Inert(format, b.Bytes()); msg != "" {
			t.Fatalf("%s, %q: %s\n%s", format, h, msg, b.String())
		}
	})
}

func FuzzText(f *testing.F)     { fuzzWriter(f, "text") }
func FuzzJSON(f *testing.F)     { fuzzWriter(f, "json") }
func FuzzJUnit(f *testing.F)    { fuzzWriter(f, "junit") }
func FuzzSARIF(f *testing.F)    { fuzzWriter(f, "sarif") }
func FuzzGitHub(f *testing.F)   { fuzzWriter(f, "github") }
func FuzzMarkdown(f *testing.F) { fuzzWriter(f, "markdown") }
