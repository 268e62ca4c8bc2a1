package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/safe"
)

type junitWriter struct{ opts Options }

// JUnit XML as CI test reports read it (the Ant/Jenkins shape).
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Props    *junitProps `xml:"properties,omitempty"`
	Cases    []junitCase `xml:"testcase"`
}

type junitProps struct {
	Props []junitProp `xml:"property"`
}

type junitProp struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// Write renders one test suite per check and one test case per check ×
// object with findings: a failure when a finding's action fails the run
// (--fail-on), skipped when every finding is exempted, passing (findings in
// system-out) otherwise. A check without findings is one passing case over
// all documents. Unreadable inputs are errors of a suite "inputs". XML
// cannot hold most control characters, so every input-derived text is one
// visible line (safe.Text) and the document passes safe.Encoded.
func (j junitWriter) Write(w io.Writer, r *Report) error {
	type key struct {
		policy, file string
		line         int
	}
	byPolicy := map[string][]key{}
	groups := map[key][]*engine.Finding{}
	for i := range r.Findings {
		f := &r.Findings[i]
		k := key{f.Policy, f.File, f.Line}
		if _, ok := groups[k]; !ok {
			byPolicy[f.Policy] = append(byPolicy[f.Policy], k)
		}
		groups[k] = append(groups[k], f)
	}
	ids := append([]string(nil), r.Policies...)
	for id := range byPolicy {
		if !contains(ids, id) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	out := junitSuites{Name: "shipshape"}
	for _, id := range ids {
		s := junitSuite{Name: safe.Text(id)}
		if rule, ok := j.opts.Rules[id]; ok {
			s.Props = &junitProps{Props: []junitProp{
				{Name: "title", Value: safe.Text(rule.Title)}, {Name: "section", Value: safe.Text(rule.Section)}, {Name: "action", Value: safe.Text(rule.Action)},
			}}
		}
		for _, k := range byPolicy[id] {
			fs := groups[k]
			c := junitCase{Name: safe.Text(object(fs[0])), Classname: safe.Text(id), File: safe.Text(k.file), Line: k.line}
			var fail, all []string
			exempted := 0
			for _, f := range fs {
				msg := fmt.Sprintf("%s:%d: %s: %s", safe.Text(f.File), f.Location(), safe.Text(actionOf(f)), safe.Text(f.Message))
				all = append(all, msg)
				if Fails(f, j.opts.failOn()) {
					fail = append(fail, msg)
				}
				if f.Exempted {
					exempted++
					all[len(all)-1] += " (exemption reason: " + safe.Text(f.Reason) + ")"
				}
			}
			switch {
			case len(fail) > 0:
				c.Failure = &junitMessage{Message: safe.Text(firstLine(fs, j.opts.failOn())), Type: safe.Text(fs[0].Action), Text: strings.Join(all, "\n")}
				s.Failures++
			case exempted == len(fs):
				c.Skipped = &junitMessage{Message: "exempted: " + safe.Text(fs[0].Reason)}
				c.SystemOut = strings.Join(all, "\n")
				s.Skipped++
			default:
				c.SystemOut = strings.Join(all, "\n")
			}
			s.Cases = append(s.Cases, c)
		}
		if len(s.Cases) == 0 {
			s.Cases = append(s.Cases, junitCase{Name: fmt.Sprintf("%d documents", r.Summary.Documents), Classname: safe.Text(id)})
		}
		s.Tests = len(s.Cases)
		out.Suites = append(out.Suites, s)
	}
	if len(r.Errors) > 0 {
		s := junitSuite{Name: "inputs"}
		for _, e := range r.Errors {
			s.Cases = append(s.Cases, junitCase{Name: safe.Text(e.File), Classname: "inputs", File: safe.Text(e.File), Line: e.Line,
				Error: &junitMessage{Message: safe.Text(e.Message), Type: "input", Text: safe.Text(e.Error())}})
		}
		s.Tests, s.Errors = len(s.Cases), len(s.Cases)
		out.Suites = append(out.Suites, s)
	}
	for _, s := range out.Suites {
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Skipped += s.Skipped
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	b.WriteString("\n")
	_, err := w.Write(safe.Encoded(b.Bytes(), safe.XMLRune))
	return err
}

// firstLine is the message of the first failing finding, for the failure's
// one-line summary.
func firstLine(fs []*engine.Finding, failOn []string) string {
	for _, f := range fs {
		if Fails(f, failOn) {
			return f.Message
		}
	}
	return fs[0].Message
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
