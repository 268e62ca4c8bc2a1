package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/shipshape-dev/shipshape/internal/check"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/report"
)

type checkParams struct {
	output      string
	constraints []string
	namespace   string
	policies    []string
	skip        []string
	workers     int
	timeout     time.Duration
	maxFileSize int64
	kind        string
}

func newCheckCmd() *cobra.Command {
	var p checkParams
	cmd := &cobra.Command{
		Use:   "check [PATH... | -]",
		Short: "Check files, folders or standard input against the catalog",
		Long: `Check Kubernetes YAML/JSON, kubeconfigs, cluster plans and Dockerfiles
(files, folders searched recursively, or - for standard input) against
every policy, with the default Constraints or the ones given with -c.
Dockerfiles are known by name (Dockerfile, *.Dockerfile, Dockerfile.*) or
by --kind dockerfile.

Exit codes: 0 no deny-level finding, 1 deny-level findings, 2 bad usage or
an input that could not be read or parsed (the other inputs are still
checked and reported).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(cmd, args, p)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&p.output, "output", "o", "text", "output format: "+strings.Join(report.Formats(), ", "))
	f.StringArrayVarP(&p.constraints, "constraints", "c", nil, "Constraint YAML file or folder (repeatable); replaces the default Constraint of each kind it holds")
	f.StringArrayVar(&p.policies, "policy", nil, "check only this check ID (repeatable)")
	f.StringArrayVar(&p.skip, "skip", nil, "do not run this check ID (repeatable)")
	f.StringVar(&p.namespace, "namespace", "default", "namespace of namespaced objects that name none")
	f.IntVar(&p.workers, "workers", 0, "documents evaluated in parallel (0: one per CPU)")
	f.DurationVar(&p.timeout, "timeout", 10*time.Second, "time limit for evaluating one document")
	f.StringVar(&p.kind, "kind", "", "read every input as this kind whatever its name (dockerfile)")
	f.Int64Var(&p.maxFileSize, "max-file-size", inputs.DefaultOptions.MaxFileBytes, "largest input file accepted, in bytes")
	return cmd
}

func runCheck(cmd *cobra.Command, args []string, p checkParams) error {
	cat, err := loadCatalog()
	if err != nil {
		return err
	}
	writer, err := report.ForFormat(p.output, report.Options{
		Rules:   report.Rules(cat),
		Color:   colorWanted(cmd.OutOrStdout()),
		Version: version,
	})
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	limits := inputs.DefaultOptions
	limits.MaxFileBytes = p.maxFileSize
	switch p.kind {
	case "", inputs.KindDockerfile:
		limits.Kind = p.kind
	default:
		return &exitError{code: exitUsage, err: fmt.Errorf("--kind %q: only dockerfile can be forced (other kinds are told by their content)", p.kind)}
	}
	rep, err := check.Run(cmd.Context(), cat, check.Params{
		Paths:       args,
		Stdin:       cmd.InOrStdin(),
		Constraints: p.constraints,
		Namespace:   p.namespace,
		Policies:    p.policies,
		Skip:        p.skip,
		Workers:     p.workers,
		Timeout:     p.timeout,
		Limits:      limits,
	})
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if err := writer.Write(cmd.OutOrStdout(), rep); err != nil {
		return err
	}
	switch {
	case len(rep.Errors) > 0:
		return &exitError{code: exitUsage, err: fmt.Errorf("%d input(s) could not be read or checked", len(rep.Errors))}
	case rep.Summary.Deny > 0:
		return &exitError{code: exitFindings}
	}
	return nil
}
