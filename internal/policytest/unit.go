package policytest

import (
	"context"
	"fmt"
	"io/fs"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/shipshape-dev/shipshape/internal/engine"
)

// UnitResult is one Rego test rule's outcome.
type UnitResult struct {
	File, Name string
	Fail       bool
	Err        error
	Output     string
}

// RegoModules parses every .rego file of fsys, tests included.
func RegoModules(fsys fs.FS) (map[string]*ast.Module, error) {
	mods := map[string]*ast.Module{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
			return err
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		m, err := ast.ParseModuleWithOpts(p, string(src), ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: true})
		if err != nil {
			return err
		}
		mods[p] = m
		return nil
	})
	return mods, err
}

// RunUnit runs every Rego test rule with OPA's tester, under the same
// capabilities as the engine.
func RunUnit(ctx context.Context, fsys fs.FS) ([]UnitResult, error) {
	mods, err := RegoModules(fsys)
	if err != nil {
		return nil, err
	}
	store := inmem.New()
	txn, err := store.NewTransaction(ctx)
	if err != nil {
		return nil, err
	}
	defer store.Abort(ctx, txn)
	compiler := ast.NewCompiler().WithCapabilities(engine.Capabilities()).WithEnablePrintStatements(true)
	ch, err := tester.NewRunner().SetCompiler(compiler).SetStore(store).SetModules(mods).CapturePrintOutput(true).RunTests(ctx, txn)
	if err != nil {
		return nil, engine.ExplainDisallowed(err)
	}
	var out []UnitResult
	for r := range ch {
		u := UnitResult{File: r.Location.File, Name: r.Package + "." + r.Name, Fail: r.Fail, Err: r.Error, Output: string(r.Output)}
		if r.Error != nil {
			u.Err = fmt.Errorf("%v", r.Error)
		}
		out = append(out, u)
	}
	return out, nil
}
