package main

import (
	"fmt"
	"math"

	"github.com/spf13/cobra"

	"github.com/shipshape-dev/shipshape/internal/capacity"
	"github.com/shipshape-dev/shipshape/internal/engine"
)

type capacityParams struct {
	output     string
	redundancy float64
}

func newCapacityCmd() *cobra.Command {
	var p capacityParams
	cmd := &cobra.Command{
		Use:   "capacity [PATH... | -]",
		Short: "Report what the workloads request and what the cluster plan or node dump holds",
		Long: `Sum every workload's requests (replicas × pod requests; DaemonSets once per
worker; Jobs their parallelism; init containers as the scheduler counts
them), add the redundancy margin, and compare with the workers' allocatable
capacity of each ClusterPlan or node dump given, also after losing the
largest worker. Ends with the verdicts of the section A checks.

Exit codes: 0 no deny-level verdict, 1 deny-level verdicts, 2 bad usage or
an input that could not be read or parsed.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCapacity(cmd, args, p)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&p.output, "output", "o", "text", "output format: text or json")
	f.Float64Var(&p.redundancy, "redundancy", 0.10, "share of the requests kept free on top of them")
	return cmd
}

func runCapacity(cmd *cobra.Command, args []string, p capacityParams) error {
	if p.output != "text" && p.output != "json" {
		return &exitError{code: exitUsage, err: fmt.Errorf("unknown output format %q (one of json, text)", p.output)}
	}
	if math.IsNaN(p.redundancy) || math.IsInf(p.redundancy, 0) || p.redundancy < 0 {
		return &exitError{code: exitUsage, err: fmt.Errorf("--redundancy %v: must be a finite number, not negative", p.redundancy)}
	}
	cat, err := loadCatalog()
	if err != nil {
		return err
	}
	eng, err := engine.New(cat, engine.Options{})
	if err != nil {
		return err
	}
	rep, err := capacity.Run(cmd.Context(), cat, eng, capacity.Params{Paths: args, Stdin: cmd.InOrStdin(), Redundancy: p.redundancy})
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	write := capacity.WriteText
	if p.output == "json" {
		write = capacity.WriteJSON
	}
	if err := write(cmd.OutOrStdout(), rep); err != nil {
		return err
	}
	if len(rep.Errors) > 0 {
		return &exitError{code: exitUsage, err: fmt.Errorf("%d input(s) could not be read or checked", len(rep.Errors))}
	}
	for _, c := range rep.Clusters {
		for _, v := range c.Verdicts {
			if v.Action == "deny" {
				return &exitError{code: exitFindings}
			}
		}
	}
	return nil
}
