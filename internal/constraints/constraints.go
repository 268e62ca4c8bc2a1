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
// action, kinds and parameter defaults.
func Default(p *catalog.Policy) *Constraint {
	spec := map[string]any{"enforcementAction": p.Action}
	if len(p.Kinds) > 0 {
		kinds := make([]any, 0, len(p.Kinds))
		for _, k := range p.Kinds {
			kinds = append(kinds, map[string]any{"apiGroups": toAny(k.APIGroups), "kinds": toAny(k.Kinds)})
		}
		spec["match"] = map[string]any{"kinds": kinds}
	}
	if params := p.DefaultParameters(); len(params) > 0 {
		spec["parameters"] = params
	}
	obj := map[string]any{
		"apiVersion": APIVersion,
		"kind":       p.ConstraintKind(),
		"metadata":   map[string]any{"name": p.ID},
		"spec":       spec,
	}
	c, err := FromObject(obj, p)
	if err != nil {
		panic(fmt.Sprintf("default constraint of %s: %v", p.ID, err))
	}
	return c
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// FromObject reads a Constraint object for policy p.
func FromObject(obj map[string]any, p *catalog.Policy) (*Constraint, error) {
	u := unstructured.Unstructured{Object: obj}
	c := &Constraint{Policy: p, Name: u.GetName(), Object: obj}
	if c.Name == "" {
		return nil, fmt.Errorf("%s has no metadata.name", u.GetKind())
	}
	spec, _, _ := unstructured.NestedMap(obj, "spec")
	action, _ := spec["enforcementAction"].(string)
	switch action {
	case "":
		c.Actions = []string{"deny"} // Gatekeeper's default
	case "deny", "warn", "dryrun":
		c.Actions = []string{action}
	case "scoped":
		c.Actions = scopedActions(spec["scopedEnforcementActions"])
	default:
		return nil, fmt.Errorf("%s %s: enforcementAction %q is not deny, warn, dryrun or scoped", u.GetKind(), c.Name, action)
	}
	params, _ := spec["parameters"].(map[string]any)
	if spec["parameters"] != nil && params == nil {
		return nil, fmt.Errorf("%s %s: spec.parameters must be an object", u.GetKind(), c.Name)
	}
	c.Parameters = withDefaults(params, p)
	if err := validateParameters(c.Parameters, p); err != nil {
		return nil, fmt.Errorf("%s %s: %w", u.GetKind(), c.Name, err)
	}
	if m, ok := spec["match"].(map[string]any); ok {
		raw, err := json.Marshal(m)
		if err != nil {
			return nil, err
		}
		c.match = &match.Match{}
		if err := json.Unmarshal(raw, c.match); err != nil {
			return nil, fmt.Errorf("%s %s: spec.match: %w", u.GetKind(), c.Name, err)
		}
	}
	return c, nil
}

// withDefaults fills parameters the Constraint leaves out with the schema's
// defaults, as the API server does for the Constraint CRD.
func withDefaults(params map[string]any, p *catalog.Policy) map[string]any {
	out := map[string]any{}
	for k, v := range p.DefaultParameters() {
		out[k] = v
	}
	for k, v := range params {
		out[k] = v
	}
	return out
}

func scopedActions(v any) []string {
	list, _ := v.([]any)
	seen := map[string]bool{}
	for _, item := range list {
		m, _ := item.(map[string]any)
		action, _ := m["action"].(string)
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
	return out
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
