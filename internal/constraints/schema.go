package constraints

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	fwconstraints "github.com/open-policy-agent/frameworks/constraint/pkg/apis/constraints"
	"github.com/open-policy-agent/frameworks/constraint/pkg/client/crds"
	coretemplates "github.com/open-policy-agent/frameworks/constraint/pkg/core/templates"
	"github.com/open-policy-agent/gatekeeper/v3/pkg/target"
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	celconfig "k8s.io/apiserver/pkg/apis/cel"

	"github.com/shipshape-dev/shipshape/internal/catalog"
)

// crdSchema is the Constraint CRD Gatekeeper creates for one policy's
// template, built by the constraint framework's own code with Gatekeeper's
// match schema, the structural schema the API server derives from it, and
// the API server's validator of its CEL rules (x-kubernetes-validations;
// nil when it has none).
type crdSchema struct {
	crd        *apiextensions.CustomResourceDefinition
	structural *structuralschema.Structural
	rules      *cel.Validator
}

var schemas sync.Map // policy key -> *crdSchema or error

func schemaFor(p *catalog.Policy) (*crdSchema, error) {
	if v, ok := schemas.Load(p.Key()); ok {
		if err, isErr := v.(error); isErr {
			return nil, err
		}
		return v.(*crdSchema), nil
	}
	s, err := newSchema(p)
	if err != nil {
		schemas.Store(p.Key(), err)
		return nil, err
	}
	schemas.Store(p.Key(), s)
	return s, nil
}

func newSchema(p *catalog.Policy) (*crdSchema, error) {
	params, err := p.ParameterSchema()
	if err != nil {
		return nil, err
	}
	var internal apiextensions.JSONSchemaProps
	if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(params, &internal, nil); err != nil {
		return nil, fmt.Errorf("%s: parameter schema: %w", p.ID, err)
	}
	templ := &coretemplates.ConstraintTemplate{}
	templ.Spec.CRD.Spec.Names.Kind = p.ConstraintKind()
	templ.Spec.CRD.Spec.Validation = &coretemplates.Validation{OpenAPIV3Schema: &internal}
	crd, err := crds.CreateCRD(templ, crds.CreateSchema(templ, &target.K8sValidationTarget{}))
	if err != nil {
		return nil, fmt.Errorf("%s: constraint CRD: %w", p.ID, err)
	}
	structural, err := structuralschema.NewStructural(crd.Spec.Validation.OpenAPIV3Schema)
	if err != nil {
		return nil, fmt.Errorf("%s: constraint CRD is not structural: %w", p.ID, err)
	}
	// The API server compiles the rules once per CRD, with the same limit.
	return &crdSchema{crd: crd, structural: structural, rules: cel.NewValidator(structural, true, celconfig.PerCallLimit)}, nil
}

// admit does to a Constraint what `kubectl apply` and the API server do
// before Gatekeeper sees it: nulls of fields that are not nullable are
// dropped, schema defaults are filled in at every depth, and the result is
// validated against the CRD's schema (types, enums, patterns, unknown
// fields), then by its CEL rules as the API server runs them (with its
// runtime cost budget; regular expression parameters), and by Gatekeeper's
// own Constraint validation (label and namespace selectors). It returns the
// object as stored.
func admit(obj map[string]any, p *catalog.Policy) (map[string]any, error) {
	s, err := schemaFor(p)
	if err != nil {
		return nil, err
	}
	out, err := asReceived(obj)
	if err != nil {
		return nil, err
	}
	structuraldefaulting.PruneNonNullableNullsWithoutDefaults(out, s.structural)
	structuraldefaulting.Default(out, s.structural)
	u := &unstructured.Unstructured{Object: out}
	if err := crds.ValidateCR(u, s.crd); err != nil {
		return nil, err
	}
	if s.rules != nil {
		// Like the API server, only an object that passed the schema is
		// given to its rules.
		if errs, _ := s.rules.Validate(context.Background(), nil, s.structural, out, nil, celconfig.RuntimeCELCostBudget); len(errs) > 0 {
			return nil, fmt.Errorf("%w: %v", fwconstraints.ErrSchema, errs.ToAggregate())
		}
	}
	if err := (&target.K8sValidationTarget{}).ValidateConstraint(u); err != nil {
		return nil, err
	}
	return out, nil
}

// asReceived is obj through JSON, as the API server receives it: Go ints
// from METADATA defaults become JSON numbers.
func asReceived(obj map[string]any) (map[string]any, error) {
	raw, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	if err := utiljson.Unmarshal(raw, &out); err != nil {
		return nil, err
	}
	return out, nil
}
