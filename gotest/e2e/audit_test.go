package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// auditNamespace is excluded from the webhook (the ignore label matches the
// webhook's namespaceSelector) but not from Gatekeeper's audit, so objects
// that admission would deny can be created there.
const auditNamespace = "e2e-audit"

// TestAuditAgreesWithCheck: Gatekeeper's audit of generated Pods created
// in the cluster reports the same violations (action, Constraint, object,
// message) as shipshape check on `kubectl get -o yaml` of the same objects.
func TestAuditAgreesWithCheck(t *testing.T) {
	c := needCluster(t)
	ctx := context.Background()
	if err := c.EnsureNamespace(ctx, auditNamespace, map[string]string{"admission.gatekeeper.sh/ignore": "e2e-audit"}); err != nil {
		t.Fatal(err)
	}
	docs := Generate(*seed+1000, 12, auditNamespace)
	for _, d := range docs {
		if _, err := c.KubectlIn(ctx, d.YAML, "apply", "-f", "-"); err != nil {
			t.Errorf("%s (%s) not created: %v", d.Name, d.Shape, err)
		}
	}
	created := time.Now().UTC() // an audit that started after this saw every Pod
	dump, err := c.Kubectl(ctx, "get", "pods", "-n", auditNamespace, "-o", "yaml")
	if err != nil {
		t.Fatal(err)
	}
	nsDump, err := c.Kubectl(ctx, "get", "namespace", auditNamespace, "-o", "yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "pods.yaml")
	os.WriteFile(file, []byte(dump), 0o600)
	os.WriteFile(filepath.Join(dir, "namespace.yaml"), []byte(nsDump), 0o600)
	bin := filepath.Join(t.TempDir(), "shipshape")
	if err := buildShipshape(bin); err != nil {
		t.Fatal(err)
	}
	offline, err := checkFindings(bin, dir, file)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range offline {
		offline[i] = auditStatusMessage(f)
	}
	sort.Strings(offline)
	var audit []string
	err = waitFor(ctx, 180*time.Second, "an audit run after the Pods were created", func() error {
		out, err := c.Kubectl(ctx, "get", "constraints", "-o", "json")
		if err != nil {
			return err
		}
		var list struct {
			Items []struct {
				Metadata struct{ Name string }
				Status   struct {
					AuditTimestamp time.Time
					Violations     []struct{ EnforcementAction, Kind, Name, Namespace, Message string }
				}
			}
		}
		if err := json.Unmarshal([]byte(out), &list); err != nil {
			return err
		}
		audit = nil
		for _, k := range list.Items {
			if k.Status.AuditTimestamp.Before(created.Add(time.Second)) {
				return fmt.Errorf("constraint %s last audited %s", k.Metadata.Name, k.Status.AuditTimestamp)
			}
			for _, v := range k.Status.Violations {
				if v.Namespace == auditNamespace {
					audit = append(audit, auditStatusMessage(fmt.Sprintf("%s %s %s/%s: %s", v.EnforcementAction, k.Metadata.Name, v.Kind, v.Name, v.Message)))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(audit)

	// shipshape audit on the same objects, read from the cluster.
	out, err := exec.Command(bin, "audit", "--kubeconfig", c.Kubeconfig, "-n", auditNamespace, "--per-object", "-o", "json").Output()
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() > 1) {
		t.Fatalf("shipshape audit: %v", err)
	}
	var res checkResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("shipshape audit -o json: %v", err)
	}
	var ours []string
	for _, f := range res.Findings {
		if f.Kind == "Pod" && (f.Action == "deny" || f.Action == "warn") {
			ours = append(ours, auditStatusMessage(fmt.Sprintf("%s %s %s/%s: %s", f.Action, f.Constraint, f.Kind, f.Name, f.Message)))
		}
	}
	sort.Strings(ours)
	if !slices.Equal(nonNil(audit), nonNil(ours)) {
		t.Errorf("Gatekeeper's audit and shipshape audit disagree on the same %d Pods\n  only Gatekeeper: %q\n  only shipshape audit: %q",
			len(docs), minusAll(audit, ours), minusAll(ours, audit))
	}
	t.Logf("shipshape audit: %d findings on the same Pods", len(ours))
	if !slices.Equal(nonNil(audit), nonNil(offline)) {
		t.Errorf("audit and shipshape check disagree on %d Pods\n  audit:\n    %s\n  check:\n    %s",
			len(docs), strings.Join(audit, "\n    "), strings.Join(offline, "\n    "))
	}
	t.Logf("%d Pods audited, %d violations in audit, %d findings offline", len(docs), len(audit), len(offline))
}

// checkFindings is shipshape check's findings of file as
// "action constraint Kind/name: message", sorted.
func checkFindings(bin, dir, file string) ([]string, error) {
	res, err := runCheck(bin, dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range res.Findings {
		if f.File == file {
			out = append(out, fmt.Sprintf("%s %s %s/%s: %s", f.Action, f.Constraint, f.Kind, f.Name, f.Message))
		}
	}
	for _, e := range res.Errors {
		if e.File == file {
			out = append(out, fmt.Sprintf("input error line %d: %s", e.Line, e.Message))
		}
	}
	sort.Strings(out)
	return out, nil
}

// auditStatusMessage cuts the message of a "action constraint Kind/name:
// message" line as Gatekeeper's audit cuts what it writes into a
// Constraint's status: at most 256 bytes, the last three "..."
// (pkg/audit/manager.go, msgSize and truncateString, v3.23.1).
func auditStatusMessage(line string) string {
	const msgSize = 256
	head, msg, ok := strings.Cut(line, ": ")
	if !ok || len(msg) <= msgSize {
		return line
	}
	return head + ": " + msg[:msgSize-3] + "..."
}
