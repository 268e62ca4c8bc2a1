// Package constraints reads Gatekeeper Constraints (the same YAML a user
// applies in the cluster) and decides, with Gatekeeper's own match code,
// which objects each one applies to.
package constraints

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/open-policy-agent/gatekeeper/v3/pkg/mutation/match"
	"github.com/open-policy-agent/gatekeeper/v3/pkg/mutation/types"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/inputs"
)

// Group is the API group of every Constraint kind.
const Group = "constraints.gatekeeper.sh"

// APIVersion is the version shipshape writes Constraints in.
const APIVersion = Group + "/v1beta1"

// EnforcementPoint is where offline checks stand among Gatekeeper's
// enforcement points: before admission, so the webhook's actions apply.
const EnforcementPoint = "validation.gatekeeper.sh"

// Constraint is one configured instance of a policy.
type Constraint struct {
	Policy     *catalog.Policy
	Name       string
	Actions    []string // enforcement actions at this enforcement point
	Parameters map[string]any
	Object     map[string]any // the Constraint as written (with defaults filled in)
	File       string         // where it came from; "" for a default
	match      *match.Match
}

// Action is the most severe of the constraint's actions.
func (c *Constraint) Action() string {
	best := ""
	for _, a := range c.Actions {
		if severity[a] > severity[best] {
			best = a
		}
	}
	return best
}

var severity = map[string]int{"": 0, "dryrun": 1, "warn": 2, "deny": 3}

// Default is the Constraint shipshape ships for a policy: its metadata's
// action, kinds and parameter defaults. It is not admitted through its CRD
// as a user's Constraint is: building the CRD and validating took a fifth
// of a cold start, and TestDefaultConstraintsAreAdmittedUnchanged holds
// every default to being what admission would store, so skipping it
// changes no verdict.
func Default(p *catalog.Policy) *Constraint {
	obj, err := asReceived(defaultObject(p))
	var c *Constraint
	if err == nil {
		c, err = fromStored(obj, p)
	}
	if err != nil {
		panic(fmt.Sprintf("default constraint of %s: %v", p.ID, err))
	}
	return c
}

// defaultObject is the default Constraint of p as shipshape writes it.
func defaultObject(p *catalog.Policy) map[string]any {
	spec := map[string]any{"enforcementAction": p.Action}
	if len(p.Kinds) > 0 {
		kinds := make([]any, 0, len(p.Kinds))
		for _, k := range p.Kinds {
			kinds = append(kinds, map[string]any{"apiGroups": toAny(k.APIGroups), "kinds": toAny(k.Kinds)})
		}
		spec["match"] = map[string]any{"kinds": kinds}
	}
	// Always there, {} when the policy has none: the CRD's schema defaults
	// spec.parameters to {} (catalog.Policy.ParameterSchema).
	spec["parameters"] = p.DefaultParameters()
	return map[string]any{
		"apiVersion": APIVersion,
		"kind":       p.ConstraintKind(),
		"metadata":   map[string]any{"name": p.ID},
		"spec":       spec,
	}
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// FromObject reads a Constraint object for policy p, as the API server
// and Gatekeeper would take it: defaulted and validated by the Constraint
// CRD's schema and Gatekeeper's own checks. Errors name the field.
func FromObject(obj map[string]any, p *catalog.Policy) (*Constraint, error) {
	kind, _ := obj["kind"].(string)
	stored, err := admit(obj, p)
	if err != nil {
		name, _, _ := unstructured.NestedString(obj, "metadata", "name")
		return nil, fmt.Errorf("%s %s: %w", kind, name, err)
	}
	return fromStored(stored, p)
}

// fromStored reads a Constraint as stored after admission.
func fromStored(stored map[string]any, p *catalog.Policy) (*Constraint, error) {
	kind, _ := stored["kind"].(string)
	u := unstructured.Unstructured{Object: stored}
	c := &Constraint{Policy: p, Name: u.GetName(), Object: stored}
	if c.Name == "" {
		return nil, fmt.Errorf("%s has no metadata.name", kind)
	}
	spec, _, _ := unstructured.NestedMap(stored, "spec")
	action, _ := spec["enforcementAction"].(string) // "deny" by the CRD's default
	var err error
	switch action {
	case "deny", "warn", "dryrun":
		c.Actions = []string{action}
	case "scoped":
		c.Actions, err = scopedActions(spec["scopedEnforcementActions"])
		if err != nil {
			return nil, fmt.Errorf("%s %s: spec.scopedEnforcementActions: %w", kind, c.Name, err)
		}
	default:
		return nil, fmt.Errorf("%s %s: spec.enforcementAction %q is not deny, warn, dryrun or scoped", kind, c.Name, action)
	}
	c.Parameters, _ = spec["parameters"].(map[string]any)
	if c.Parameters == nil {
		c.Parameters = map[string]any{}
	}
	if m, ok := spec["match"].(map[string]any); ok {
		raw, err := json.Marshal(m)
		if err != nil {
			return nil, err
		}
		c.match = &match.Match{}
		if err := json.Unmarshal(raw, c.match); err != nil {
			return nil, fmt.Errorf("%s %s: spec.match: %w", kind, c.Name, err)
		}
		for field, sel := range map[string]*metav1.LabelSelector{"labelSelector": c.match.LabelSelector, "namespaceSelector": c.match.NamespaceSelector} {
			if sel == nil {
				continue
			}
			if _, err := metav1.LabelSelectorAsSelector(sel); err != nil {
				return nil, fmt.Errorf("%s %s: spec.match.%s: %w", kind, c.Name, field, err)
			}
		}
	}
	return c, nil
}

// scopedActions are the actions of a scoped Constraint at the admission
// webhook's enforcement point (or "*"), as Gatekeeper reads them. A scoped
// Constraint with none there is not enforced at admission at all, so it
// judges nothing offline either.
func scopedActions(v any) ([]string, error) {
	list, _ := v.([]any)
	seen := map[string]bool{}
	for i, item := range list {
		m, _ := item.(map[string]any)
		action, _ := m["action"].(string)
		switch action {
		case "deny", "warn", "dryrun":
		default:
			return nil, fmt.Errorf("[%d].action %q is not deny, warn or dryrun", i, action)
		}
		points, _ := m["enforcementPoints"].([]any)
		for _, pt := range points {
			pm, _ := pt.(map[string]any)
			if name, _ := pm["name"].(string); name == EnforcementPoint || name == "*" {
				seen[action] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for a := range seen {
		out = append(out, a)
	}
	sort.Strings(out)
	return out, nil
}

// Matches reports whether the constraint applies to obj, by Gatekeeper's
// match rules. ns is the object's Namespace when known (namespaceSelector).
func (c *Constraint) Matches(obj map[string]any, ns *corev1.Namespace) (bool, error) {
	if c.match == nil {
		return true, nil
	}
	return match.Matches(c.match, &match.Matchable{
		Object:    &unstructured.Unstructured{Object: obj},
		Namespace: ns,
		Source:    types.SourceTypeOriginal,
	})
}

// UsesNamespaceSelector tells whether matching needs the object's
// Namespace object, not only its namespace name.
func (c *Constraint) UsesNamespaceSelector() bool {
	return c.match != nil && c.match.NamespaceSelector != nil
}

// Load reads Constraints from documents: every document whose kind is a
// policy's Constraint kind. Other documents are reported as errors, since a
// constraints folder holding anything else is a mistake worth seeing.
func Load(docs []inputs.Document, cat *catalog.Catalog) ([]*Constraint, []inputs.Error) {
	var out []*Constraint
	var errs []inputs.Error
	for _, d := range docs {
		kind, _ := d.Object["kind"].(string)
		api, _ := d.Object["apiVersion"].(string)
		ps := cat.AllByKind(kind)
		if len(ps) == 0 || !strings.HasPrefix(api, Group+"/") {
			errs = append(errs, inputs.Error{File: d.File, Line: d.Line, Message: fmt.Sprintf("%s %s is not a shipshape Constraint (apiVersion %s/…, kind one of `shipshape policies`)", api, kind, Group)})
			continue
		}
		// One Constraint configures its check for every input kind the
		// check exists for (image-tag-pinned: objects and Dockerfiles), so
		// a document gives one Constraint per variant, or, if any variant
		// rejects it, one error and none: never half a configuration.
		var cs []*Constraint
		for _, p := range ps {
			c, err := FromObject(d.Object, p)
			if err != nil {
				errs = append(errs, inputs.Error{File: d.File, Line: d.Line, Message: err.Error()})
				cs = nil
				break
			}
			c.File = d.File
			cs = append(cs, c)
		}
		out = append(out, cs...)
	}
	return out, errs
}

// Resolve gives every policy its constraints: the user's where given for
// that policy's kind, the default otherwise.
func Resolve(cat *catalog.Catalog, user []*Constraint) []*Constraint {
	byPolicy := map[string][]*Constraint{}
	for _, c := range user {
		byPolicy[c.Policy.Key()] = append(byPolicy[c.Policy.Key()], c)
	}
	var out []*Constraint
	for _, p := range cat.Policies {
		if cs, ok := byPolicy[p.Key()]; ok {
			sort.SliceStable(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
			out = append(out, cs...)
			continue
		}
		out = append(out, Default(p))
	}
	return out
}
