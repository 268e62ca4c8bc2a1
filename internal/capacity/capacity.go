// Package capacity reports what the workloads of a run need and what the
// cluster has: per-workload requests, totals, the redundancy margin, the
// workers' allocatable capacity from a plan or node dump, the headroom after
// losing the largest worker, and the verdicts of the section A checks. The
// numbers come from the same Rego (lib/capacity, lib/plan) the policies use,
// so the report and the checks cannot disagree.
package capacity

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/check"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/inventory"
	"github.com/shipshape-dev/shipshape/internal/plan"
)

const gib = 1 << 30

// Params say what to read.
type Params struct {
	Paths      []string
	Stdin      io.Reader
	Redundancy float64 // share kept free on top of the requests
	Limits     inputs.Options
}

// Amount is CPU cores and memory in GiB.
type Amount struct {
	CPU       float64 `json:"cpu"`
	MemoryGiB float64 `json:"memoryGiB"`
}

// Workload is one workload's share of the requests.
type Workload struct {
	Namespace string `json:"namespace"`
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	Pods      int64  `json:"pods"`
	Pod       Amount `json:"perPod"`
	Total     Amount `json:"total"`
}

// Cluster is the capacity one plan or node dump describes.
type Cluster struct {
	File            string    `json:"file"`
	Name            string    `json:"name"`
	Source          string    `json:"source"` // plan or nodes
	Workers         int64     `json:"workers"`
	Allocatable     Amount    `json:"allocatable"`
	LargestWorker   Amount    `json:"largestWorker"`
	AfterLosingOne  Amount    `json:"afterLosingLargest"`
	Headroom        Amount    `json:"headroom"`        // allocatable − requests × (1 + redundancy)
	HeadroomLoseOne Amount    `json:"headroomLoseOne"` // after losing the largest worker − requests
	Verdicts        []Verdict `json:"verdicts"`
}

// Verdict is a section A check's outcome on one cluster.
type Verdict struct {
	Policy  string `json:"policy"`
	Action  string `json:"action"` // deny, warn, dryrun; "ok" when it found nothing
	Line    int    `json:"line,omitempty"`
	Message string `json:"message,omitempty"`
}

// Report is the whole capacity report.
type Report struct {
	Workloads      []Workload     `json:"workloads"`
	Requests       Amount         `json:"requests"`
	Redundancy     float64        `json:"redundancy"`
	WithRedundancy Amount         `json:"withRedundancy"`
	DaemonSetNodes int64          `json:"daemonSetNodes"` // workers each DaemonSet runs on
	Clusters       []Cluster      `json:"clusters"`
	Errors         []inputs.Error `json:"errors"`
}

// Run builds the report.
func Run(ctx context.Context, cat *catalog.Catalog, eng *engine.Engine, p Params) (*Report, error) {
	if p.Limits == (inputs.Options{}) {
		p.Limits = inputs.DefaultOptions
	}
	// Standard input is read twice (the report and the verdicts).
	var stdin []byte
	if p.Stdin != nil {
		var err error
		if stdin, err = io.ReadAll(io.LimitReader(p.Stdin, p.Limits.MaxFileBytes+1)); err != nil {
			return nil, err
		}
	}
	p.Stdin = nil
	read := inputs.Read(p.Paths, bytes.NewReader(stdin), p.Limits)
	docs, planErrs := plan.Prepare(read.Documents)
	rep := &Report{Redundancy: p.Redundancy, Errors: append(read.Errors, planErrs...), Workloads: []Workload{}, Clusters: []Cluster{}}
	inputs.DefaultNamespace(docs, "default")
	inv := inventory.Build(docs)
	store := inmem.NewFromObjectWithOpts(map[string]any{"inventory": inv.Data}, inmem.OptRoundTripOnWrite(false))

	var plans []inputs.Document
	for _, d := range docs {
		if d.Input == inputs.KindPlan {
			plans = append(plans, d)
		}
	}
	for _, d := range plans {
		var facts struct {
			Workers       int64   `json:"workers"`
			CPU           float64 `json:"cpu"`
			Memory        float64 `json:"memory"`
			LargestCPU    float64 `json:"largestCPU"`
			LargestMemory float64 `json:"largestMemory"`
		}
		q := `x := {"workers": data.lib.plan.worker_nodes(input), "cpu": data.lib.plan.worker_cpu(input), "memory": data.lib.plan.worker_memory(input),
			"largestCPU": object.get({"v": data.lib.plan.largest_worker_cpu(input)}, "v", 0), "largestMemory": object.get({"v": data.lib.plan.largest_worker_memory(input)}, "v", 0)}`
		if err := eval(ctx, eng, store, q, d.Object, &facts); err != nil {
			return nil, fmt.Errorf("%s: %w", d.File, err)
		}
		source := "plan"
		if spec, _ := d.Object["spec"].(map[string]any); spec["source"] == "nodes" {
			source = "nodes"
		}
		meta, _ := d.Object["metadata"].(map[string]any)
		name, _ := meta["name"].(string)
		rep.Clusters = append(rep.Clusters, Cluster{
			File: d.File, Name: name, Source: source, Workers: facts.Workers,
			Allocatable:   Amount{facts.CPU, facts.Memory / gib},
			LargestWorker: Amount{facts.LargestCPU, facts.LargestMemory / gib},
		})
	}
	// DaemonSets run once per worker: the first plan's workers count.
	if len(rep.Clusters) > 0 {
		rep.DaemonSetNodes = rep.Clusters[0].Workers
	}
	var ws []struct {
		Namespace, Kind, Name string
		Pods                  int64
		Pod                   struct{ CPU, Memory float64 }
		CPU, Memory           float64
	}
	if err := eval(ctx, eng, store, fmt.Sprintf("x := data.lib.capacity.workloads(data.inventory, %d)", rep.DaemonSetNodes), nil, &ws); err != nil {
		return nil, err
	}
	for _, w := range ws {
		rep.Workloads = append(rep.Workloads, Workload{
			Namespace: w.Namespace, Kind: w.Kind, Name: w.Name, Pods: w.Pods,
			Pod:   Amount{round(w.Pod.CPU), round(w.Pod.Memory / gib)},
			Total: Amount{round(w.CPU), round(w.Memory / gib)},
		})
		rep.Requests.CPU += w.CPU
		rep.Requests.MemoryGiB += w.Memory / gib
	}
	sort.SliceStable(rep.Workloads, func(i, j int) bool {
		a, b := rep.Workloads[i], rep.Workloads[j]
		if a.Namespace != b.Namespace {
			return a.Namespace < b.Namespace
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Name < b.Name
	})
	f := 1 + p.Redundancy
	rep.WithRedundancy = Amount{round(rep.Requests.CPU * f), round(rep.Requests.MemoryGiB * f)}
	rep.Requests = Amount{round(rep.Requests.CPU), round(rep.Requests.MemoryGiB)}
	for i := range rep.Clusters {
		c := &rep.Clusters[i]
		c.AfterLosingOne = Amount{round(c.Allocatable.CPU - c.LargestWorker.CPU), round(c.Allocatable.MemoryGiB - c.LargestWorker.MemoryGiB)}
		c.Headroom = Amount{round(c.Allocatable.CPU - rep.WithRedundancy.CPU), round(c.Allocatable.MemoryGiB - rep.WithRedundancy.MemoryGiB)}
		c.HeadroomLoseOne = Amount{round(c.AfterLosingOne.CPU - rep.Requests.CPU), round(c.AfterLosingOne.MemoryGiB - rep.Requests.MemoryGiB)}
		c.Allocatable = Amount{round(c.Allocatable.CPU), round(c.Allocatable.MemoryGiB)}
		c.LargestWorker = Amount{round(c.LargestWorker.CPU), round(c.LargestWorker.MemoryGiB)}
	}
	return rep, verdicts(ctx, cat, p, stdin, rep)
}

// verdicts runs the section A checks (every plan policy) over the same
// inputs, with the report's redundancy for capacity-headroom.
func verdicts(ctx context.Context, cat *catalog.Catalog, p Params, stdin []byte, rep *Report) error {
	var ids []string
	for _, pol := range cat.Policies {
		if pol.Input == catalog.InputPlan {
			ids = append(ids, pol.ID)
		}
	}
	if len(ids) == 0 || len(rep.Clusters) == 0 {
		return nil
	}
	res, err := check.Run(ctx, cat, check.Params{Paths: p.Paths, Stdin: bytes.NewReader(stdin), Policies: ids, Limits: p.Limits,
		Parameters: map[string]map[string]any{"capacity-headroom": {"redundancy": p.Redundancy}}})
	if err != nil {
		return err
	}
	for i := range rep.Clusters {
		c := &rep.Clusters[i]
		found := map[string]bool{}
		for _, f := range res.Findings {
			if f.File != c.File || f.Kind != plan.Kind || f.Exempted {
				continue
			}
			found[f.Policy] = true
			c.Verdicts = append(c.Verdicts, Verdict{Policy: f.Policy, Action: f.Action, Line: f.Line, Message: f.Message})
		}
		for _, id := range ids {
			if !found[id] {
				c.Verdicts = append(c.Verdicts, Verdict{Policy: id, Action: "ok"})
			}
		}
		sort.SliceStable(c.Verdicts, func(a, b int) bool { return c.Verdicts[a].Policy < c.Verdicts[b].Policy })
	}
	return nil
}

func eval(ctx context.Context, eng *engine.Engine, store storage.Store, query string, input any, out any) error {
	compiler, err := eng.Compiler()
	if err != nil {
		return err
	}
	opts := []func(*rego.Rego){rego.Query(query), rego.Compiler(compiler), rego.Store(store)}
	if input != nil {
		opts = append(opts, rego.Input(input))
	}
	rs, err := rego.New(opts...).Eval(ctx)
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		return fmt.Errorf("query %s is undefined", query)
	}
	b, err := json.Marshal(rs[0].Bindings["x"])
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}

// round keeps three decimals: 72 × 1.1 is 79.2, not 79.20000000000002.
func round(x float64) float64 { return math.Round(x*1000) / 1000 }
