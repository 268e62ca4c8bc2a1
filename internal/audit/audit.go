// Package audit reads the objects of a live cluster that the selected
// policies match or read, and feeds them to the offline pipeline
// (check.Feed): the same evaluator, inventory, findings and reports as
// shipshape check, with objects from the API server instead of files.
//
// Kinds come from the selected constraints: the kinds each matches (a
// custom resource kind only when a Constraint names it), the kinds its
// policy reads from data.inventory (custom.sync), Namespaces, and Nodes
// when a cluster-plan check runs (a node dump makes a plan). Each kind is
// listed with the dynamic client, page by page (limit/continue), several
// kinds at once. Secrets are never requested. A kind the user may not
// list becomes a note and the audit goes on.
package audit

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/check"
	"github.com/shipshape-dev/shipshape/internal/constraints"
	"github.com/shipshape-dev/shipshape/internal/inputs"
)

// Discovery is the part of client-go's discovery client the audit uses.
type Discovery interface {
	ServerGroupsAndResources() ([]*metav1.APIGroup, []*metav1.APIResourceList, error)
}

// Options tune a listing.
type Options struct {
	// Namespaces, when set, limits namespaced objects to these namespaces
	// and Namespace objects to these; cluster-scoped kinds are read whole.
	Namespaces []string
	PageSize   int64 // items per list request; 0 means 500
	Parallel   int   // kinds listed at once; 0 means 4
	// Progress, when set, is told how far the listing is, from any goroutine.
	Progress func(Progress)
}

// Progress is how far a listing is.
type Progress struct {
	Kinds, KindsListed int // kinds to list, kinds done
	Objects            int // objects read
}

// NodesFile is the File every Node document carries, as if the nodes were
// one dump (kubectl get nodes -o yaml > nodes): they make one cluster plan.
const NodesFile = "nodes"

// Lister reads a cluster for one run. Its Feed is a check.Feed; after the
// run, Notes, Errors, Kinds and Objects say what it read.
type Lister struct {
	dyn  dynamic.Interface
	disc Discovery
	opts Options

	mu       sync.Mutex
	prog     Progress
	notes    []inputs.Error
	errs     []inputs.Error
	kinds    []string       // group/version/Kind read
	objects  map[string]int // objects read by namespace ("" cluster-scoped)
	requests []string       // every resource listed or fetched, group/version/resource
}

// New returns a Lister over a cluster's clients.
func New(dyn dynamic.Interface, disc Discovery, opts Options) *Lister {
	if opts.PageSize <= 0 {
		opts.PageSize = 500
	}
	if opts.Parallel <= 0 {
		opts.Parallel = 4
	}
	return &Lister{dyn: dyn, disc: disc, opts: opts, objects: map[string]int{}}
}

// Notes are kinds left out on purpose or by the cluster: Secrets, kinds
// the user may not list, kinds the cluster does not serve.
func (l *Lister) Notes() []inputs.Error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.notes)
}

// Errors are listings that failed for another reason than permissions.
func (l *Lister) Errors() []inputs.Error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.errs)
}

// Kinds are the kinds read, sorted, as group/version/Kind.
func (l *Lister) Kinds() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := slices.Clone(l.kinds)
	sort.Strings(out)
	return out
}

// Requests are the resources the listing asked the API server for, sorted
// and each once, as group/version/resource.
func (l *Lister) Requests() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := slices.Clone(l.requests)
	sort.Strings(out)
	return slices.Compact(out)
}

// Objects are the objects read, by namespace ("" for cluster-scoped ones;
// a Namespace counts in its own namespace).
func (l *Lister) Objects() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]int, len(l.objects))
	for k, v := range l.objects {
		out[k] = v
	}
	return out
}

func (l *Lister) note(what, format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.notes = append(l.notes, inputs.Error{File: what, Message: fmt.Sprintf(format, args...)})
}

// wanted is one kind the selected constraints need.
type wanted struct {
	group, kind string
	version     string // the version custom.sync names, preferred when served
	anyGroup    bool   // apiGroups: ["*"]
}

// Wanted lists the kinds the constraints need read, as group/Kind (and
// */Kind for a kind matched in any group), sorted, and the checks that
// match Secrets, which are never read.
func Wanted(selected []*constraints.Constraint) (kinds []string, secretChecks []string) {
	for _, w := range wantedKinds(selected) {
		g := w.group
		if w.anyGroup {
			g = "*"
		}
		kinds = append(kinds, g+"/"+w.kind)
	}
	return kinds, secretsMatched(selected)
}

func wantedKinds(selected []*constraints.Constraint) []wanted {
	byKey := map[string]*wanted{}
	add := func(group, kind, version string, anyGroup bool) {
		if group == "shipshape.dev" || (group == "" && (kind == "Config" || kind == "Secret")) {
			return // not cluster objects, or never read
		}
		key := group + "/" + kind
		if anyGroup {
			key = "*/" + kind
		}
		w := byKey[key]
		if w == nil {
			w = &wanted{group: group, kind: kind, anyGroup: anyGroup}
			byKey[key] = w
		}
		if version != "" {
			w.version = version
		}
	}
	kubernetes, plans := false, false
	for _, c := range selected {
		switch c.Policy.Input {
		case catalog.InputKubernetes:
			kubernetes = true
		case catalog.InputPlan:
			plans = true
			continue
		default:
			continue
		}
		for _, k := range matchKinds(c) {
			for _, g := range k.APIGroups {
				for _, kind := range k.Kinds {
					add(g, kind, "", g == "*")
				}
			}
		}
		for _, s := range c.Policy.Sync {
			add(s.Group, s.Kind, s.Version, false)
		}
	}
	if kubernetes {
		add("", "Namespace", "v1", false)
	}
	if plans {
		add("", "Node", "v1", false)
	}
	out := make([]wanted, 0, len(byKey))
	for _, w := range byKey {
		out = append(out, *w)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].group != out[j].group {
			return out[i].group < out[j].group
		}
		return out[i].kind < out[j].kind
	})
	return out
}

// matchKinds is a constraint's spec.match.kinds. A Constraint that matches
// every kind (no kinds, or the kind "*") is read on the kinds of its
// policy's default Constraint: the kinds the policy is written for. A
// Constraint of a shipshape policy names, besides, only kinds the
// catalog knows or custom resource kinds, which discovery finds.
func matchKinds(c *constraints.Constraint) []catalog.KindGroup {
	spec, _ := c.Object["spec"].(map[string]any)
	m, _ := spec["match"].(map[string]any)
	list, _ := m["kinds"].([]any)
	var out []catalog.KindGroup
	for _, item := range list {
		e, _ := item.(map[string]any)
		var k catalog.KindGroup
		for _, g := range asStrings(e["apiGroups"]) {
			k.APIGroups = append(k.APIGroups, g)
		}
		for _, kind := range asStrings(e["kinds"]) {
			if kind == "*" {
				return c.Policy.Kinds
			}
			k.Kinds = append(k.Kinds, kind)
		}
		if len(k.APIGroups) == 0 {
			k.APIGroups = []string{""} // Gatekeeper: no apiGroups is the core group
		}
		out = append(out, k)
	}
	if len(out) == 0 {
		return c.Policy.Kinds
	}
	return out
}

func asStrings(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// secretsMatched lists the selected checks whose constraints match Secrets.
func secretsMatched(selected []*constraints.Constraint) []string {
	var out []string
	for _, c := range selected {
		if c.Policy.Input != catalog.InputKubernetes {
			continue
		}
		for _, k := range matchKinds(c) {
			if (slices.Contains(k.APIGroups, "") || slices.Contains(k.APIGroups, "*")) && slices.Contains(k.Kinds, "Secret") && !slices.Contains(out, c.Policy.ID) {
				out = append(out, c.Policy.ID)
			}
		}
	}
	sort.Strings(out)
	return out
}

// resource is one kind as the cluster serves it.
type resource struct {
	gvr        schema.GroupVersionResource
	kind       string
	namespaced bool
}

func (r resource) String() string {
	if r.gvr.Group == "" {
		return r.gvr.Version + "/" + r.kind
	}
	return r.gvr.Group + "/" + r.gvr.Version + "/" + r.kind
}

// resolve finds each wanted kind among the resources the cluster serves:
// the version custom.sync names when served, else the group's preferred
// version, else the first served. Kinds not served, or not listable,
// become notes.
func (l *Lister) resolve(want []wanted) ([]resource, error) {
	groups, lists, err := l.disc.ServerGroupsAndResources()
	if err != nil {
		// An aggregated API that is down fails its group; the others are
		// still served.
		var gf *discovery.ErrGroupDiscoveryFailed
		if !errors.As(err, &gf) || len(lists) == 0 {
			return nil, fmt.Errorf("discovering the cluster's API resources: %w", err)
		}
		for gv, e := range gf.Groups {
			l.note(gv.String(), "API group version could not be discovered (%v); its kinds are not audited", e)
		}
	}
	preferred := map[string]string{} // group -> version
	for _, g := range groups {
		preferred[g.Name] = g.PreferredVersion.Version
	}
	type served struct {
		resource
		listable bool
	}
	byKind := map[string][]served{} // kind -> every group/version serving it
	for _, list := range lists {
		gv, err := schema.ParseGroupVersion(list.GroupVersion)
		if err != nil {
			continue
		}
		for _, r := range list.APIResources {
			if strings.Contains(r.Name, "/") {
				continue // a subresource
			}
			byKind[r.Kind] = append(byKind[r.Kind], served{
				resource: resource{gvr: gv.WithResource(r.Name), kind: r.Kind, namespaced: r.Namespaced},
				listable: slices.Contains(r.Verbs, "list"),
			})
		}
	}
	var out []resource
	seen := map[schema.GroupVersionResource]bool{}
	for _, w := range want {
		var cands []served
		for _, s := range byKind[w.kind] {
			if w.anyGroup || s.gvr.Group == w.group {
				cands = append(cands, s)
			}
		}
		// One version per group: the one sync names, the preferred, or the first.
		byGroup := map[string][]served{}
		var order []string
		for _, s := range cands {
			if _, ok := byGroup[s.gvr.Group]; !ok {
				order = append(order, s.gvr.Group)
			}
			byGroup[s.gvr.Group] = append(byGroup[s.gvr.Group], s)
		}
		if len(order) == 0 {
			g := w.group
			if w.anyGroup {
				g = "*"
			}
			l.note(kindName(g, w.kind), "the cluster serves no such kind; it is not audited")
			continue
		}
		sort.Strings(order)
		for _, g := range order {
			vs := byGroup[g]
			pick := vs[0]
			for _, s := range vs {
				if s.gvr.Version == preferred[g] {
					pick = s
				}
			}
			for _, s := range vs {
				if w.version != "" && s.gvr.Version == w.version {
					pick = s
				}
			}
			if !pick.listable {
				l.note(pick.resource.String(), "the cluster does not allow listing this kind; it is not audited")
				continue
			}
			if !seen[pick.gvr] {
				seen[pick.gvr] = true
				out = append(out, pick.resource)
			}
		}
	}
	return out, nil
}

func kindName(group, kind string) string {
	if group == "" {
		return "v1/" + kind
	}
	return group + "/" + kind
}

// ObjectFile is the File a namespaced or cluster-scoped object's document
// carries: how kubectl names it, "Kind namespace/name" or "Kind name".
func ObjectFile(kind, namespace, name string) string {
	if namespace == "" {
		return kind + " " + name
	}
	return kind + " " + namespace + "/" + name
}

// NamespaceOfFile is the namespace in an ObjectFile ("" for cluster-scoped).
func NamespaceOfFile(file string) string {
	_, rest, _ := strings.Cut(file, " ")
	ns, _, found := strings.Cut(rest, "/")
	if !found {
		return ""
	}
	return ns
}

// Feed is the check.Feed that lists the cluster.
func (l *Lister) Feed() check.Feed {
	return func(ctx context.Context, selected []*constraints.Constraint, yield func([]inputs.Document) error) error {
		if ids := secretsMatched(selected); len(ids) > 0 {
			l.note("v1/Secret", "Secrets are never read: %s match them, and judge no Secret in an audit (check their manifests offline)", strings.Join(ids, ", "))
		}
		res, err := l.resolve(wantedKinds(selected))
		if err != nil {
			return err
		}
		l.mu.Lock()
		for _, r := range res {
			l.kinds = append(l.kinds, r.String())
		}
		l.prog.Kinds = len(res)
		l.mu.Unlock()
		l.progress(func(*Progress) {})
		return l.list(ctx, res, yield)
	}
}

func (l *Lister) progress(update func(*Progress)) {
	l.mu.Lock()
	update(&l.prog)
	cur := l.prog
	l.mu.Unlock()
	if l.opts.Progress != nil {
		l.opts.Progress(cur)
	}
}

// list reads the resources on opts.Parallel goroutines, one kind each at
// a time, and hands every page to yield on the calling goroutine. The
// channel between them holds a few pages, so a slow evaluation slows the
// listing rather than filling memory.
func (l *Lister) list(ctx context.Context, res []resource, yield func([]inputs.Document) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages := make(chan []inputs.Document, l.opts.Parallel)
	next := make(chan resource)
	go func() {
		defer close(next)
		for _, r := range res {
			select {
			case next <- r:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range min(l.opts.Parallel, max(len(res), 1)) {
		wg.Go(func() {
			for r := range next {
				l.listKind(ctx, r, func(docs []inputs.Document) bool {
					select {
					case pages <- docs:
						return true
					case <-ctx.Done():
						return false
					}
				})
				l.progress(func(p *Progress) { p.KindsListed++ })
			}
		})
	}
	go func() {
		wg.Wait()
		close(pages)
	}()
	var err error
	for page := range pages {
		if err != nil {
			continue // drain
		}
		if err = yield(page); err != nil {
			cancel()
		}
	}
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// listKind reads one resource: across all namespaces, or in each of
// opts.Namespaces; Namespace objects named by opts.Namespaces are fetched
// one by one. Nodes are handed over together, at the end, numbered as the
// lines of one dump.
func (l *Lister) listKind(ctx context.Context, r resource, send func([]inputs.Document) bool) {
	l.mu.Lock()
	l.requests = append(l.requests, r.gvr.String())
	l.mu.Unlock()
	var nodes []inputs.Document
	take := func(items []map[string]any) bool {
		docs := make([]inputs.Document, 0, len(items))
		for _, obj := range items {
			d := document(r, obj)
			if r.kind == "Node" && r.gvr.Group == "" {
				d.File, d.Line = NodesFile, len(nodes)+1
				nodes = append(nodes, d)
				continue
			}
			docs = append(docs, d)
		}
		l.count(docs)
		if len(docs) == 0 {
			return true
		}
		return send(docs)
	}
	switch {
	case len(l.opts.Namespaces) > 0 && r.kind == "Namespace" && r.gvr.Group == "":
		for _, ns := range l.opts.Namespaces {
			obj, err := l.dyn.Resource(r.gvr).Get(ctx, ns, metav1.GetOptions{})
			if err != nil {
				l.failed(r, ns, err)
				continue
			}
			if !take([]map[string]any{obj.Object}) {
				return
			}
		}
	case len(l.opts.Namespaces) > 0 && r.namespaced:
		for _, ns := range l.opts.Namespaces {
			if !l.pages(ctx, r, ns, take) {
				return
			}
		}
	default:
		if !l.pages(ctx, r, "", take) {
			return
		}
	}
	if len(nodes) > 0 {
		l.count(nodes)
		send(nodes)
	}
}

// pages lists one resource in one namespace ("" for all), page by page;
// false when the run is over.
func (l *Lister) pages(ctx context.Context, r resource, ns string, take func([]map[string]any) bool) bool {
	var client dynamic.ResourceInterface = l.dyn.Resource(r.gvr)
	if ns != "" {
		client = l.dyn.Resource(r.gvr).Namespace(ns)
	}
	cont := ""
	for {
		list, err := client.List(ctx, metav1.ListOptions{Limit: l.opts.PageSize, Continue: cont})
		if err != nil {
			if ctx.Err() != nil {
				return false
			}
			l.failed(r, ns, err)
			return true
		}
		items := make([]map[string]any, len(list.Items))
		for i := range list.Items {
			items[i] = list.Items[i].Object
		}
		list.Items = nil
		if !take(items) {
			return false
		}
		if cont = list.GetContinue(); cont == "" {
			return true
		}
	}
}

// failed records a listing that did not work: a note when the user may
// not list the kind (the audit goes on without it), an error otherwise.
func (l *Lister) failed(r resource, ns string, err error) {
	where := r.String()
	if ns != "" {
		where += " in namespace " + ns
	}
	switch {
	case apierrors.IsForbidden(err):
		l.note(where, "not audited: the user may not list it (%s)", apierrors.ReasonForError(err))
	case apierrors.IsNotFound(err) && r.kind == "Namespace":
		l.note(where, "namespace %s does not exist", ns)
	case apierrors.IsResourceExpired(err) || apierrors.IsGone(err):
		l.fail(where, "the listing took longer than the API server keeps its continue token, so it stopped part way; run again (a larger --page-size needs fewer requests): %v", err)
	default:
		l.fail(where, "listing failed: %v", err)
	}
}

func (l *Lister) fail(what, format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.errs = append(l.errs, inputs.Error{File: what, Message: fmt.Sprintf(format, args...)})
}

func (l *Lister) count(docs []inputs.Document) {
	l.mu.Lock()
	for _, d := range docs {
		l.objects[namespaceOf(d.Object)]++
	}
	l.prog.Objects += len(docs)
	cur := l.prog
	l.mu.Unlock()
	if l.opts.Progress != nil {
		l.opts.Progress(cur)
	}
}

// namespaceOf is where an object counts: its namespace, or its own name
// for a Namespace.
func namespaceOf(obj map[string]any) string {
	meta, _ := obj["metadata"].(map[string]any)
	if obj["kind"] == "Namespace" {
		name, _ := meta["name"].(string)
		return name
	}
	ns, _ := meta["namespace"].(string)
	return ns
}

// document makes one listed object a document as shipshape check reads
// the same object from `kubectl get -o yaml`: without managedFields
// (kubectl hides them) and without fields set to null (which the offline
// reader drops, as the API server would on a write).
func document(r resource, obj map[string]any) inputs.Document {
	if meta, ok := obj["metadata"].(map[string]any); ok {
		delete(meta, "managedFields")
	}
	inputs.DropNulls(obj)
	if obj["apiVersion"] == nil {
		obj["apiVersion"] = r.gvr.GroupVersion().String()
	}
	if obj["kind"] == nil {
		obj["kind"] = r.kind
	}
	meta, _ := obj["metadata"].(map[string]any)
	name, _ := meta["name"].(string)
	ns, _ := meta["namespace"].(string)
	if !r.namespaced {
		ns = ""
	}
	return inputs.Document{File: ObjectFile(r.kind, ns, name), Line: 1, Input: inputs.KindKubernetes, Object: obj}
}
