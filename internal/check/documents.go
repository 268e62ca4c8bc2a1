package check

import (
	"context"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/constraints"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/inventory"
	"github.com/shipshape-dev/shipshape/internal/plan"
)

// Feed gives a run documents that are not files (the objects of a live
// cluster, for shipshape audit): given the constraints the run selected,
// so that it can read only what they match or read, it calls yield with
// each batch of documents as it arrives, on the goroutine Run called it
// on. The documents are placed as the API server placed them (no
// namespace is defaulted) and every Node is in one batch's File, as in
// one node dump (they make one cluster plan). An error from yield must be
// returned; any other error ends the run.
type Feed func(ctx context.Context, selected []*constraints.Constraint, yield func([]inputs.Document) error) error

// fromFeed is the pipeline of a run over p.Documents: the steps of a run
// over files (plans from node dumps, inventory, evaluation, per-namespace
// facts, report order), without reading files or defaulting namespaces.
// When no selected constraint reads other objects, each batch is judged as
// it arrives and its documents dropped (Nodes and Namespaces are kept:
// they make the cluster plan and carry namespace facts); otherwise every
// document is kept to build the inventory first. Findings are kept and
// sorted once, so the report's order does not depend on the order the
// batches came in.
func fromFeed(ctx context.Context, cat *catalog.Catalog, eng *engine.Engine, selected []*constraints.Constraint, p Params,
	progress func(func(*Progress)), emit func([]engine.Finding) error,
) (documents int, errs []inputs.Error, uncovered []inputs.Document, err error) {
	streaming := eng.Streamable(selected)
	var run *engine.Run
	if streaming {
		if run, err = eng.Prepare(ctx, selected, nil); err != nil {
			return 0, nil, nil, err
		}
	}
	var (
		kept     []inputs.Document // every document, or only Nodes and Namespaces when streaming
		findings []engine.Finding
	)
	err = p.Documents(ctx, selected, func(batch []inputs.Document) error {
		documents += len(batch)
		progress(func(pr *Progress) { pr.Documents += len(batch) })
		if !streaming {
			kept = append(kept, batch...)
			return nil
		}
		f, evalErrs := run.Evaluate(ctx, batch)
		findings = append(findings, f...)
		errs = append(errs, evalErrs...)
		uncovered = append(uncovered, strip(run.Uncovered(batch))...)
		for _, d := range batch {
			if k := d.Object["kind"]; d.Input == inputs.KindKubernetes && (k == "Node" || k == "Namespace") {
				kept = append(kept, d)
			}
		}
		return nil
	})
	if err != nil {
		return 0, nil, nil, err
	}
	if streaming {
		// The batches' Nodes were judged as objects; the plan made of
		// them is judged now.
		f, evalErrs := run.Evaluate(ctx, plan.FromNodes(kept))
		findings = append(findings, f...)
		errs = append(errs, evalErrs...)
	} else {
		docs, planErrs := plan.Prepare(kept)
		errs = append(errs, planErrs...)
		if run, err = eng.Prepare(ctx, selected, inventory.Build(kept)); err != nil {
			return 0, nil, nil, err
		}
		f, evalErrs := run.Evaluate(ctx, docs)
		findings = f
		errs = append(errs, evalErrs...)
		uncovered = strip(run.Uncovered(kept))
	}
	if !p.PerObject {
		findings = perNamespace(cat, findings, kept)
	}
	engine.SortFindings(findings)
	sortWithinFiles(findings)
	if err := emit(findings); err != nil {
		return 0, nil, nil, err
	}
	return documents, errs, uncovered, nil
}
