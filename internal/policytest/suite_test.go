package policytest

import (
	"strings"
	"testing"
)

func TestReadSuiteIsStrict(t *testing.T) {
	head := "kind: Suite\napiVersion: test.gatekeeper.sh/v1alpha1\nmetadata: {name: x}\ntests:\n- name: t\n  template: t.yaml\n  constraint: c.yaml\n  cases:\n  - name: c\n    object: o.yaml\n"
	for _, tc := range []struct{ name, src, want string }{
		{"valid", head + "    assertions:\n    - violations: 1\n      message: denied\n    - violations: 0\n      message: other\n", ""},
		{"allowed without message", head + "    assertions:\n    - violations: 0\n", ""},
		{"no is not a denial", head + "    assertions:\n    - violations: no\n", ""},
		{"unknown top-level key", "kind: Suite\nmetadat: {name: x}\ntests: []\n", `suite.yaml: error unmarshaling JSON: while decoding JSON: json: unknown field "metadat"`},
		{"misspelt assertion key", head + "    assertions:\n    - violations: 1\n      mesage: denied\n", `unknown field "mesage"`},
		{"case key at the test level", "kind: Suite\ntests:\n- name: t\n  object: o.yaml\n", `unknown field "object"`},
		{"denial without message", head + "    assertions:\n    - violations: 2\n", "suite.yaml: test t, case c expects violations but asserts no message"},
		{"yes without message", head + "    assertions:\n    - violations: yes\n", "expects violations but asserts no message"},
		{"not a suite", "kind: Test\n", `kind is "Test", want Suite`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadSuite("suite.yaml", []byte(tc.src))
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
