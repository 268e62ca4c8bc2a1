package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/shipshape-dev/shipshape/internal/inputs"
)

// podNamespace is where the Pods of TestPodCreateMatchesAPIServer are
// created by dry run; the webhook ignores it, so only the API server speaks.
const podNamespace = "e2e-pods"

var metadataNamespace = regexp.MustCompile(`(?m)^  namespace: .*\n`)

// podsWritten are Pods in the shapes the API server changes on create.
var podsWritten = []string{
	`apiVersion: v1
kind: Pod
metadata: {name: limits-only}
spec:
  containers:
  - name: a
    image: registry.example.com/a:1.0.0
    resources: {limits: {cpu: "0.5", memory: 1Gi, ephemeral-storage: 2Gi}, requests: {cpu: 100m}}
  initContainers:
  - name: b
    image: registry.example.com/b:1.0.0
    resources: {limits: {memory: 64Mi}}`,
	`apiVersion: v1
kind: Pod
metadata: {name: host-network}
spec:
  hostNetwork: true
  containers:
  - name: a
    image: registry.example.com/a:1.0.0
    ports: [{containerPort: 80}, {containerPort: 443, hostPort: 443}, {containerPort: 53, protocol: UDP}]
  initContainers:
  - name: b
    image: registry.example.com/b:1.0.0
    ports: [{containerPort: 9000}]`,
	`apiVersion: v1
kind: Pod
metadata:
  name: apparmor
  annotations:
    container.apparmor.security.beta.kubernetes.io/a: unconfined
    container.apparmor.security.beta.kubernetes.io/b: localhost/k8s-b
    container.apparmor.security.beta.kubernetes.io/c: runtime/default
spec:
  containers:
  - {name: a, image: registry.example.com/a:1.0.0}
  - {name: b, image: registry.example.com/b:1.0.0}
  - {name: c, image: registry.example.com/c:1.0.0}
  - {name: d, image: registry.example.com/d:1.0.0}`,
	`apiVersion: v1
kind: Pod
metadata:
  name: apparmor-pod-level
  annotations:
    container.apparmor.security.beta.kubernetes.io/a: runtime/default
    container.apparmor.security.beta.kubernetes.io/b: unconfined
spec:
  securityContext: {appArmorProfile: {type: RuntimeDefault}}
  containers:
  - {name: a, image: registry.example.com/a:1.0.0}
  - {name: b, image: registry.example.com/b:1.0.0}`,
}

// TestPodCreateMatchesAPIServer: what inputs does to a Pod as the API
// server would on create (requests from limits, host ports with
// hostNetwork, AppArmor annotations into fields) equals what the real API
// server stores, field by field, for the Pods above, the generated Pods
// and every Pod sample of the suites that the API server accepts.
func TestPodCreateMatchesAPIServer(t *testing.T) {
	c := needCluster(t)
	ctx := context.Background()
	if err := c.EnsureNamespace(ctx, podNamespace, map[string]string{"admission.gatekeeper.sh/ignore": "e2e-pods"}); err != nil {
		t.Fatal(err)
	}
	type pod struct{ name, yaml string }
	var pods []pod
	for i, p := range podsWritten {
		pods = append(pods, pod{fmt.Sprintf("written[%d]", i), p})
	}
	for _, g := range Generate(*seed+2000, 20, podNamespace) {
		pods = append(pods, pod{g.Name + " (" + g.Shape + ")", string(g.YAML)})
	}
	samples, _ := filepath.Glob(filepath.Join(RepoRoot(), "policies", "kubernetes", "*", "samples", "*.yaml"))
	for _, f := range samples {
		data, err := os.ReadFile(f)
		if err == nil && strings.Contains(string(data), "\nkind: Pod\n") && !strings.Contains(string(data), "\n---") {
			rel, _ := filepath.Rel(RepoRoot(), f)
			pods = append(pods, pod{rel, string(data)})
		}
	}
	compared, refused := 0, 0
	for _, p := range pods {
		// Every Pod is created in podNamespace, whatever namespace it names
		// (kubectl refuses a -n that disagrees with the object's); both
		// sides read the same bytes.
		p.yaml = metadataNamespace.ReplaceAllString(p.yaml, "")
		docs, errs := inputs.Parse(p.name, []byte(p.yaml), inputs.DefaultOptions)
		if len(errs) > 0 || len(docs) != 1 {
			t.Errorf("%s: offline: %v", p.name, errs)
			continue
		}
		out, stderr, err := c.KubectlFull(ctx, []byte(p.yaml), "create", "--dry-run=server", "-n", podNamespace, "-o", "json", "-f", "-")
		if err != nil {
			refused++
			t.Logf("%s: refused by the API server: %s", p.name, firstLine(stderr))
			continue
		}
		var stored map[string]any
		if err := json.Unmarshal([]byte(out), &stored); err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		compared++
		for _, d := range podCreateDiffs(docs[0].Object, stored) {
			t.Errorf("%s: %s", p.name, d)
		}
	}
	t.Logf("%d Pods compared with the API server's, %d refused by it", compared, refused)
	if compared < len(podsWritten) {
		t.Fatalf("only %d Pods compared", compared)
	}
}

// podCreateDiffs compares the fields podAsCreated writes: each container's
// requests (as quantities), host ports and AppArmor profile.
func podCreateDiffs(offline, stored map[string]any) []string {
	var diffs []string
	for _, list := range []string{"containers", "initContainers", "ephemeralContainers"} {
		off, on := containersOf(offline, list), containersOf(stored, list)
		for name, oc := range off {
			sc := on[name]
			path := fmt.Sprintf("%s[%s]", list, name)
			if !sameQuantities(get(oc, "resources", "requests"), get(sc, "resources", "requests")) {
				diffs = append(diffs, fmt.Sprintf("%s requests: offline %v, API server %v", path, get(oc, "resources", "requests"), get(sc, "resources", "requests")))
			}
			if a, b := hostPorts(oc), hostPorts(sc); !reflect.DeepEqual(a, b) {
				diffs = append(diffs, fmt.Sprintf("%s host ports: offline %v, API server %v", path, a, b))
			}
			if a, b := get(oc, "securityContext", "appArmorProfile"), get(sc, "securityContext", "appArmorProfile"); !reflect.DeepEqual(a, b) {
				diffs = append(diffs, fmt.Sprintf("%s appArmorProfile: offline %v, API server %v", path, a, b))
			}
		}
	}
	return diffs
}

func containersOf(pod map[string]any, list string) map[string]map[string]any {
	out := map[string]map[string]any{}
	spec, _ := pod["spec"].(map[string]any)
	items, _ := spec[list].([]any)
	for _, x := range items {
		if c, ok := x.(map[string]any); ok {
			name, _ := c["name"].(string)
			out[name] = c
		}
	}
	return out
}

func get(m map[string]any, keys ...string) any {
	var v any = m
	for _, k := range keys {
		mm, _ := v.(map[string]any)
		v = mm[k]
	}
	return v
}

func sameQuantities(a, b any) bool {
	am, _ := a.(map[string]any)
	bm, _ := b.(map[string]any)
	if len(am) != len(bm) {
		return false
	}
	for k, av := range am {
		qa, errA := resource.ParseQuantity(fmt.Sprint(av))
		qb, errB := resource.ParseQuantity(fmt.Sprint(bm[k]))
		if errA != nil || errB != nil || qa.Cmp(qb) != 0 {
			return false
		}
	}
	return true
}

func hostPorts(c map[string]any) []string {
	ports, _ := c["ports"].([]any)
	var out []string
	for _, x := range ports {
		p, _ := x.(map[string]any)
		out = append(out, fmt.Sprintf("%v->%v", p["containerPort"], p["hostPort"]))
	}
	return out
}
