package main

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/google/pprof/profile"
)

// cpuShare is one part of a run's CPU time.
type cpuShare struct {
	part  string
	share float64
}

// stages attribute a CPU sample to a part of the pipeline: the first stage
// any frame of the sample's stack belongs to, in this order. Allocation
// and GC assists count for the stage that allocated; background marking
// is GC's own.
var stages = []struct {
	part     string
	prefixes []string
}{
	{"garbage collection (background)", []string{"runtime.gcBgMarkWorker"}},
	// Before output: admission marshals through encoding/json.
	{"Constraints (defaults built, -c ones admitted through their CRDs)", []string{
		"github.com/shipshape-dev/shipshape/internal/constraints.FromObject", "github.com/shipshape-dev/shipshape/internal/constraints.Default",
	}},
	// Before YAML and output: METADATA is YAML, parameter schemas go
	// through encoding/json.
	{"parsing the catalog", []string{"github.com/shipshape-dev/shipshape/internal/catalog."}},
	{"field lines (files parsed again)", []string{"github.com/shipshape-dev/shipshape/internal/position."}},
	{"output", []string{"github.com/shipshape-dev/shipshape/internal/report.", "encoding/json."}},
	{"Rego evaluation", []string{"github.com/open-policy-agent/opa/v1/topdown.", "github.com/open-policy-agent/opa/v1/rego."}},
	{"documents to Rego values", []string{"github.com/open-policy-agent/opa/v1/ast.InterfaceToValue"}},
	{"parsing (YAML, Dockerfiles)", []string{"go.yaml.in/yaml/", "github.com/shipshape-dev/shipshape/internal/inputs.", "github.com/moby/buildkit/"}},
	{"compiling the policies", []string{
		"github.com/open-policy-agent/opa/v1/ast.(*Compiler)", "github.com/shipshape-dev/shipshape/internal/engine.compile", "github.com/shipshape-dev/shipshape/internal/engine.New",
	}},
	{"matching, inventory, findings", []string{"github.com/shipshape-dev/shipshape/"}},
}

// whereTimeGoes reads a CPU profile and splits its samples by stage.
func whereTimeGoes(path string) ([]cpuShare, error) {
	p, err := readProfile(path)
	if err != nil {
		return nil, err
	}
	return shares(p)
}

func readProfile(path string) (*profile.Profile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := profile.Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// shares splits a profile's samples by stage.
func shares(p *profile.Profile) ([]cpuShare, error) {
	value := len(p.SampleType) - 1 // cpu nanoseconds
	by := map[string]int64{}
	var total int64
	for _, s := range p.Sample {
		part := stageOf(s)
		by[part] += s.Value[value]
		total += s.Value[value]
	}
	if total == 0 {
		return nil, fmt.Errorf("CPU profile without samples")
	}
	var out []cpuShare
	for part, v := range by {
		out = append(out, cpuShare{part, float64(v) / float64(total)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].share != out[j].share {
			return out[i].share > out[j].share
		}
		return out[i].part < out[j].part
	})
	return out, nil
}

func stageOf(s *profile.Sample) string {
	for _, st := range stages {
		for _, loc := range s.Location {
			for _, line := range loc.Line {
				if line.Function == nil {
					continue
				}
				for _, prefix := range st.prefixes {
					if strings.HasPrefix(line.Function.Name, prefix) {
						return st.part
					}
				}
			}
		}
	}
	return "other (scheduler, system calls, runtime)"
}

func formatShares(shares []cpuShare) string {
	var parts []string
	for _, s := range shares {
		parts = append(parts, fmt.Sprintf("%s %.0f%%", s.part, 100*s.share))
	}
	return strings.Join(parts, ", ")
}
