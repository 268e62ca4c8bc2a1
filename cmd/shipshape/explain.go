package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/shipshape-dev/shipshape/internal/docs"
)

func newExplainCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "explain ID",
		Short: "Explain one check: what, why, parameters, examples and how to exempt",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := loadCatalog()
			if err != nil {
				return err
			}
			p := cat.Policy(args[0])
			if p == nil {
				return &exitError{code: exitUsage, err: fmt.Errorf("unknown check ID %q (see `shipshape policies`)", args[0])}
			}
			x, err := docs.New(cat, cat.FS)
			if err != nil {
				return err
			}
			e, err := x.Entry(cmd.Context(), p)
			if err != nil {
				return err
			}
			return docs.WriteExplain(cmd.OutOrStdout(), e)
		},
	}
}
