package audit_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"

	"github.com/shipshape-dev/shipshape/internal/audit"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/report"
)

// openReportsCRDs are the CRDs the openreports module publishes, from the
// copy of the module the build uses, by kind.
func openReportsCRDs(t *testing.T) map[string]*apiextensionsv1.CustomResourceDefinition {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", audit.CRDModule).Output()
	require.NoError(t, err, "go list -m %s", audit.CRDModule)
	dir := strings.TrimSpace(string(out))
	require.NotEmpty(t, dir, "%s is not downloaded (go mod download)", audit.CRDModule)
	crds := map[string]*apiextensionsv1.CustomResourceDefinition{}
	for _, f := range audit.CRDFiles {
		data, err := os.ReadFile(filepath.Join(dir, f))
		require.NoError(t, err)
		var crd apiextensionsv1.CustomResourceDefinition
		require.NoError(t, yaml.UnmarshalStrict(data, &crd), f)
		crds[crd.Spec.Names.Kind] = &crd
	}
	require.Contains(t, crds, "Report")
	require.Contains(t, crds, "ClusterReport")
	return crds
}

// schemaOf is the schema of the version the reports are written in.
func schemaOf(t *testing.T, crd *apiextensionsv1.CustomResourceDefinition) *apiextensionsv1.JSONSchemaProps {
	t.Helper()
	for _, v := range crd.Spec.Versions {
		if v.Name == audit.ReportResource.Version {
			require.True(t, v.Served, "%s %s is not served", crd.Name, v.Name)
			return v.Schema.OpenAPIV3Schema
		}
	}
	t.Fatalf("%s has no version %s", crd.Name, audit.ReportResource.Version)
	return nil
}

// sampleFindings give every result and severity the reports can hold.
var sampleFindings = []engine.Finding{
	{Policy: "probes-required", Constraint: "probes-required", Action: "deny", Message: "no probe", Details: map[string]any{"field": "spec.template.spec.containers[0]"}, APIVersion: "apps/v1", Kind: "Deployment", Namespace: "shop", Name: "web"},
	{Policy: "probes-required", Constraint: "probes-required", Action: "deny", Message: "no probe", Exempted: true, Reason: "batch", APIVersion: "apps/v1", Kind: "Deployment", Namespace: "shop", Name: "api"},
	{Policy: "namespace-labels", Constraint: "namespace-labels", Action: "warn", Message: "no team label", APIVersion: "v1", Kind: "Namespace", Name: "tools"},
	{Policy: "multi-zone", Constraint: "multi-zone", Action: "dryrun", Message: "one zone", APIVersion: "shipshape.dev/v1alpha1", Kind: "ClusterPlan", Name: "nodes"},
}

// TestOpenReportsValuesInCRDEnums: every result and severity shipshape can
// write is one the published CRD's enums allow (read from the CRD, not a
// copy of its list).
func TestOpenReportsValuesInCRDEnums(t *testing.T) {
	for kind, crd := range openReportsCRDs(t) {
		item := schemaOf(t, crd).Properties["results"].Items.Schema
		enum := func(field string) []string {
			p, ok := item.Properties[field]
			require.True(t, ok, "%s: no results[].%s", kind, field)
			require.NotEmpty(t, p.Enum, "%s: results[].%s has no enum", kind, field)
			var vals []string
			for _, e := range p.Enum {
				var s string
				require.NoError(t, yaml.Unmarshal(e.Raw, &s))
				vals = append(vals, s)
			}
			return vals
		}
		results, severities := enum("result"), enum("severity")
		for _, tc := range []struct {
			name string
			f    engine.Finding
			want string
		}{
			{"deny", engine.Finding{Action: "deny"}, "fail"},
			{"warn", engine.Finding{Action: "warn"}, "warn"},
			{"dryrun", engine.Finding{Action: "dryrun"}, "warn"},
			{"exempted deny", engine.Finding{Action: "deny", Exempted: true}, "skip"},
			{"exempted warn", engine.Finding{Action: "warn", Exempted: true}, "skip"},
		} {
			got := string(audit.ResultOf(&tc.f))
			assert.Equal(t, tc.want, got, "%s: %s", kind, tc.name)
			assert.Contains(t, results, got, "%s: result of %s", kind, tc.name)
		}
		require.NotEmpty(t, audit.Severities)
		for action, sev := range audit.Severities {
			assert.Contains(t, severities, string(sev), "%s: severity of %s", kind, action)
		}
	}
}

// TestOpenReportsValidUnderCRD: the reports pass the published CRD's
// schema as the API server validates a custom resource, and its pruning
// drops nothing (a field it does not know would be lost without an
// error), so what is applied is what reads back.
func TestOpenReportsValidUnderCRD(t *testing.T) {
	crds := openReportsCRDs(t)
	reps, err := audit.OpenReports(sampleFindings, []string{"shop", "tools", "quiet"}, report.Rules(loadCatalog(t)))
	require.NoError(t, err)
	require.Len(t, reps, 4)
	for _, r := range reps {
		crd := crds[r.GetKind()]
		require.NotNil(t, crd, "no CRD for kind %s", r.GetKind())
		assert.Equal(t, crd.Spec.Group+"/"+audit.ReportResource.Version, r.GetAPIVersion())
		assert.Equal(t, r.GetNamespace() != "", crd.Spec.Scope == apiextensionsv1.NamespaceScoped, "%s scope", r.GetKind())
		v1schema := schemaOf(t, crd)
		var internal apiextensions.JSONSchemaProps
		require.NoError(t, apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(v1schema, &internal, nil))
		validator, _, err := validation.NewSchemaValidator(&internal)
		require.NoError(t, err)
		assert.Empty(t, validation.ValidateCustomResource(nil, r.Object, validator), "%s %s", r.GetKind(), r.GetNamespace())

		structural, err := structuralschema.NewStructural(&internal)
		require.NoError(t, err)
		copied := runtime.DeepCopyJSON(r.Object)
		pruned := pruning.PruneWithOptions(copied, structural, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})
		assert.Empty(t, pruned, "%s %s: fields the CRD does not know", r.GetKind(), r.GetNamespace())
		assert.Equal(t, r.Object, copied)
	}
}

// TestOpenReportsDeliberatelyInvalid: the validation above can fail: a
// result outside the enum and an unknown field are caught.
func TestOpenReportsDeliberatelyInvalid(t *testing.T) {
	crd := openReportsCRDs(t)["Report"]
	reps, err := audit.OpenReports(sampleFindings[:1], []string{"shop"}, report.Rules(loadCatalog(t)))
	require.NoError(t, err)
	var shop map[string]any
	for _, r := range reps {
		if r.GetNamespace() == "shop" {
			shop = runtime.DeepCopyJSON(r.Object)
		}
	}
	require.NotNil(t, shop)
	res := shop["results"].([]any)[0].(map[string]any)
	res["result"] = "denied"
	res["count"] = int64(1)
	var internal apiextensions.JSONSchemaProps
	require.NoError(t, apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(schemaOf(t, crd), &internal, nil))
	validator, _, err := validation.NewSchemaValidator(&internal)
	require.NoError(t, err)
	errs := validation.ValidateCustomResource(nil, shop, validator)
	require.NotEmpty(t, errs)
	assert.Contains(t, errs.ToAggregate().Error(), "results[0].result")
	structural, err := structuralschema.NewStructural(&internal)
	require.NoError(t, err)
	assert.Equal(t, []string{"results[0].count"}, pruning.PruneWithOptions(shop, structural, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true}))
}

// TestOpenReports: one Report per namespace given and a ClusterReport,
// results per finding with the fields the docs name, the same objects
// for the same findings.
func TestOpenReports(t *testing.T) {
	cat := loadCatalog(t)
	reps, err := audit.OpenReports(sampleFindings, []string{"tools", "shop", "quiet", "shop"}, report.Rules(cat))
	require.NoError(t, err)
	require.Len(t, reps, 4)
	byName := map[string]map[string]any{}
	for _, r := range reps {
		assert.Equal(t, "openreports.io/v1alpha1", r.GetAPIVersion())
		assert.Equal(t, "shipshape", r.GetName())
		assert.Empty(t, r.GetOwnerReferences())
		assert.NotContains(t, r.Object["metadata"], "creationTimestamp")
		byName[r.GetKind()+"/"+r.GetNamespace()] = r.Object
	}
	shop := byName["Report/shop"]
	require.NotNil(t, shop)
	assert.Equal(t, map[string]any{"apiVersion": "v1", "kind": "Namespace", "name": "shop"}, shop["scope"])
	assert.Equal(t, map[string]any{"pass": int64(0), "fail": int64(1), "warn": int64(0), "error": int64(0), "skip": int64(1)}, shop["summary"])
	results := shop["results"].([]any)
	require.Len(t, results, 2)
	first := results[0].(map[string]any)
	assert.Equal(t, map[string]any{
		"source":    "shipshape",
		"policy":    "probes-required",
		"rule":      "probes-required",
		"category":  cat.Policy("probes-required").Section,
		"severity":  "high",
		"result":    "fail",
		"scored":    true,
		"resources": []any{map[string]any{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "namespace": "shop"}},
		"message":   "no probe",
		"properties": map[string]any{
			"action": "deny", "constraint": "probes-required", "field": "spec.template.spec.containers[0]",
		},
	}, first, "no timestamp, nothing but these")
	second := results[1].(map[string]any)
	assert.Equal(t, "skip", second["result"])
	assert.Equal(t, "batch", second["properties"].(map[string]any)["exemptionReason"])

	tools := byName["Report/tools"]["results"].([]any)
	require.Len(t, tools, 1)
	assert.Equal(t, "warn", tools[0].(map[string]any)["result"])
	assert.Equal(t, "medium", tools[0].(map[string]any)["severity"])
	// No results: applied, the results shipshape wrote before are removed
	// (server-side apply drops the fields a manager no longer sends).
	assert.NotContains(t, byName["Report/quiet"], "results")
	assert.Equal(t, map[string]any{"pass": int64(0), "fail": int64(0), "warn": int64(0), "error": int64(0), "skip": int64(0)}, byName["Report/quiet"]["summary"])
	cluster := byName["ClusterReport/"]
	assert.NotContains(t, cluster, "scope")
	require.Len(t, cluster["results"].([]any), 1)
	assert.Equal(t, "low", cluster["results"].([]any)[0].(map[string]any)["severity"])

	// Deterministic: the same findings give the same objects.
	again, err := audit.OpenReports(sampleFindings, []string{"quiet", "shop", "tools"}, report.Rules(cat))
	require.NoError(t, err)
	require.Len(t, again, len(reps))
	for i := range reps {
		assert.Equal(t, reps[i].Object, again[i].Object)
	}
}
