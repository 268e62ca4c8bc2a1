package audit

import (
	"context"
	"fmt"
	"slices"
	"sort"

	openreports "github.com/openreports/reports-api/apis/openreports.io/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/dynamic"

	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/report"
)

// OpenReports API (openreports.io/v1alpha1, the successor of the policy
// working group's PolicyReport): a Report per namespace, a ClusterReport
// for the objects outside namespaces. The objects are built from the
// types of github.com/openreports/reports-api, so their field names and
// value types are the ones its published CRDs validate.
const (
	// ReportName is the name of every report shipshape writes.
	ReportName = "shipshape"
	// FieldManager owns the fields shipshape applies.
	FieldManager = "shipshape"
	// CRDModule is the Go module of the types; its published CRDs are
	// CRDFiles, relative to the module's root.
	CRDModule = "github.com/openreports/reports-api"
)

// CRDFiles are the CRDs of Report and ClusterReport in CRDModule.
var CRDFiles = []string{"config/crd/openreports.io_reports.yaml", "config/crd/openreports.io_clusterreports.yaml"}

// Report resources.
var (
	ReportResource        = openreports.SchemeGroupVersion.WithResource("reports")
	ClusterReportResource = openreports.SchemeGroupVersion.WithResource("clusterreports")
)

// severities are the OpenReports severities of the actions; an action
// not listed gets none.
var severities = map[string]openreports.ResultSeverity{"deny": "high", "warn": "medium", "dryrun": "low"}

// result is the OpenReports result of a finding: deny fails, warn and
// dryrun warn (they do not block), an exempted finding is skipped.
func result(f *engine.Finding) openreports.Result {
	switch {
	case f.Exempted:
		return "skip"
	case f.Action == "deny":
		return "fail"
	default:
		return "warn"
	}
}

// OpenReports builds the reports of an audit: one Report named shipshape
// in every namespace of namespaces, and one ClusterReport named shipshape
// for the cluster-scoped objects and the cluster plan. Each holds one
// result per finding, in the findings' order, and a summary that counts
// them (pass stays 0: the audit records what it found, not every check
// an object passed). Nothing in them changes from one run to the next
// unless the findings do (no timestamps), so applying them again is a
// no-op. rules give each result its category (the catalog section).
func OpenReports(findings []engine.Finding, namespaces []string, rules map[string]report.Rule) ([]*unstructured.Unstructured, error) {
	results := map[string][]openreports.ReportResult{}
	summary := map[string]*openreports.ReportSummary{}
	sum := func(ns string) *openreports.ReportSummary {
		s := summary[ns]
		if s == nil {
			s = &openreports.ReportSummary{}
			summary[ns] = s
		}
		return s
	}
	for i := range findings {
		f := &findings[i]
		ns := FindingNamespace(f)
		res := result(f)
		s := sum(ns)
		switch res {
		case "fail":
			s.Fail++
		case "warn":
			s.Warn++
		case "skip":
			s.Skip++
		}
		props := map[string]string{"action": f.Action, "constraint": f.Constraint}
		if field := f.Field(); field != "" {
			props["field"] = field
		}
		if f.Exempted {
			props["exemptionReason"] = f.Reason
		}
		results[ns] = append(results[ns], openreports.ReportResult{
			Source:      ReportName,
			Policy:      f.Policy,
			Rule:        f.Constraint,
			Category:    rules[f.Policy].Section,
			Severity:    severities[f.Action],
			Result:      res,
			Scored:      true,
			Subjects:    []corev1.ObjectReference{{APIVersion: f.APIVersion, Kind: f.Kind, Namespace: f.Namespace, Name: f.Name}},
			Description: f.Message,
			Properties:  props,
		})
	}
	names := append([]string{""}, namespaces...)
	sort.Strings(names)
	names = slices.Compact(names)
	out := make([]*unstructured.Unstructured, 0, len(names))
	for _, ns := range names {
		meta := metav1.ObjectMeta{Name: ReportName, Namespace: ns, Labels: map[string]string{"app.kubernetes.io/managed-by": "shipshape"}}
		var obj runtime.Object
		if ns == "" {
			obj = &openreports.ClusterReport{
				TypeMeta:   metav1.TypeMeta{APIVersion: openreports.SchemeGroupVersion.String(), Kind: "ClusterReport"},
				ObjectMeta: meta,
				Source:     ReportName,
				Summary:    *sum(ns),
				Results:    results[ns],
			}
		} else {
			obj = &openreports.Report{
				TypeMeta:   metav1.TypeMeta{APIVersion: openreports.SchemeGroupVersion.String(), Kind: "Report"},
				ObjectMeta: meta,
				Source:     ReportName,
				Scope:      &corev1.ObjectReference{APIVersion: "v1", Kind: "Namespace", Name: ns},
				Summary:    *sum(ns),
				Results:    results[ns],
			}
		}
		u, err := toUnstructured(obj)
		if err != nil {
			return nil, fmt.Errorf("report of namespace %q: %w", ns, err)
		}
		out = append(out, u)
	}
	return out, nil
}

// toUnstructured converts a report for server-side apply. What the
// conversion writes for fields the types cannot leave out is removed: a
// zero metav1.Time (creationTimestamp: null) and a result's zero
// timestamp (a struct, which omitempty does not omit; it would read as
// 1970): the reports carry no time, so that they are the same each run.
func toUnstructured(obj runtime.Object) (*unstructured.Unstructured, error) {
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		return nil, err
	}
	u := &unstructured.Unstructured{Object: m}
	unstructured.RemoveNestedField(u.Object, "metadata", "creationTimestamp")
	if results, ok := u.Object["results"].([]any); ok {
		for _, r := range results {
			if r, ok := r.(map[string]any); ok {
				delete(r, "timestamp")
			}
		}
	}
	return u, nil
}

// Applied is what applying one report did.
type Applied struct {
	Kind, Namespace, Name string
	ResourceVersion       string
	Results               int
}

// Apply writes the reports with server-side apply, as field manager
// shipshape, taking over the fields it writes (force) and setting no
// owner: the reports outlive the run and any object. Applying the same
// reports again changes nothing.
func Apply(ctx context.Context, dyn dynamic.Interface, reports []*unstructured.Unstructured) ([]Applied, error) {
	var out []Applied
	for _, r := range reports {
		var client dynamic.ResourceInterface = dyn.Resource(ClusterReportResource)
		if r.GetKind() == "Report" {
			client = dyn.Resource(ReportResource).Namespace(r.GetNamespace())
		}
		got, err := client.Apply(ctx, r.GetName(), r, metav1.ApplyOptions{FieldManager: FieldManager, Force: true})
		if err != nil {
			where := r.GetKind() + " " + r.GetName()
			if ns := r.GetNamespace(); ns != "" {
				where += " in namespace " + ns
			}
			if apierrors.IsNotFound(err) {
				return out, fmt.Errorf("applying %s: %w (is the OpenReports CRD installed? see docs/audit.md)", where, err)
			}
			return out, fmt.Errorf("applying %s: %w", where, err)
		}
		results, _, _ := unstructured.NestedSlice(r.Object, "results")
		out = append(out, Applied{Kind: r.GetKind(), Namespace: r.GetNamespace(), Name: r.GetName(), ResourceVersion: got.GetResourceVersion(), Results: len(results)})
	}
	return out, nil
}
