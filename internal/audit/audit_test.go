package audit_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	fakediscovery "k8s.io/client-go/discovery/fake"
	"k8s.io/client-go/dynamic"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	clienttesting "k8s.io/client-go/testing"
	"sigs.k8s.io/yaml"

	"github.com/shipshape-dev/shipshape/internal/audit"
	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/check"
	"github.com/shipshape-dev/shipshape/internal/constraints"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/report"
	"github.com/shipshape-dev/shipshape/policies"
)

// served are the resources the fake API server serves: group/version,
// resource, kind, namespaced.
var served = []struct {
	gv, resource, kind string
	namespaced         bool
}{
	{"v1", "namespaces", "Namespace", false},
	{"v1", "nodes", "Node", false},
	{"v1", "pods", "Pod", true},
	{"v1", "services", "Service", true},
	{"v1", "configmaps", "ConfigMap", true},
	{"v1", "secrets", "Secret", true},
	{"v1", "serviceaccounts", "ServiceAccount", true},
	{"v1", "replicationcontrollers", "ReplicationController", true},
	{"v1", "persistentvolumeclaims", "PersistentVolumeClaim", true},
	{"v1", "limitranges", "LimitRange", true},
	{"v1", "resourcequotas", "ResourceQuota", true},
	{"apps/v1", "deployments", "Deployment", true},
	{"apps/v1", "statefulsets", "StatefulSet", true},
	{"apps/v1", "daemonsets", "DaemonSet", true},
	{"apps/v1", "replicasets", "ReplicaSet", true},
	{"batch/v1", "jobs", "Job", true},
	{"batch/v1", "cronjobs", "CronJob", true},
	{"autoscaling/v1", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true},
	{"autoscaling/v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true},
	{"networking.k8s.io/v1", "networkpolicies", "NetworkPolicy", true},
	{"networking.k8s.io/v1", "ingresses", "Ingress", true},
	{"policy/v1", "poddisruptionbudgets", "PodDisruptionBudget", true},
	{"scheduling.k8s.io/v1", "priorityclasses", "PriorityClass", false},
	{"rbac.authorization.k8s.io/v1", "roles", "Role", true},
	{"rbac.authorization.k8s.io/v1", "rolebindings", "RoleBinding", true},
	{"rbac.authorization.k8s.io/v1", "clusterroles", "ClusterRole", false},
	{"rbac.authorization.k8s.io/v1", "clusterrolebindings", "ClusterRoleBinding", false},
}

// objects is a small cluster: findings of several checks, an exempted
// one, namespace facts, node-derived plan checks. Objects of a kind are
// in the order the API server lists them (namespace, then name), as in a
// kubectl dump: a fact said once per namespace is said on the first.
const objects = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {team: shop}
---
apiVersion: v1
kind: Namespace
metadata:
  name: tools
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
  annotations:
    shipshape.dev/exempt.probes-required: "batch worker, no port to probe"
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata:
      labels: {app: api}
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
  namespace: shop
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
      creationTimestamp: null
    spec:
      containers:
      - name: web
        image: nginx:latest
---
apiVersion: v1
kind: Pod
metadata:
  name: bare
  namespace: tools
spec:
  containers:
  - name: c
    image: busybox
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  password: hunter2
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: everything
  namespace: tools
rules:
- apiGroups: ["*"]
  resources: ["*"]
  verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list"]
---
apiVersion: v1
kind: Node
metadata:
  name: n1
  labels: {node-role.kubernetes.io/control-plane: "", topology.kubernetes.io/zone: a}
status:
  capacity: {cpu: "2", memory: 4Gi}
  allocatable: {cpu: 1900m, memory: 3Gi}
---
apiVersion: v1
kind: Node
metadata:
  name: n2
  labels: {topology.kubernetes.io/zone: a}
status:
  capacity: {cpu: "2", memory: 4Gi}
  allocatable: {cpu: 1900m, memory: 3Gi}
`

const secret = `apiVersion: v1
kind: Secret
metadata:
  name: token
  namespace: shop
stringData: {token: abc}
`

func parseObjects(t *testing.T, text string) []*unstructured.Unstructured {
	t.Helper()
	var out []*unstructured.Unstructured
	for _, piece := range strings.Split(text, "\n---\n") {
		var obj map[string]any
		require.NoError(t, yaml.Unmarshal([]byte(piece), &obj))
		out = append(out, &unstructured.Unstructured{Object: obj})
	}
	return out
}

// fakeCluster is the fake dynamic client behind a layer that pages as the
// API server does (limit and continue, which the fake ignores), refuses
// what forbidden names, and records every request.
type fakeCluster struct {
	dynamic.Interface
	forbidden map[string]bool // resource, or resource/namespace
	mu        sync.Mutex
	calls     []call
}

type call struct {
	verb, resource, namespace, cont string
	limit                           int64
}

func newFakeCluster(t *testing.T, objs ...*unstructured.Unstructured) (*fakeCluster, *fakediscovery.FakeDiscovery) {
	t.Helper()
	listKinds := map[schema.GroupVersionResource]string{}
	byGV := map[string]*metav1.APIResourceList{}
	var lists []*metav1.APIResourceList
	for _, s := range served {
		gv, err := schema.ParseGroupVersion(s.gv)
		require.NoError(t, err)
		listKinds[gv.WithResource(s.resource)] = s.kind + "List"
		l := byGV[s.gv]
		if l == nil {
			l = &metav1.APIResourceList{GroupVersion: s.gv}
			byGV[s.gv] = l
			lists = append(lists, l)
		}
		l.APIResources = append(l.APIResources, metav1.APIResource{Name: s.resource, Kind: s.kind, Namespaced: s.namespaced, Verbs: []string{"get", "list"}},
			metav1.APIResource{Name: s.resource + "/status", Kind: s.kind, Namespaced: s.namespaced, Verbs: []string{"get"}})
	}
	runtimeObjs := make([]runtime.Object, len(objs))
	for i, o := range objs {
		runtimeObjs[i] = o
	}
	dyn := dynamicfake.NewSimpleDynamicClientWithCustomListKinds(runtime.NewScheme(), listKinds, runtimeObjs...)
	disc := &fakediscovery.FakeDiscovery{Fake: &clienttesting.Fake{Resources: lists}}
	return &fakeCluster{Interface: dyn, forbidden: map[string]bool{}}, disc
}

func (c *fakeCluster) Resource(gvr schema.GroupVersionResource) dynamic.NamespaceableResourceInterface {
	return &fakeResource{NamespaceableResourceInterface: c.Interface.Resource(gvr), c: c, gvr: gvr}
}

func (c *fakeCluster) requested() []call {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.calls)
}

type fakeResource struct {
	dynamic.NamespaceableResourceInterface
	c   *fakeCluster
	gvr schema.GroupVersionResource
	ns  string
}

func (r *fakeResource) Namespace(ns string) dynamic.ResourceInterface {
	return &fakeResource{NamespaceableResourceInterface: r.NamespaceableResourceInterface, c: r.c, gvr: r.gvr, ns: ns}
}

func (r *fakeResource) inner() dynamic.ResourceInterface {
	if r.ns == "" {
		return r.NamespaceableResourceInterface
	}
	return r.NamespaceableResourceInterface.Namespace(r.ns)
}

func (r *fakeResource) refused(verb string) error {
	r.c.mu.Lock()
	defer r.c.mu.Unlock()
	if r.c.forbidden[r.gvr.Resource] || r.c.forbidden[r.gvr.Resource+"/"+r.ns] {
		return apierrors.NewForbidden(r.gvr.GroupResource(), "", fmt.Errorf("user audit cannot %s resource %q", verb, r.gvr.Resource))
	}
	return nil
}

func (r *fakeResource) List(ctx context.Context, opts metav1.ListOptions) (*unstructured.UnstructuredList, error) {
	r.c.mu.Lock()
	r.c.calls = append(r.c.calls, call{verb: "list", resource: r.gvr.String(), namespace: r.ns, cont: opts.Continue, limit: opts.Limit})
	r.c.mu.Unlock()
	if err := r.refused("list"); err != nil {
		return nil, err
	}
	all, err := r.inner().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	sort.Slice(all.Items, func(i, j int) bool {
		return all.Items[i].GetNamespace()+"/"+all.Items[i].GetName() < all.Items[j].GetNamespace()+"/"+all.Items[j].GetName()
	})
	start := 0
	if opts.Continue != "" {
		start, err = strconv.Atoi(opts.Continue)
		if err != nil {
			return nil, apierrors.NewBadRequest("bad continue token")
		}
	}
	end := len(all.Items)
	if opts.Limit > 0 && start+int(opts.Limit) < end {
		end = start + int(opts.Limit)
		all.SetContinue(strconv.Itoa(end))
	} else {
		all.SetContinue("")
	}
	all.Items = all.Items[start:end]
	return all, nil
}

func (r *fakeResource) Get(ctx context.Context, name string, opts metav1.GetOptions, sub ...string) (*unstructured.Unstructured, error) {
	r.c.mu.Lock()
	r.c.calls = append(r.c.calls, call{verb: "get", resource: r.gvr.String(), namespace: r.ns})
	r.c.mu.Unlock()
	if err := r.refused("get"); err != nil {
		return nil, err
	}
	return r.inner().Get(ctx, name, opts, sub...)
}

func loadCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.Load(policies.FS)
	require.NoError(t, err)
	return cat
}

// runAudit audits the fake cluster with the default Constraints.
func runAudit(t *testing.T, cat *catalog.Catalog, c *fakeCluster, disc audit.Discovery, opts audit.Options, p check.Params) (*report.Report, []engine.Finding, *audit.Lister) {
	t.Helper()
	l := audit.New(c, disc, opts)
	var got []engine.Finding
	p.Documents = l.Feed()
	p.Emit = func(batch []engine.Finding) error {
		got = append(got, batch...)
		return nil
	}
	rep, err := check.Run(context.Background(), cat, p)
	require.NoError(t, err)
	return rep, got, l
}

// key is what a finding says, without where a file puts it.
func key(f engine.Finding) string {
	return fmt.Sprintf("%s|%s|%s|%s %s %s/%s|%v|%s|%s|%v", f.Policy, f.Constraint, f.Action, f.APIVersion, f.Kind, f.Namespace, f.Name, f.Exempted, f.Reason, f.Message, f.Details)
}

func keys(fs []engine.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = key(f)
	}
	sort.Strings(out)
	return out
}

// TestAuditEqualsCheck: the findings of an audit are those check gives on
// a dump of the same objects, the node-derived plan included, and the
// listing pages through every kind.
func TestAuditEqualsCheck(t *testing.T) {
	cat := loadCatalog(t)
	objs := parseObjects(t, objects)
	c, disc := newFakeCluster(t, append(objs, parseObjects(t, secret)...)...)
	rep, got, l := runAudit(t, cat, c, disc, audit.Options{PageSize: 1, Parallel: 3}, check.Params{})
	require.Empty(t, rep.Errors)
	require.Empty(t, l.Errors())

	// The dump: one file, named as audit names its Nodes' file, so the
	// plan made of them has the same name.
	dir := t.TempDir()
	dump := filepath.Join(dir, audit.NodesFile)
	require.NoError(t, os.WriteFile(dump, []byte(objects), 0o644))
	var want []engine.Finding
	_, err := check.Run(context.Background(), cat, check.Params{Paths: []string{dump}, Emit: func(b []engine.Finding) error {
		want = append(want, b...)
		return nil
	}})
	require.NoError(t, err)
	require.NotEmpty(t, want)
	assert.Equal(t, keys(want), keys(got))

	// Findings the fixture is built to give, so equality is not of two empty sets.
	var policiesFound []string
	exempted := false
	for _, f := range got {
		policiesFound = append(policiesFound, f.Policy)
		exempted = exempted || (f.Exempted && f.Name == "api" && f.Policy == "probes-required")
	}
	assert.Contains(t, policiesFound, "probes-required")
	assert.Contains(t, policiesFound, "no-secrets-in-configmaps")
	assert.Contains(t, policiesFound, "rbac-no-wildcards")
	assert.Contains(t, policiesFound, "no-bare-pods")
	assert.True(t, exempted, "the exempted finding of Deployment shop/api is kept, marked")
	plan := false
	for _, f := range got {
		plan = plan || f.Kind == "ClusterPlan"
	}
	assert.True(t, plan, "the Nodes make a cluster plan that the plan checks judge")

	// Paging: with a page size of 1, the two Deployments take two
	// requests, the second with the first's continue token.
	var deployments []call
	for _, x := range c.requested() {
		if x.resource == "apps/v1, Resource=deployments" {
			deployments = append(deployments, x)
		}
	}
	require.Len(t, deployments, 2)
	assert.Equal(t, call{verb: "list", resource: "apps/v1, Resource=deployments", limit: 1}, deployments[0])
	assert.Equal(t, call{verb: "list", resource: "apps/v1, Resource=deployments", limit: 1, cont: "1"}, deployments[1])
	assert.Equal(t, rep.Summary.Documents, len(objs))
	assert.Contains(t, l.Kinds(), "autoscaling/v2/HorizontalPodAutoscaler", "the version custom.sync names is read, not the first served")
}

// TestNeverSecrets: no request names Secrets, whatever matches them, and
// the run says so.
func TestNeverSecrets(t *testing.T) {
	cat := loadCatalog(t)
	c, disc := newFakeCluster(t, append(parseObjects(t, objects), parseObjects(t, secret)...)...)
	rep, got, l := runAudit(t, cat, c, disc, audit.Options{}, check.Params{})
	require.Empty(t, rep.Errors)
	for _, x := range c.requested() {
		assert.NotContains(t, x.resource, "secrets")
	}
	for _, f := range got {
		assert.NotEqual(t, "Secret", f.Kind)
	}
	noted := false
	for _, n := range l.Notes() {
		noted = noted || (n.File == "v1/Secret" && strings.Contains(n.Message, "no-default-namespace"))
	}
	assert.True(t, noted, "a note says Secrets are not read and which checks match them: %v", l.Notes())
	kinds, secretChecks := audit.Wanted(nil)
	assert.Empty(t, kinds)
	assert.Empty(t, secretChecks)
}

// TestForbiddenKind: a kind the user may not list is a note naming it;
// the other kinds are audited, and it is not an error.
func TestForbiddenKind(t *testing.T) {
	cat := loadCatalog(t)
	c, disc := newFakeCluster(t, parseObjects(t, objects)...)
	c.forbidden["roles"] = true
	c.forbidden["pods/tools"] = true
	rep, got, l := runAudit(t, cat, c, disc, audit.Options{Namespaces: []string{"shop", "tools"}}, check.Params{})
	require.Empty(t, rep.Errors)
	assert.Empty(t, l.Errors())
	notes := map[string]string{}
	for _, n := range l.Notes() {
		notes[n.File] = n.Message
	}
	assert.Contains(t, notes["rbac.authorization.k8s.io/v1/Role in namespace shop"], "may not list")
	assert.Contains(t, notes["rbac.authorization.k8s.io/v1/Role in namespace tools"], "may not list")
	assert.Contains(t, notes["v1/Pod in namespace tools"], "may not list")
	for _, f := range got {
		assert.NotEqual(t, "Role", f.Kind)
		assert.False(t, f.Kind == "Pod" && f.Namespace == "tools")
	}
	found := false
	for _, f := range got {
		found = found || (f.Kind == "Deployment" && f.Name == "web")
	}
	assert.True(t, found, "the rest of the audit ran")
	// -n: namespaced kinds are listed in the namespaces named, and the
	// Namespace objects fetched by name.
	for _, x := range c.requested() {
		if strings.HasSuffix(x.resource, "Resource=namespaces") {
			assert.Equal(t, "get", x.verb)
		}
		if strings.HasSuffix(x.resource, "Resource=deployments") {
			assert.Contains(t, []string{"shop", "tools"}, x.namespace)
		}
	}
}

// TestOtherListErrorIsAnError: a failure that is not a permission is an
// error of the run (exit 2), naming the kind.
func TestOtherListErrorIsAnError(t *testing.T) {
	cat := loadCatalog(t)
	c, disc := newFakeCluster(t, parseObjects(t, objects)...)
	failing := &failingCluster{fakeCluster: c, resource: "configmaps"}
	l := audit.New(failing, disc, audit.Options{})
	_, err := check.Run(context.Background(), cat, check.Params{Documents: l.Feed(), Emit: func([]engine.Finding) error { return nil }})
	require.NoError(t, err)
	errs := l.Errors()
	require.Len(t, errs, 1)
	assert.Equal(t, "v1/ConfigMap", errs[0].File)
	assert.Contains(t, errs[0].Message, "etcd is down")
}

type failingCluster struct {
	*fakeCluster
	resource string
}

func (c *failingCluster) Resource(gvr schema.GroupVersionResource) dynamic.NamespaceableResourceInterface {
	r := c.fakeCluster.Resource(gvr)
	if gvr.Resource == c.resource {
		return failingResource{r}
	}
	return r
}

type failingResource struct {
	dynamic.NamespaceableResourceInterface
}

func (failingResource) List(context.Context, metav1.ListOptions) (*unstructured.UnstructuredList, error) {
	return nil, apierrors.NewInternalError(fmt.Errorf("etcd is down"))
}

// TestWanted: the kinds come from the selected constraints: matched,
// synced, Namespaces, and Nodes only when a plan check runs.
func TestWanted(t *testing.T) {
	cat := loadCatalog(t)
	c, disc := newFakeCluster(t, parseObjects(t, objects)...)
	_, _, l := runAudit(t, cat, c, disc, audit.Options{}, check.Params{Policies: []string{"no-secrets-in-configmaps"}})
	assert.Equal(t, []string{"v1/ConfigMap", "v1/Namespace"}, l.Kinds())
	_, _, l = runAudit(t, cat, c, disc, audit.Options{}, check.Params{Policies: []string{"multi-zone"}})
	assert.Equal(t, []string{"v1/Node"}, l.Kinds())
	_, _, l = runAudit(t, cat, c, disc, audit.Options{}, check.Params{Policies: []string{"namespace-limit-range"}})
	assert.Contains(t, l.Kinds(), "v1/LimitRange")
	assert.Contains(t, l.Kinds(), "apps/v1/Deployment")
	assert.NotContains(t, l.Kinds(), "v1/ConfigMap")
}

// TestStreamingEqualsInventory: a run whose constraints read no other
// object judges each page as it comes; its findings are those of the
// same checks in a run that builds the inventory.
func TestStreamingEqualsInventory(t *testing.T) {
	cat := loadCatalog(t)
	c, disc := newFakeCluster(t, parseObjects(t, objects)...)
	only := []string{"probes-required", "image-tag-pinned", "no-bare-pods", "multi-zone"}
	eng, err := engine.New(cat, engine.Options{})
	require.NoError(t, err)
	var cons []*constraints.Constraint
	for _, id := range only {
		cons = append(cons, constraints.Default(cat.Policy(id)))
	}
	require.True(t, eng.Streamable(cons), "these checks read no other object, so the run streams")
	_, streamed, _ := runAudit(t, cat, c, disc, audit.Options{PageSize: 1}, check.Params{Policies: only})
	_, all, _ := runAudit(t, cat, c, disc, audit.Options{}, check.Params{})
	var want []engine.Finding
	for _, f := range all {
		if slices.Contains(only, f.Policy) {
			want = append(want, f)
		}
	}
	require.NotEmpty(t, want)
	assert.Equal(t, keys(want), keys(streamed))
}

func TestScore(t *testing.T) {
	for _, tc := range []struct{ objects, denied, warned, want int }{
		{0, 0, 0, 100},
		{10, 0, 0, 100},
		{10, 1, 0, 90},
		{10, 0, 1, 95},
		{3, 1, 1, 50},
		{3, 0, 1, 83},
		{2, 2, 0, 0},
		{1, 3, 0, 0},
	} {
		assert.Equal(t, tc.want, audit.Score(tc.objects, tc.denied, tc.warned), "%+v", tc)
	}
}

// TestSummary: counts by namespace; a Namespace's findings count in it;
// an object's score counts it once, by its worst finding.
func TestSummary(t *testing.T) {
	tally := audit.NewTally()
	tally.Add([]engine.Finding{
		{Policy: "a", Action: "deny", APIVersion: "apps/v1", Kind: "Deployment", Namespace: "shop", Name: "web"},
		{Policy: "b", Action: "warn", APIVersion: "apps/v1", Kind: "Deployment", Namespace: "shop", Name: "web"},
		{Policy: "b", Action: "warn", APIVersion: "v1", Kind: "Pod", Namespace: "shop", Name: "p"},
		{Policy: "c", Action: "deny", Exempted: true, APIVersion: "v1", Kind: "Pod", Namespace: "shop", Name: "q"},
		{Policy: "d", Action: "warn", APIVersion: "v1", Kind: "Namespace", Name: "tools"},
		{Policy: "e", Action: "dryrun", APIVersion: "shipshape.dev/v1alpha1", Kind: "ClusterPlan", Name: "nodes"},
	})
	got := tally.Summary(audit.Judged(map[string]int{"shop": 5, "tools": 1, "": 2, "empty": 1},
		[]report.Uncovered{{File: "ConfigMap shop/x", Kind: "ConfigMap", Name: "x"}, {File: "Namespace empty", Kind: "Namespace", Name: "empty"}}))
	assert.Equal(t, []report.NamespaceSummary{
		{Namespace: "", Objects: 2, Dryrun: 1, Score: 100},
		{Namespace: "empty", Objects: 0, Score: 100},
		{Namespace: "shop", Objects: 4, Deny: 1, Warn: 2, Exempted: 1, Score: 62},
		{Namespace: "tools", Objects: 1, Warn: 1, Score: 50},
	}, got)
}

func TestObjectFile(t *testing.T) {
	assert.Equal(t, "shop", audit.NamespaceOfFile(audit.ObjectFile("Deployment", "shop", "web")))
	assert.Equal(t, "", audit.NamespaceOfFile(audit.ObjectFile("ClusterRole", "", "reader")))
	assert.Equal(t, "", audit.NamespaceOfFile(audit.NodesFile))
}
