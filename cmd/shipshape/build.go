package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/shipshape-dev/shipshape/internal/build"
)

func newBuildCmd() *cobra.Command {
	var root string
	var verify bool
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Generate templates/ and bundles/ from the policies",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cat, err := loadCatalog()
			if err != nil {
				return err
			}
			// Building is where a policy author's mistakes are told: the
			// policies are compiled with every check.
			cat.Vetted = false
			files, err := build.Outputs(cat)
			if err != nil {
				return err
			}
			if verify {
				if stale := build.Stale(os.DirFS(root), files); len(stale) > 0 {
					return &exitError{code: exitFindings, err: fmt.Errorf("generated files are stale, run `make generate`: %v", stale)}
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%d generated files are up to date\n", len(files))
				return nil
			}
			if err := build.Write(root, files); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %d files under %s\n", len(files), root)
			return nil
		},
	}
	cmd.Flags().StringVar(&root, "root", ".", "repository root to write templates/ and bundles/ under")
	cmd.Flags().BoolVar(&verify, "verify", false, "only check that the files on disk are up to date")
	return cmd
}
