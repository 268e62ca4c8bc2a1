package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/safe"
	"github.com/shipshape-dev/shipshape/internal/scaffold"
)

func newNewCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "new",
		Short: "Start something new in the catalog (new policy INPUT/ID)",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newNewPolicyCmd())
	return cmd
}

func newNewPolicyCmd() *cobra.Command {
	var dir, action string
	cmd := &cobra.Command{
		Use:   "policy INPUT/ID",
		Short: "Write a new policy folder whose tests fail until its rule is written",
		Long: "Writes DIR/INPUT/ID/: policy.rego (METADATA and a TODO rule that finds nothing), " +
			"policy_test.rego, suite.yaml and samples/. INPUT is one of " + strings.Join(catalog.Inputs(), ", ") +
			"; ID is a check ID (lower-case words joined by -). The folder loads in the catalog, " +
			"and `make test-policies` fails on its denied cases until the rule is filled in.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			written, err := scaffold.Write(dir, args[0], scaffold.Options{Action: action})
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			out := cmd.OutOrStdout()
			for _, p := range written {
				fmt.Fprintln(out, "wrote", safe.Text(p))
			}
			if others := scaffold.SameIDOtherInputs(dir, args[0]); len(others) > 0 {
				fmt.Fprintf(out, "note: the ID exists for %s too; one Constraint kind configures both\n", safe.Text(strings.Join(others, ", ")))
			}
			fmt.Fprintf(out, "next: fill in the TODOs in %s, then make test-policies and make generate\n", safe.Text(filepath.Dir(written[0])))
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "policies", "the policies folder to write under")
	cmd.Flags().StringVar(&action, "action", "deny", "default enforcement action: deny, warn or dryrun")
	return cmd
}
