package main

import (
	"testing"

	"github.com/google/pprof/profile"
	"github.com/stretchr/testify/require"
)

func sample(funcs ...string) *profile.Sample {
	s := &profile.Sample{Value: []int64{1, 10}}
	for _, f := range funcs { // leaf first, as pprof stores stacks
		s.Location = append(s.Location, &profile.Location{Line: []profile.Line{{Function: &profile.Function{Name: f}}}})
	}
	return s
}

func TestStageOfAttributesSamplesToThePipeline(t *testing.T) {
	for _, tc := range []struct {
		stack []string
		want  string
	}{
		{[]string{"runtime.mallocgc", "github.com/open-policy-agent/opa/v1/topdown.(*eval).evalStep", "github.com/shipshape-dev/shipshape/internal/engine.(*Run).document"}, "Rego evaluation"},
		{[]string{"go.yaml.in/yaml/v3.yaml_parser_scan_plain_scalar", "github.com/shipshape-dev/shipshape/internal/inputs.Parse"}, "parsing (YAML, Dockerfiles)"},
		{[]string{"go.yaml.in/yaml/v3.(*parser).parse", "github.com/shipshape-dev/shipshape/internal/position.Resolve"}, "field lines (files parsed again)"},
		{[]string{"runtime.scanObject", "runtime.gcDrain", "runtime.gcBgMarkWorker"}, "garbage collection (background)"},
		{[]string{"strconv.AppendInt", "github.com/shipshape-dev/shipshape/internal/report.(*textStream).Findings"}, "output"},
		{[]string{"github.com/open-policy-agent/opa/v1/ast.(*Compiler).compile", "github.com/shipshape-dev/shipshape/internal/engine.compile"}, "compiling the policies"},
		{[]string{"github.com/open-policy-agent/opa/v1/ast.(*Parser).parseRules", "github.com/open-policy-agent/opa/v1/ast.ParseModuleWithOpts", "github.com/shipshape-dev/shipshape/internal/catalog.parseFile"}, "parsing the catalog"},
		{[]string{"go.yaml.in/yaml/v3.Unmarshal", "github.com/open-policy-agent/opa/v1/ast.(*metadataParser).Parse", "github.com/shipshape-dev/shipshape/internal/catalog.parseFile"}, "parsing the catalog"},
		{[]string{"k8s.io/apimachinery/pkg/labels.Parse", "github.com/shipshape-dev/shipshape/internal/constraints.(*Constraint).Matches"}, "matching, inventory, findings"},
		{[]string{"github.com/open-policy-agent/opa/v1/ast.InterfaceToValue", "github.com/shipshape-dev/shipshape/internal/engine.(*Run).document"}, "documents to Rego values"},
		{[]string{"github.com/open-policy-agent/opa/v1/ast.InterfaceToValue", "github.com/open-policy-agent/opa/v1/topdown.(*eval).resolveReadFromStorage"}, "Rego evaluation"},
		{[]string{"encoding/json.Marshal", "github.com/shipshape-dev/shipshape/internal/constraints.admit", "github.com/shipshape-dev/shipshape/internal/constraints.FromObject", "github.com/shipshape-dev/shipshape/internal/constraints.Default"}, "Constraints (defaults built, -c ones admitted through their CRDs)"},
		{[]string{"encoding/json.Marshal", "github.com/shipshape-dev/shipshape/internal/constraints.asReceived", "github.com/shipshape-dev/shipshape/internal/constraints.Default"}, "Constraints (defaults built, -c ones admitted through their CRDs)"},
		{[]string{"runtime.futex", "runtime.schedule"}, "other (scheduler, system calls, runtime)"},
	} {
		require.Equal(t, tc.want, stageOf(sample(tc.stack...)), "%v", tc.stack)
	}
}
