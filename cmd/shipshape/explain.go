package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/docs"
	"github.com/shipshape-dev/shipshape/internal/render"
	"github.com/shipshape-dev/shipshape/internal/safe"
)

func newExplainCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "explain ID | rendering",
		Short: "Explain one check: what, why, parameters, examples and how to exempt",
		Long: "Explain one check: what, why, parameters, examples and how to exempt.\n" +
			"A check ID that exists for several inputs (image-tag-pinned for objects and\n" +
			"Dockerfiles) is explained for each; INPUT/ID (dockerfile/image-tag-pinned) picks one.\n" +
			"`shipshape explain rendering` says how charts and overlays are rendered and how to turn it off.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if args[0] == "rendering" {
				_, err := io.WriteString(cmd.OutOrStdout(), render.Help)
				return err
			}
			cat, err := loadCatalog()
			if err != nil {
				return err
			}
			variants := cat.Variants(args[0])
			if input, id, ok := strings.Cut(args[0], "/"); ok {
				if p := cat.PolicyFor(input, id); p != nil {
					variants = []*catalog.Policy{p}
				}
			}
			if len(variants) == 0 {
				return &exitError{code: exitUsage, err: fmt.Errorf("unknown check ID %q (see `shipshape policies`)", args[0])}
			}
			x, err := docs.New(cat, cat.FS)
			if err != nil {
				return err
			}
			var entries []*docs.Entry
			for _, p := range variants {
				e, err := x.Entry(cmd.Context(), p)
				if err != nil {
					return err
				}
				entries = append(entries, e)
			}
			// The examples and the findings on them are files of the
			// catalog (--policies can point elsewhere): shown through
			// safe.Multiline like any other text the tool did not write.
			var b strings.Builder
			if err := docs.WriteExplain(&b, entries...); err != nil {
				return err
			}
			_, err = io.WriteString(cmd.OutOrStdout(), safe.Multiline(b.String()))
			return err
		},
	}
}
