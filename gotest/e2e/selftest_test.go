package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHarnessCatchesBrokenTemplate: a template whose Rego does not compile
// makes the readiness wait fail, naming the template.
func TestHarnessCatchesBrokenTemplate(t *testing.T) {
	c := needCluster(t)
	ctx := context.Background()
	broken := `apiVersion: templates.gatekeeper.sh/v1
kind: ConstraintTemplate
metadata: {name: e2ebroken}
spec:
  crd: {spec: {names: {kind: E2eBroken}}}
  targets:
    - target: admission.k8s.gatekeeper.sh
      rego: |
        package e2ebroken
        violation contains {"msg": msg} if { msg := }
`
	if _, err := c.KubectlIn(ctx, []byte(broken), "apply", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.KubectlIn(ctx, []byte(broken), "delete", "-f", "-") })
	_, err := c.WaitReady(ctx, 45*time.Second, installed.Templates+1, 0)
	if err == nil || !strings.Contains(err.Error(), "template e2ebroken") {
		t.Fatalf("readiness wait with a broken template: got %v, want an error naming template e2ebroken", err)
	}
	t.Logf("readiness wait failed as it should: %.300s", err)
}

// TestHarnessCatchesDisagreement: the no-privileged template with its
// message altered, applied in the cluster, makes the comparison with the
// embedded evaluator report the difference.
func TestHarnessCatchesDisagreement(t *testing.T) {
	c := needCluster(t)
	ctx := context.Background()
	isolate(t, c)
	root := RepoRoot()
	data, err := os.ReadFile(filepath.Join(root, "templates", "no-privileged.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	altered := strings.NewReplacer(
		"name: noprivileged", "name: e2edisagree",
		"kind: NoPrivileged", "kind: E2eDisagree",
		"is privileged", "is privileged (altered)",
	).Replace(string(data))
	if altered == string(data) || !strings.Contains(altered, "(altered)") {
		t.Fatal("templates/no-privileged.yaml: the message to alter was not found")
	}
	if _, err := c.KubectlIn(ctx, []byte(altered), "apply", "-f", "-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.KubectlIn(ctx, []byte(altered), "delete", "-f", "-") })
	con := `{"apiVersion":"constraints.gatekeeper.sh/v1beta1","kind":"E2eDisagree","metadata":{"name":"e2e-disagree"},
"spec":{"enforcementAction":"deny","match":{"kinds":[{"apiGroups":["apps"],"kinds":["DaemonSet"]}]}}}`
	if err := waitFor(ctx, 60*time.Second, "E2eDisagree constraint", func() error {
		_, err := c.KubectlIn(ctx, []byte(con), "apply", "-f", "-")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := c.WaitConstraint(ctx, "E2eDisagree", "e2e-disagree"); err != nil {
		t.Fatal(err)
	}
	sample := filepath.Join(root, "policies", "kubernetes", "no-privileged", "samples", "denied-daemonset-init.yaml")
	object, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	for _, ns := range namespacesOf(object) {
		if err := c.EnsureNamespace(ctx, ns, nil); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"DaemonSet node-tuner: init container sysctl is privileged"} // the suite's message
	got := c.DryRun(ctx, object)
	if len(got.Deny) == 0 {
		t.Fatalf("the altered policy denied nothing: %+v", got)
	}
	err = compare(got, want)
	if err == nil {
		t.Fatalf("compare accepted %q for %q", got.All(), want)
	}
	t.Logf("difference reported as it should: %v", err)
}
