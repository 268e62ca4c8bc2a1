package audit

import (
	"context"
	"fmt"
	"sort"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"

	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/report"
)

// OpenReports API (openreports.io/v1alpha1, the successor of the policy
// working group's PolicyReport): a Report per namespace, a ClusterReport
// for the objects outside namespaces.
const (
	ReportsGroup   = "openreports.io"
	ReportsVersion = "v1alpha1"
	// ReportName is the name of every report shipshape writes.
	ReportName = "shipshape"
	// FieldManager owns the fields shipshape applies.
	FieldManager = "shipshape"
)

// Report resources.
var (
	ReportResource        = schema.GroupVersionResource{Group: ReportsGroup, Version: ReportsVersion, Resource: "reports"}
	ClusterReportResource = schema.GroupVersionResource{Group: ReportsGroup, Version: ReportsVersion, Resource: "clusterreports"}
)

// severity is an OpenReports severity for an action.
var severity = map[string]string{"deny": "high", "warn": "medium", "dryrun": "low"}

// result is the OpenReports result of a finding: deny fails, warn and
// dryrun warn (they do not block), an exempted finding is skipped.
func result(f *engine.Finding) string {
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
func OpenReports(findings []engine.Finding, namespaces []string, rules map[string]report.Rule) []*unstructured.Unstructured {
	byNS := map[string][]any{}
	summary := map[string]map[string]int64{}
	sum := func(ns string) map[string]int64 {
		s := summary[ns]
		if s == nil {
			s = map[string]int64{"pass": 0, "fail": 0, "warn": 0, "error": 0, "skip": 0}
			summary[ns] = s
		}
		return s
	}
	for i := range findings {
		f := &findings[i]
		ns := FindingNamespace(f)
		res := result(f)
		sum(ns)[res]++
		props := map[string]any{"action": f.Action, "constraint": f.Constraint}
		if field := f.Field(); field != "" {
			props["field"] = field
		}
		if f.Exempted {
			props["exemptionReason"] = f.Reason
		}
		ref := map[string]any{"apiVersion": f.APIVersion, "kind": f.Kind, "name": f.Name}
		if f.Namespace != "" {
			ref["namespace"] = f.Namespace
		}
		r := map[string]any{
			"source":     ReportName,
			"policy":     f.Policy,
			"rule":       f.Constraint,
			"severity":   severity[f.Action],
			"result":     res,
			"scored":     true,
			"resources":  []any{ref},
			"message":    f.Message,
			"properties": props,
		}
		if rule, ok := rules[f.Policy]; ok && rule.Section != "" {
			r["category"] = rule.Section
		}
		if severity[f.Action] == "" {
			delete(r, "severity")
		}
		byNS[ns] = append(byNS[ns], r)
	}
	names := append([]string{""}, namespaces...)
	sort.Strings(names)
	var out []*unstructured.Unstructured
	seen := map[string]bool{}
	for _, ns := range names {
		if seen[ns] {
			continue
		}
		seen[ns] = true
		obj := map[string]any{
			"apiVersion": ReportsGroup + "/" + ReportsVersion,
			"kind":       "Report",
			"metadata": map[string]any{
				"name":   ReportName,
				"labels": map[string]any{"app.kubernetes.io/managed-by": "shipshape"},
			},
			"source":  ReportName,
			"summary": toAny(sum(ns)),
			"results": byNS[ns],
		}
		if ns == "" {
			obj["kind"] = "ClusterReport"
		} else {
			obj["metadata"].(map[string]any)["namespace"] = ns
			obj["scope"] = map[string]any{"apiVersion": "v1", "kind": "Namespace", "name": ns}
		}
		if byNS[ns] == nil {
			obj["results"] = []any{}
		}
		out = append(out, &unstructured.Unstructured{Object: obj})
	}
	return out
}

func toAny(m map[string]int64) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
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
