package main

import (
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/policytest"
	"github.com/shipshape-dev/shipshape/internal/safe"
	"github.com/shipshape-dev/shipshape/policies"
)

func newTestCmd() *cobra.Command {
	var verbose bool
	var dir string
	cmd := &cobra.Command{
		Use:   "test",
		Short: "Run every policy's Rego unit tests and gator suite",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var fsys fs.FS = policies.FS
			if dir != "" {
				fsys = os.DirFS(dir)
			}
			cat, err := catalog.Load(fsys)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			pass, fail := 0, 0
			units, err := policytest.RunUnit(cmd.Context(), fsys)
			if err != nil {
				return err
			}
			for _, u := range units {
				switch {
				case u.Err != nil:
					fail++
					fmt.Fprintf(out, "ERROR %s: %s: %s\n", safe.Text(u.File), safe.Text(u.Name), safe.Text(u.Err.Error()))
				case u.Fail:
					fail++
					fmt.Fprintf(out, "FAIL %s: %s\n%s", safe.Text(u.File), safe.Text(u.Name), safe.Multiline(u.Output))
				default:
					pass++
					if verbose {
						fmt.Fprintf(out, "PASS %s: %s\n", safe.Text(u.File), safe.Text(u.Name))
					}
				}
			}
			eng, err := engine.New(cat, engine.Options{})
			if err != nil {
				return err
			}
			suites, err := policytest.Suites(fsys, cat)
			if err != nil {
				return err
			}
			for _, s := range suites {
				for _, o := range policytest.RunSuite(cmd.Context(), fsys, cat, eng, s) {
					if o.Err != nil {
						fail++
						fmt.Fprintf(out, "FAIL %s: %s\n", safe.Text(o.Name()), safe.Text(o.Err.Error()))
						continue
					}
					pass++
					if verbose {
						fmt.Fprintf(out, "PASS %s\n", safe.Text(o.Name()))
					}
				}
			}
			fmt.Fprintf(out, "--------------------------------------------------------------------------------\n")
			fmt.Fprintf(out, "%d passed, %d failed\n", pass, fail)
			if fail > 0 {
				return &exitError{code: exitFindings}
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "print every test, not only failures")
	cmd.Flags().StringVar(&dir, "policies", "", "test the policies in this folder instead of the embedded ones")
	return cmd
}
