// Command shipshape checks Kubernetes manifests and the files around them
// against the shipshape practice catalog, tests the catalog, and builds
// its Gatekeeper templates and OPA bundle.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	// For its init: the collector's setting, before the other packages' init.
	_ "github.com/shipshape-dev/shipshape/internal/gctune"
	"github.com/shipshape-dev/shipshape/internal/safe"
	"github.com/shipshape-dev/shipshape/policies"
)

// version is the CLI's version, shown in SARIF output.
var version = "0.1.0-dev"

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
)

// exitError carries a command's exit code; main is the one place that exits.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the CLI with the given arguments and streams; it returns the
// exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRoot(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "shipshape:", safe.Text(ee.err.Error()))
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "shipshape:", safe.Text(err.Error()))
	return exitUsage
}

func newRoot(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "shipshape",
		Short:         "Kubernetes practices as policy: check files offline, test and build the catalog",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(newCheckCmd(), newBuildCmd(), newTestCmd(), newPoliciesCmd(), newCapacityCmd(), newExplainCmd(), newAuditCmd(), newNewCmd())
	return root
}

// loadCatalog reads the embedded policies, which are vetted: built and
// tested with the binary, they need no compile checks at run time.
func loadCatalog() (*catalog.Catalog, error) {
	cat, err := catalog.Load(policies.FS)
	if err != nil {
		return nil, err
	}
	cat.Vetted = true
	return cat, nil
}
