package plan

import (
	"os"
	"strings"
	"testing"

	"github.com/shipshape-dev/shipshape/internal/inputs"
)

func parse(t *testing.T, src string) inputs.Document {
	t.Helper()
	docs, errs := inputs.Parse("plan.yaml", []byte(src), inputs.DefaultOptions)
	if len(errs) > 0 || len(docs) != 1 {
		t.Fatalf("docs %v errs %v", docs, errs)
	}
	return docs[0]
}

func TestSamplePlansAreValid(t *testing.T) {
	data, err := os.ReadFile("../../policies/plan/capacity-headroom/samples/allowed-plan.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if errs := Validate(parse(t, string(data))); len(errs) > 0 {
		t.Fatalf("%v", errs)
	}
}

func TestValidateNamesFieldAndLine(t *testing.T) {
	src := `apiVersion: shipshape.dev/v1alpha1
kind: ClusterPlan
metadata:
  name: p
spec:
  environment: prod
  network:
    plugin: terway
    vpcCIDR: 192.168.0.1/16
    serviceCIDR: 172.21.0.0/20
    snat: "yes"
  nodePools:
  - name: w
    count: two
    cpu: 8
    memory: 32
    colour: blue
`
	errs := Validate(parse(t, src))
	want := []struct {
		line int
		msg  string
	}{
		{6, `spec.environment: "prod" is not one of production, staging, test, development`},
		{9, `spec.network.vpcCIDR: "192.168.0.1/16" has host bits set; the network is 192.168.0.0/16`},
		{11, "spec.network.snat: must be true or false, got a string"},
		{14, "spec.nodePools[0].count: must be a whole number, got a string"},
		{16, "spec.nodePools[0].memory: must be a quantity with a unit such as 32Gi"},
		{17, "spec.nodePools[0].colour: unknown field"},
	}
	if len(errs) != len(want) {
		t.Fatalf("got %d errors, want %d: %v", len(errs), len(want), errs)
	}
	for i, w := range want {
		if errs[i].Line != w.line || !strings.Contains(errs[i].Message, w.msg) || errs[i].File != "plan.yaml" {
			t.Errorf("error %d: got %v, want line %d %q", i, errs[i], w.line, w.msg)
		}
	}
}

func TestMissingFieldsPointAtTheirParent(t *testing.T) {
	errs := Validate(parse(t, "apiVersion: shipshape.dev/v1alpha1\nkind: ClusterPlan\nmetadata:\n  name: p\nspec:\n  environment: test\n"))
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	got := strings.Join(msgs, "\n")
	for _, w := range []string{"plan.yaml:5: invalid ClusterPlan: spec.network: is required", "plan.yaml:5: invalid ClusterPlan: spec.nodePools: is required"} {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in\n%s", w, got)
		}
	}
}

func TestPrepareDropsInvalidPlansAndDerivesNodePlans(t *testing.T) {
	bad := parse(t, "apiVersion: shipshape.dev/v1alpha1\nkind: ClusterPlan\nmetadata:\n  name: p\n")
	nodes, errs := inputs.Parse("nodes.yaml", []byte(`apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Node
  metadata:
    name: m1
    labels: {node-role.kubernetes.io/control-plane: "", topology.kubernetes.io/zone: z1}
  status: {capacity: {cpu: "8", memory: 32Gi}, allocatable: {cpu: 7800m, memory: 30Gi}}
- apiVersion: v1
  kind: Node
  metadata: {name: w1}
  status: {capacity: {cpu: "16", memory: 64Gi}}
`), inputs.DefaultOptions)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	docs, perrs := Prepare(append([]inputs.Document{bad}, nodes...))
	if len(perrs) == 0 {
		t.Fatal("the invalid plan was not reported")
	}
	if len(docs) != 3 {
		t.Fatalf("want 2 nodes and 1 derived plan, got %d documents", len(docs))
	}
	derived := docs[2]
	if derived.Input != inputs.KindPlan || derived.File != "nodes.yaml" {
		t.Fatalf("derived: %+v", derived)
	}
	pools := derived.Object["spec"].(map[string]any)["nodePools"].([]any)
	m := pools[0].(map[string]any)
	if m["role"] != "master" || m["zones"].([]any)[0] != "z1" || m["allocatable"].(map[string]any)["cpu"] != "7800m" {
		t.Errorf("master pool: %v", m)
	}
	if pools[1].(map[string]any)["role"] != "worker" {
		t.Errorf("worker pool: %v", pools[1])
	}
	if l := derived.FieldLine("spec.nodePools[1].cpu"); l != 10 {
		t.Errorf("pool 1 points at line %d, want its Node's line 10", l)
	}
}

// TestQuantitiesReadAsKubernetes: CPU and memory are Kubernetes quantities
// (every spelling resource.ParseQuantity takes) and more than zero.
func TestQuantitiesReadAsKubernetes(t *testing.T) {
	for _, tc := range []struct {
		cpu, memory string
		want        string // "" for valid
	}{
		{"8", "32Gi", ""},
		{"1e3", "1k", ""},
		{".5", "0.5Gi", ""},
		{"+8", "1E", ""},
		{"7800m", "16390000Ki", ""},
		{"8", "128m", ""}, // 0.128 bytes, a quantity all the same
		{"0", "32Gi", `spec.nodePools[0].cpu: must be more than zero, got 0`},
		{"-2", "32Gi", `spec.nodePools[0].cpu: must be more than zero, got -2`},
		{"8", "0Gi", `spec.nodePools[0].memory: must be more than zero, got 0Gi`},
		{"8", "-1Gi", `spec.nodePools[0].memory: must be more than zero, got -1Gi`},
		{"8", "32GiB", `spec.nodePools[0].memory: "32GiB" is not a quantity`},
		{"8 cores", "32Gi", `spec.nodePools[0].cpu: "8 cores" is not a quantity`},
	} {
		src := "apiVersion: shipshape.dev/v1alpha1\nkind: ClusterPlan\nmetadata:\n  name: p\nspec:\n  environment: test\n" +
			"  network: {plugin: terway, vpcCIDR: 192.168.0.0/16, serviceCIDR: 172.21.0.0/20}\n" +
			"  nodePools:\n  - name: w\n    count: 2\n    cpu: \"" + tc.cpu + "\"\n    memory: \"" + tc.memory + "\"\n"
		errs := Validate(parse(t, src))
		switch {
		case tc.want == "" && len(errs) > 0:
			t.Errorf("cpu %q memory %q: %v", tc.cpu, tc.memory, errs)
		case tc.want != "" && (len(errs) != 1 || !strings.Contains(errs[0].Message, tc.want)):
			t.Errorf("cpu %q memory %q: got %v, want %q", tc.cpu, tc.memory, errs, tc.want)
		case tc.want != "":
			line := 11 // cpu
			if strings.Contains(tc.want, "memory") {
				line = 12
			}
			if errs[0].Line != line {
				t.Errorf("cpu %q memory %q: line %d, want %d", tc.cpu, tc.memory, errs[0].Line, line)
			}
		}
	}
}
