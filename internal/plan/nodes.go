package plan

import (
	"fmt"
	"path/filepath"

	"github.com/shipshape-dev/shipshape/internal/inputs"
)

// Role labels a node dump marks control-plane nodes with.
var masterLabels = []string{"node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master"}

// FromNodes derives one ClusterPlan per file of Node objects, with one
// node pool per node (count 1, its allocatable and capacity, its role and
// zone), so the section A policies that need only sizing facts run on a
// node dump too. spec.source is "nodes": the policies that need networks or
// disks skip such plans. Each pool's fields point at its Node's line.
func FromNodes(docs []inputs.Document) []inputs.Document {
	var files []string
	byFile := map[string][]inputs.Document{}
	for _, d := range docs {
		if d.Input != inputs.KindKubernetes || d.Object["kind"] != "Node" {
			continue
		}
		if _, ok := byFile[d.File]; !ok {
			files = append(files, d.File)
		}
		byFile[d.File] = append(byFile[d.File], d)
	}
	var out []inputs.Document
	for _, file := range files {
		nodes := byFile[file]
		var pools []any
		lines := map[string]int{"spec": nodes[0].Line, "spec.nodePools": nodes[0].Line}
		for i, n := range nodes {
			pools = append(pools, nodePool(n.Object))
			lines[fmt.Sprintf("spec.nodePools[%d]", i)] = n.Line
		}
		obj := map[string]any{
			"apiVersion": APIVersion,
			"kind":       Kind,
			"metadata":   map[string]any{"name": filepath.Base(file)},
			"spec":       map[string]any{"source": "nodes", "nodePools": pools},
		}
		out = append(out, inputs.Document{File: file, Line: nodes[0].Line, Input: inputs.KindPlan, Object: obj, Lines: lines})
	}
	return out
}

func nodePool(node map[string]any) map[string]any {
	meta, _ := node["metadata"].(map[string]any)
	labels, _ := meta["labels"].(map[string]any)
	status, _ := node["status"].(map[string]any)
	capacity, _ := status["capacity"].(map[string]any)
	alloc, _ := status["allocatable"].(map[string]any)
	role := "worker"
	for _, l := range masterLabels {
		if _, ok := labels[l]; ok {
			role = "master"
		}
	}
	pool := map[string]any{"name": meta["name"], "role": role, "count": int64(1)}
	if capacity["cpu"] != nil {
		pool["cpu"] = capacity["cpu"]
	} else {
		pool["cpu"] = alloc["cpu"]
	}
	if capacity["memory"] != nil {
		pool["memory"] = capacity["memory"]
	} else {
		pool["memory"] = alloc["memory"]
	}
	if alloc != nil {
		pool["allocatable"] = map[string]any{"cpu": alloc["cpu"], "memory": alloc["memory"]}
	}
	for _, l := range []string{"topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone"} {
		if z, ok := labels[l].(string); ok {
			pool["zones"] = []any{z}
			break
		}
	}
	if spec, ok := node["spec"].(map[string]any); ok && spec["taints"] != nil {
		pool["taints"] = spec["taints"]
	}
	return pool
}
