package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	auditpkg "github.com/shipshape-dev/shipshape/internal/audit"
)

// auditCmdNamespace holds the objects TestAuditCommand creates; the
// webhook ignores it, so objects admission would deny can be created.
const auditCmdNamespace = "e2e-auditcmd"

// auditCmdObjects break several checks in several kinds, one of them
// exempted, next to a Secret the audit must never read.
const auditCmdObjects = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  annotations:
    shipshape.dev/exempt.probes-required: "batch worker, no port to probe"
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: api
        image: registry.example.com/api:1.2.3
        resources:
          requests: {cpu: 100m, memory: 64Mi}
          limits: {cpu: 200m, memory: 128Mi}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:latest
---
apiVersion: v1
kind: Pod
metadata:
  name: bare
spec:
  containers:
  - name: c
    image: busybox
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: nothing-has-this}
  ports: [{port: 80}]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  password: hunter2
---
apiVersion: v1
kind: Secret
metadata:
  name: token
stringData: {token: abc}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: everything
rules:
- apiGroups: ["*"]
  resources: ["*"]
  verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: admins
subjects:
- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}
roleRef: {kind: ClusterRole, name: cluster-admin, apiGroup: rbac.authorization.k8s.io}
`

// auditCmdNodes stand for the nodes of the cluster (none runs a kubelet):
// their status is set through the status subresource afterwards.
var auditCmdNodes = []struct{ name, labels, status string }{
	{"e2e-audit-master", `{"node-role.kubernetes.io/control-plane": "", "topology.kubernetes.io/zone": "a"}`, `{"capacity": {"cpu": "4", "memory": "8Gi", "pods": "110"}, "allocatable": {"cpu": "3800m", "memory": "7Gi", "pods": "110"}}`},
	{"e2e-audit-worker", `{"topology.kubernetes.io/zone": "a"}`, `{"capacity": {"cpu": "2", "memory": "4Gi", "pods": "110"}, "allocatable": {"cpu": "1900m", "memory": "3Gi", "pods": "110"}}`},
}

// auditorRules may read everything the default audit reads except Secrets
// (asked for, they would be refused, and the refusal noted) and Roles
// (refused, to see the note naming them and the rest of the audit).
const auditorRole = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: e2e-shipshape-auditor
rules:
- apiGroups: ["", "apps", "batch", "autoscaling", "networking.k8s.io", "policy", "scheduling.k8s.io"]
  resources: ["pods", "services", "configmaps", "serviceaccounts", "replicationcontrollers", "persistentvolumeclaims",
    "limitranges", "resourcequotas", "namespaces", "nodes", "deployments", "statefulsets", "daemonsets", "replicasets",
    "jobs", "cronjobs", "horizontalpodautoscalers", "networkpolicies", "ingresses", "poddisruptionbudgets", "priorityclasses"]
  verbs: ["get", "list"]
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["rolebindings", "clusterroles", "clusterrolebindings"]
  verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: e2e-shipshape-auditor
subjects:
- {kind: User, name: e2e-auditor, apiGroup: rbac.authorization.k8s.io}
roleRef: {kind: ClusterRole, name: e2e-shipshape-auditor, apiGroup: rbac.authorization.k8s.io}
`

// auditResult is the part of shipshape audit -o json the test reads.
type auditResult struct {
	Findings []auditFinding
	Errors   []struct{ File, Message string }
	Notes    []struct{ File, Message string }
	Audit    struct {
		Kinds      []string
		Namespaces []struct {
			Namespace                                    string
			Objects, Deny, Warn, Dryrun, Exempted, Score int
		}
	}
}

type auditFinding struct {
	Policy, Constraint, Action, Message, APIVersion, Kind, Namespace, Name string
	Exempted                                                               bool
	Reason                                                                 string `json:"exemptionReason"`
	File                                                                   string
}

func (f auditFinding) key() string {
	return fmt.Sprintf("%s %s %s %s %s %s/%s exempted=%v %q: %s", f.Action, f.Policy, f.Constraint, f.APIVersion, f.Kind, f.Namespace, f.Name, f.Exempted, f.Reason, f.Message)
}

func findingKeys(fs []auditFinding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.key())
	}
	sort.Strings(out)
	return out
}

// runShipshape runs the CLI; exit codes 0, 1 and 2 are results.
func runShipshape(bin string, args ...string) (stdout, stderr string, code int, err error) {
	return runShipshapeIn("", bin, args...)
}

// runShipshapeIn is runShipshape in the working directory dir.
func runShipshapeIn(dir, bin string, args ...string) (stdout, stderr string, code int, err error) {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() <= 2 {
		return out.String(), errOut.String(), ee.ExitCode(), nil
	}
	return out.String(), errOut.String(), 0, err
}

// TestAuditCommand: shipshape audit against the real cluster finds exactly
// what shipshape check finds on `kubectl get -o json` of the kinds it read,
// the plan checks on the Nodes included; never asks for Secrets; notes a
// kind the user may not list and audits the rest; prints OpenReports
// objects, which --apply writes idempotently and which read back.
func TestAuditCommand(t *testing.T) {
	c := needCluster(t)
	ctx := context.Background()
	ns := auditCmdNamespace
	if err := c.EnsureNamespace(ctx, ns, map[string]string{"admission.gatekeeper.sh/ignore": "e2e-auditcmd"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.KubectlIn(ctx, []byte(auditCmdObjects), "apply", "-n", ns, "-f", "-"); err != nil {
		t.Fatal(err)
	}
	for _, n := range auditCmdNodes {
		node := fmt.Sprintf(`{"apiVersion": "v1", "kind": "Node", "metadata": {"name": %q, "labels": %s}}`, n.name, n.labels)
		if _, err := c.KubectlIn(ctx, []byte(node), "apply", "-f", "-"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Kubectl(ctx, "patch", "node", n.name, "--subresource=status", "--type=merge", "-p", `{"status": `+n.status+`}`); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		for _, n := range auditCmdNodes {
			c.Kubectl(ctx, "delete", "node", n.name, "--ignore-not-found")
		}
	})
	bin := filepath.Join(t.TempDir(), "shipshape")
	if err := buildShipshape(bin); err != nil {
		t.Fatal(err)
	}

	// The audit, as the cluster's admin.
	start := time.Now()
	out, stderr, code, err := runShipshape(bin, "audit", "--kubeconfig", c.Kubeconfig, "-n", ns, "-o", "json", "--progress", "never")
	if err != nil {
		t.Fatalf("shipshape audit: %v\n%s", err, stderr)
	}
	took := time.Since(start)
	if code != 1 {
		t.Fatalf("shipshape audit exit code %d, want 1 (deny findings)\n%s", code, stderr)
	}
	var audit auditResult
	if err := json.Unmarshal([]byte(out), &audit); err != nil {
		t.Fatalf("shipshape audit -o json: %v\n%s", err, out)
	}
	if len(audit.Errors) > 0 {
		t.Fatalf("audit errors: %+v", audit.Errors)
	}
	for _, k := range audit.Audit.Kinds {
		if strings.HasSuffix(k, "/Secret") {
			t.Errorf("audit read Secrets: kinds %v", audit.Audit.Kinds)
		}
	}

	// The same kinds, dumped with kubectl and checked offline.
	dir := t.TempDir()
	var files []string
	for _, k := range audit.Audit.Kinds {
		parts := strings.Split(k, "/")
		kind := parts[len(parts)-1]
		arg := strings.ToLower(kind)
		if len(parts) == 3 {
			arg += "." + parts[1] + "." + parts[0]
		}
		args := []string{"get", arg, "-n", ns, "-o", "json"}
		if kind == "Namespace" {
			args = []string{"get", "namespace", ns, "-o", "json"}
		}
		dump, err := c.Kubectl(ctx, args...)
		if err != nil {
			t.Fatal(err)
		}
		var list struct{ Items []json.RawMessage }
		if json.Unmarshal([]byte(dump), &list); kind != "Namespace" && len(list.Items) == 0 {
			continue // an empty list is not an input
		}
		file := filepath.Join(dir, kind+".json")
		if kind == "Node" {
			file = filepath.Join(dir, "nodes") // the name audit gives the node dump
		}
		if err := os.WriteFile(file, []byte(dump), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
	}
	checkOut, checkErr, _, err := runShipshape(bin, append([]string{"check", "-o", "json", "--progress", "never"}, files...)...)
	if err != nil {
		t.Fatalf("shipshape check: %v\n%s", err, checkErr)
	}
	var offline auditResult
	if err := json.Unmarshal([]byte(checkOut), &offline); err != nil {
		t.Fatalf("shipshape check -o json: %v\n%s", err, checkOut)
	}
	if len(offline.Errors) > 0 {
		t.Fatalf("check errors on the dump: %+v", offline.Errors)
	}
	got, want := findingKeys(audit.Findings), findingKeys(offline.Findings)
	if !slices.Equal(got, want) {
		t.Errorf("audit and check on the dump disagree:\n  only in audit:\n    %s\n  only in check:\n    %s",
			strings.Join(minus(got, want), "\n    "), strings.Join(minus(want, got), "\n    "))
	}
	// What the fixture is built to give, so the equality is not of two
	// empty sets: findings of the namespace's kinds, an exempted one, and
	// the plan made of the Nodes.
	for _, w := range []string{
		"deny probes-required probes-required apps/v1 Deployment " + ns + "/web",
		"deny probes-required probes-required apps/v1 Deployment " + ns + "/api exempted=true",
		"deny no-secrets-in-configmaps no-secrets-in-configmaps v1 ConfigMap " + ns + "/settings",
		"deny rbac-no-wildcards rbac-no-wildcards rbac.authorization.k8s.io/v1 Role " + ns + "/everything",
		"deny rbac-no-cluster-admin-binding rbac-no-cluster-admin-binding rbac.authorization.k8s.io/v1 RoleBinding " + ns + "/admins",
		"shipshape.dev/v1alpha1 ClusterPlan /nodes",
	} {
		if !slices.ContainsFunc(got, func(k string) bool { return strings.Contains(k, w) }) {
			t.Errorf("no finding like %q", w)
		}
	}
	var line *struct {
		Namespace                                    string
		Objects, Deny, Warn, Dryrun, Exempted, Score int
	}
	for i := range audit.Audit.Namespaces {
		if audit.Audit.Namespaces[i].Namespace == ns {
			line = &audit.Audit.Namespaces[i]
		}
	}
	if line == nil || line.Objects < 7 || line.Deny == 0 || line.Exempted == 0 || line.Score < 0 || line.Score >= 100 {
		t.Errorf("summary of %s: %+v", ns, line)
	}
	t.Logf("audit of %d kinds: %d findings (check on the dump: %d) in %s; %s: %+v", len(audit.Audit.Kinds), len(got), len(want), took.Round(time.Millisecond), ns, line)

	t.Run("user without Secrets or Roles", func(t *testing.T) {
		if _, err := c.KubectlIn(ctx, []byte(auditorRole), "apply", "-f", "-"); err != nil {
			t.Fatal(err)
		}
		// The admin's credentials, impersonating the auditor: every request
		// is authorized as e2e-auditor.
		kc, err := os.ReadFile(c.Kubeconfig)
		if err != nil {
			t.Fatal(err)
		}
		auditorKC := filepath.Join(t.TempDir(), "kubeconfig")
		text := strings.Replace(string(kc), "user: {client-certificate:", "user: {as: e2e-auditor, client-certificate:", 1)
		if text == string(kc) {
			t.Fatalf("kubeconfig has no user line to add impersonation to:\n%s", kc)
		}
		if err := os.WriteFile(auditorKC, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		if who, err := exec.Command(c.Tools.Kubectl, "--kubeconfig", auditorKC, "auth", "can-i", "list", "secrets", "-n", ns).CombinedOutput(); err == nil || !strings.Contains(string(who), "no") {
			t.Fatalf("the auditor may list secrets (%s): the test proves nothing", who)
		}
		out, stderr, code, err := runShipshape(bin, "audit", "--kubeconfig", auditorKC, "-n", ns, "-o", "json", "--progress", "never")
		if err != nil {
			t.Fatalf("shipshape audit: %v\n%s", err, stderr)
		}
		var res auditResult
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("shipshape audit -o json: %v\n%s", err, out)
		}
		if code != 1 || len(res.Errors) > 0 {
			t.Fatalf("exit code %d (want 1), errors %+v\n%s", code, res.Errors, stderr)
		}
		roleNote := false
		for _, n := range res.Notes {
			if strings.Contains(n.File, "Secret") && !strings.Contains(n.Message, "never read") {
				t.Errorf("a request for Secrets was made and refused: %+v", n)
			}
			roleNote = roleNote || (n.File == "rbac.authorization.k8s.io/v1/Role in namespace "+ns && strings.Contains(n.Message, "may not list"))
		}
		if !roleNote {
			t.Errorf("no note names the Roles the auditor may not list: %+v", res.Notes)
		}
		// The rest is audited: every finding of the admin's audit but those
		// of the Roles and of the RBAC checks, which read Roles.
		var wantRest []auditFinding
		for _, f := range audit.Findings {
			if f.Kind != "Role" && !strings.HasPrefix(f.Policy, "rbac-") {
				wantRest = append(wantRest, f)
			}
		}
		var gotRest []auditFinding
		for _, f := range res.Findings {
			if f.Kind != "Role" && !strings.HasPrefix(f.Policy, "rbac-") {
				gotRest = append(gotRest, f)
			}
		}
		if g, w := findingKeys(gotRest), findingKeys(wantRest); !slices.Equal(g, w) {
			t.Errorf("without Roles, the other findings differ:\n  only now:\n    %s\n  only before:\n    %s", strings.Join(minus(g, w), "\n    "), strings.Join(minus(w, g), "\n    "))
		}
	})

	t.Run("settings", func(t *testing.T) {
		// A repository's .shipshape.yaml, read from a folder below it:
		// its skip, failOn and output apply to the audit as to check.
		repo := t.TempDir()
		sub := filepath.Join(repo, "deploy")
		if err := os.MkdirAll(filepath.Join(repo, ".git"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		settings := filepath.Join(repo, ".shipshape.yaml")
		if err := os.WriteFile(settings, []byte("skip: [probes-required]\nfailOn: none\noutput: json\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		out, stderr, code, err := runShipshapeIn(sub, bin, "audit", "--kubeconfig", c.Kubeconfig, "-n", ns, "--progress", "never")
		if err != nil {
			t.Fatalf("shipshape audit: %v\n%s", err, stderr)
		}
		if code != 0 || !strings.Contains(stderr, "settings: "+settings+"\n") {
			t.Fatalf("exit code %d (want 0: failOn none), stderr %q (want the settings file named)", code, stderr)
		}
		var res auditResult
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("output: json from the settings file: %v\n%s", err, out)
		}
		var want []auditFinding
		for _, f := range audit.Findings {
			if f.Policy != "probes-required" {
				want = append(want, f)
			}
		}
		if g, w := findingKeys(res.Findings), findingKeys(want); !slices.Equal(g, w) || len(w) == len(audit.Findings) {
			t.Errorf("with skip: [probes-required], the findings are not the others:\n  only now:\n    %s\n  only before:\n    %s", strings.Join(minus(g, w), "\n    "), strings.Join(minus(w, g), "\n    "))
		}
		// Flags win over the file.
		_, stderr, code, err = runShipshapeIn(sub, bin, "audit", "--kubeconfig", c.Kubeconfig, "-n", ns, "--progress", "never", "--fail-on", "deny", "-o", "text")
		if err != nil || code != 1 {
			t.Errorf("--fail-on deny over failOn: none: exit code %d (want 1), %v\n%s", code, err, stderr)
		}
	})

	t.Run("openreports", func(t *testing.T) {
		out, stderr, _, err := runShipshape(bin, "audit", "--kubeconfig", c.Kubeconfig, "-n", ns, "-o", "openreports", "--progress", "never")
		if err != nil {
			t.Fatalf("shipshape audit -o openreports: %v\n%s", err, stderr)
		}
		var list struct {
			Kind  string
			Items []map[string]any
		}
		if err := json.Unmarshal([]byte(out), &list); err != nil {
			t.Fatalf("-o openreports: %v\n%s", err, out)
		}
		var printed struct {
			Items []struct {
				APIVersion, Kind string
				Metadata         struct{ Name, Namespace string }
				Summary          map[string]int
				Results          []struct{ Policy, Result, Severity string }
			}
		}
		if err := json.Unmarshal([]byte(out), &printed); err != nil {
			t.Fatal(err)
		}
		results := 0
		kinds := map[string]bool{}
		for _, it := range printed.Items {
			kinds[it.Kind+"/"+it.Metadata.Namespace] = true
			if it.APIVersion != "openreports.io/v1alpha1" || it.Metadata.Name != "shipshape" {
				t.Errorf("report %s %s/%s", it.APIVersion, it.Metadata.Namespace, it.Metadata.Name)
			}
			counted := 0
			for range it.Results {
				results++
			}
			for _, s := range []string{"fail", "warn", "skip"} {
				counted += it.Summary[s]
			}
			if counted != len(it.Results) {
				t.Errorf("%s %s: summary %v counts %d results of %d", it.Kind, it.Metadata.Namespace, it.Summary, counted, len(it.Results))
			}
		}
		if list.Kind != "List" || !kinds["Report/"+ns] || !kinds["ClusterReport/"] || results != len(audit.Findings) {
			t.Fatalf("%s of %v with %d results, want a Report in %s, a ClusterReport and %d results", list.Kind, kinds, results, ns, len(audit.Findings))
		}

		// The CRDs the openreports module publishes, from the copy the
		// build uses: what the reports are written for.
		for _, crd := range openReportsCRDs(t) {
			if _, err := c.KubectlIn(ctx, crd, "apply", "--server-side", "-f", "-"); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := c.Kubectl(ctx, "wait", "--for=condition=Established", "crd/reports.openreports.io", "crd/clusterreports.openreports.io", "--timeout=60s"); err != nil {
			t.Fatal(err)
		}
		// A printed report applies as it is under the CRD's schema: the
		// API server refuses a value outside an enum, and with
		// --validate=strict a field the schema would prune.
		for _, it := range list.Items {
			item, _ := json.Marshal(it)
			if _, err := c.KubectlIn(ctx, item, "apply", "--server-side", "--dry-run=server", "--validate=strict", "--field-manager", "shipshape", "-f", "-"); err != nil {
				t.Errorf("the printed report does not apply under the published CRD: %v", err)
			}
		}
		getReport := func(kind string) map[string]any {
			t.Helper()
			args := []string{"get", "clusterreports.openreports.io", "shipshape", "-o", "json"}
			if kind == "Report" {
				args = []string{"get", "reports.openreports.io", "shipshape", "-n", ns, "-o", "json", "--show-managed-fields"}
			}
			back, err := c.Kubectl(ctx, args...)
			if err != nil {
				t.Fatal(err)
			}
			var obj map[string]any
			if err := json.Unmarshal([]byte(back), &obj); err != nil {
				t.Fatal(err)
			}
			return obj
		}
		versions := func() string {
			t.Helper()
			return resourceVersion(getReport("Report")) + " " + resourceVersion(getReport("ClusterReport"))
		}
		var first string
		for i := range 2 {
			out, stderr, _, err := runShipshape(bin, "audit", "--kubeconfig", c.Kubeconfig, "-n", ns, "--apply", "--progress", "never")
			if err != nil || !strings.Contains(out, "applied") {
				t.Fatalf("--apply (run %d): %v\n%s\n%s", i+1, err, out, stderr)
			}
			if i == 0 {
				first = versions()
				continue
			}
			if again := versions(); again != first {
				t.Errorf("the second --apply changed the reports: resourceVersions %s, then %s", first, again)
			}
		}

		// Read back, each report is the printed one: the schema kept every
		// field and value, and the server added only its metadata.
		rep := getReport("Report")
		meta, _ := rep["metadata"].(map[string]any)
		owners, _ := meta["ownerReferences"].([]any)
		managers, _ := meta["managedFields"].([]any)
		if len(owners) > 0 || len(managers) != 1 || managers[0].(map[string]any)["manager"] != "shipshape" {
			t.Errorf("the Report read back has owners %v, managers %v; want none and shipshape alone", owners, managers)
		}
		for _, it := range list.Items {
			md, _ := it["metadata"].(map[string]any)
			itemNS, _ := md["namespace"].(string)
			kind, _ := it["kind"].(string)
			if itemNS != "" && itemNS != ns {
				continue // only this test's namespace is read back
			}
			back := withoutServerMetadata(getReport(kind))
			if diff := jsonDiff(it, back); diff != "" {
				t.Errorf("%s %s read back differs from the printed one: %s", kind, itemNS, diff)
			}
		}
		inNS := 0
		for _, f := range audit.Findings {
			if f.Namespace == ns || (f.Kind == "Namespace" && f.Name == ns) {
				inNS++
			}
		}
		if got := len(rep["results"].([]any)); got != inNS {
			t.Errorf("the Report read back has %d results, want %d", got, inNS)
		}

		// An apply with fewer findings replaces the results: those no
		// longer found are gone, not kept beside the new ones.
		if out, stderr, _, err := runShipshape(bin, "audit", "--kubeconfig", c.Kubeconfig, "-n", ns, "--apply", "--progress", "never", "--policy", "no-secrets-in-configmaps"); err != nil {
			t.Fatalf("--apply --policy: %v\n%s\n%s", err, out, stderr)
		}
		var fewer struct {
			Summary map[string]int
			Results []struct{ Policy string }
		}
		narrowed, _ := json.Marshal(getReport("Report"))
		if err := json.Unmarshal(narrowed, &fewer); err != nil {
			t.Fatal(err)
		}
		if len(fewer.Results) != 1 || fewer.Results[0].Policy != "no-secrets-in-configmaps" || fewer.Summary["fail"] != 1 {
			t.Errorf("after an apply of one check's findings, the Report holds %+v", fewer)
		}
		t.Logf("%d reports, %d results; applied twice, resourceVersions %s both times; read back equal", len(list.Items), results, first)
	})
}

// openReportsCRDs are the published CRDs of the openreports module, from
// the module cache (the module is a dependency, so it is downloaded).
func openReportsCRDs(t *testing.T) [][]byte {
	t.Helper()
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", auditpkg.CRDModule)
	cmd.Dir = RepoRoot()
	dir, err := cmd.Output()
	if err != nil || strings.TrimSpace(string(dir)) == "" {
		t.Fatalf("go list -m %s: %v %s", auditpkg.CRDModule, err, dir)
	}
	var out [][]byte
	for _, f := range auditpkg.CRDFiles {
		data, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(dir)), f))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, data)
	}
	return out
}

func resourceVersion(obj map[string]any) string {
	md, _ := obj["metadata"].(map[string]any)
	rv, _ := md["resourceVersion"].(string)
	return rv
}

// withoutServerMetadata drops what the API server adds to an object's
// metadata on create.
func withoutServerMetadata(obj map[string]any) map[string]any {
	if md, ok := obj["metadata"].(map[string]any); ok {
		for _, k := range []string{"uid", "resourceVersion", "generation", "creationTimestamp", "managedFields"} {
			delete(md, k)
		}
	}
	return obj
}

// jsonDiff is "" when a and b are the same JSON, else both.
func jsonDiff(a, b any) string {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	if bytes.Equal(x, y) {
		return ""
	}
	return fmt.Sprintf("\n  printed:   %s\n  read back: %s", x, y)
}

// minus is what a has that b does not.
func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}
