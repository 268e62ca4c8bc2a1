package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// ApplyKustomization runs `kubectl apply -k dir` until it succeeds: the
// first runs store the templates and fail on the Constraints until
// Gatekeeper has created their CRDs.
func (c *Cluster) ApplyKustomization(ctx context.Context, dir string) error {
	return waitFor(ctx, templatesReady, "kubectl apply -k "+dir, func() error {
		_, err := c.Kubectl(ctx, "apply", "-k", dir)
		return err
	})
}

// Readiness is what the readiness wait saw last.
type Readiness struct {
	Templates   int      // templates with status.created true and no errors
	Constraints int      // Constraints enforced by every pod reporting
	Problems    []string // why the cluster is not ready yet
}

// Ready reports templates and Constraints, and what is not ready: a template
// not created or with errors in status.byPod[].errors, a Constraint not
// enforced in status.byPod[], or one with errors.
func (c *Cluster) Ready(ctx context.Context) (Readiness, error) {
	var r Readiness
	out, err := c.Kubectl(ctx, "get", "constrainttemplates", "-o", "json")
	if err != nil {
		return r, err
	}
	var list struct {
		Items []struct {
			Metadata struct{ Name string }
			Status   struct {
				Created bool
				ByPod   []struct {
					ID     string
					Errors []struct{ Code, Message string }
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		return r, fmt.Errorf("constrainttemplates: %w", err)
	}
	kinds := map[string]bool{}
	for _, t := range list.Items {
		var errs []string
		for _, p := range t.Status.ByPod {
			for _, e := range p.Errors {
				errs = append(errs, e.Code+": "+e.Message)
			}
		}
		switch {
		case len(errs) > 0:
			r.Problems = append(r.Problems, fmt.Sprintf("template %s: %s", t.Metadata.Name, strings.Join(errs, "; ")))
		case !t.Status.Created:
			r.Problems = append(r.Problems, fmt.Sprintf("template %s: status.created is not true", t.Metadata.Name))
		default:
			r.Templates++
			kinds[t.Metadata.Name] = true
		}
	}
	if len(kinds) == 0 {
		sort.Strings(r.Problems)
		return r, nil
	}
	out, err = c.Kubectl(ctx, "get", "constraints", "-o", "json")
	if err != nil {
		r.Problems = append(r.Problems, err.Error())
		return r, nil
	}
	var cons struct {
		Items []struct {
			Kind     string
			Metadata struct{ Name string }
			Status   struct {
				ByPod []struct {
					ID       string
					Enforced bool
					Errors   []struct{ Code, Message string }
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &cons); err != nil {
		return r, fmt.Errorf("constraints: %w", err)
	}
	for _, k := range cons.Items {
		name := k.Kind + "/" + k.Metadata.Name
		ok := len(k.Status.ByPod) > 0
		for _, p := range k.Status.ByPod {
			if !p.Enforced {
				ok = false
			}
			for _, e := range p.Errors {
				ok = false
				r.Problems = append(r.Problems, fmt.Sprintf("constraint %s: %s: %s", name, e.Code, e.Message))
			}
		}
		if ok {
			r.Constraints++
		} else {
			r.Problems = append(r.Problems, fmt.Sprintf("constraint %s: not enforced", name))
		}
	}
	sort.Strings(r.Problems)
	return r, nil
}

// WaitReady waits until no problem is left and wantTemplates templates
// and wantConstraints Constraints are ready. The error lists what is not.
func (c *Cluster) WaitReady(ctx context.Context, timeout time.Duration, wantTemplates, wantConstraints int) (Readiness, error) {
	var r Readiness
	err := waitFor(ctx, timeout, "templates and Constraints", func() error {
		var err error
		if r, err = c.Ready(ctx); err != nil {
			return err
		}
		if len(r.Problems) > 0 || r.Templates < wantTemplates || r.Constraints < wantConstraints {
			return fmt.Errorf("%d/%d templates created, %d/%d Constraints enforced; %s",
				r.Templates, wantTemplates, r.Constraints, wantConstraints, strings.Join(r.Problems, "; "))
		}
		return nil
	})
	return r, err
}
