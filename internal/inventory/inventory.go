// Package inventory builds, from every object of a run, the data.inventory
// document Gatekeeper's sync fills in the cluster, in the same layout:
// namespace[ns][groupVersion][kind][name] and cluster[groupVersion][kind][name].
package inventory

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/shipshape-dev/shipshape/internal/inputs"
)

// Inventory is the objects of one run, indexed as Gatekeeper indexes them.
type Inventory struct {
	Data       map[string]any // the value of data.inventory
	Namespaces map[string]*corev1.Namespace
	Objects    int
}

// Build indexes the Kubernetes documents. A later object with the same
// key replaces an earlier one, as a later apply would.
func Build(docs []inputs.Document) *Inventory {
	inv := &Inventory{
		Data:       map[string]any{"cluster": map[string]any{}, "namespace": map[string]any{}},
		Namespaces: map[string]*corev1.Namespace{},
	}
	for _, d := range docs {
		if d.Input != inputs.KindKubernetes {
			continue
		}
		inv.Add(d.Object)
	}
	return inv
}

// Add indexes one object.
func (inv *Inventory) Add(obj map[string]any) {
	gv, _ := obj["apiVersion"].(string)
	kind, _ := obj["kind"].(string)
	meta, _ := obj["metadata"].(map[string]any)
	name, _ := meta["name"].(string)
	ns, _ := meta["namespace"].(string)
	if gv == "" || kind == "" {
		return
	}
	var path []string
	if ns == "" {
		path = []string{"cluster", gv, kind}
	} else {
		path = []string{"namespace", ns, gv, kind}
	}
	node := inv.Data
	for _, key := range path {
		next, ok := node[key].(map[string]any)
		if !ok {
			next = map[string]any{}
			node[key] = next
		}
		node = next
	}
	node[name] = obj
	inv.Objects++
	if kind == "Namespace" && gv == "v1" {
		var n corev1.Namespace
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(obj, &n); err == nil {
			inv.Namespaces[name] = &n
		}
	}
}

// Namespace returns the Namespace object of that name, if it was given.
func (inv *Inventory) Namespace(name string) *corev1.Namespace {
	if inv == nil {
		return nil
	}
	return inv.Namespaces[name]
}
