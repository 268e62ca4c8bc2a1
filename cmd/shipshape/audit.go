package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/shipshape-dev/shipshape/internal/audit"
	"github.com/shipshape-dev/shipshape/internal/check"
	"github.com/shipshape-dev/shipshape/internal/config"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/report"
	"github.com/shipshape-dev/shipshape/internal/safe"
)

// formatOpenReports is audit's own output: OpenReports objects.
const formatOpenReports = "openreports"

type auditParams struct {
	settings
	kubeconfig string
	context    string
	namespaces []string
	apply      bool
	perObject  bool
	progress   string
	workers    int
	parallel   int
	pageSize   int64
	timeout    time.Duration
}

func newAuditCmd() *cobra.Command {
	var p auditParams
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Audit a live cluster against the catalog: every violation, from the same Rego",
		Long: `Read, from a running cluster, the objects of every kind the selected
policies match or read (Namespaces; Nodes, which make the cluster plan;
custom resource kinds only when a Constraint given with -c names them),
and judge them as shipshape check judges a dump of them: the same
policies, Constraints, inventory and findings, every one (Gatekeeper's
audit keeps 20 per Constraint). Secrets are never read. Kinds are listed
page by page, several at once; a kind the user may not list is a note
naming it, and the rest is audited.

Output: the formats of check, with a summary per namespace (deny, warn,
dryrun and exempted counts, objects judged and a score; docs/audit.md
gives the formula), or -o openreports: one OpenReports Report
(openreports.io/v1alpha1) per namespace and a ClusterReport, printed as a
JSON List (kubectl apply -f takes it), or with --apply written to the
cluster by server-side apply (field manager shipshape).

Settings pinned in .shipshape.yaml are read as shipshape check reads
them (constraints, policy, skip, failOn, enforcementAction, output; its
namespace is where manifests are applied, which means nothing here): the
file used is named on stderr ("settings: PATH"), flags given on the
command line win, --config names another file and --no-config ignores it.

Exit codes: 0 no finding whose action fails the run (--fail-on, default
deny), 1 such findings, 2 bad usage, no cluster, or a listing or
evaluation that failed (what could be read is still reported).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := applySettings(cmd, &p.settings, auditFormats(), nil); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			return runAudit(cmd, p)
		},
	}
	f := cmd.Flags()
	f.StringVar(&p.kubeconfig, "kubeconfig", "", "kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)")
	f.StringVar(&p.context, "context", "", "kubeconfig context (default: the current one)")
	f.StringArrayVarP(&p.namespaces, "namespace", "n", nil, "audit only this namespace's objects (repeatable); cluster-scoped kinds are still read")
	f.BoolVar(&p.perObject, "per-object", false, "report a fact about a namespace (no LimitRange, no ResourceQuota...) on every object in it, as Gatekeeper's audit does, instead of once per namespace")
	f.StringVarP(&p.output, "output", "o", "text", "output format: "+strings.Join(auditFormats(), ", "))
	f.BoolVar(&p.apply, "apply", false, "write the OpenReports objects to the cluster (server-side apply) instead of printing them; implies -o openreports")
	f.StringArrayVarP(&p.constraints, "constraints", "c", nil, "Constraint YAML file or folder (repeatable); replaces the default Constraint of each kind it holds")
	f.StringArrayVar(&p.policies, "policy", nil, "audit only this check ID (repeatable)")
	f.StringArrayVar(&p.skip, "skip", nil, "do not run this check ID (repeatable)")
	f.StringVar(&p.failOn, "fail-on", "deny", "least severe action that makes the exit code 1: deny, warn, dryrun or none")
	f.StringVar(&p.enforcementAction, "enforcement-action", "", "override every constraint's action (deny, warn or dryrun)")
	p.configFlags(f)
	f.StringVar(&p.progress, "progress", "auto", "progress on stderr: auto (on a terminal, for runs longer than a moment), always, never")
	f.IntVar(&p.workers, "workers", 0, "objects evaluated in parallel (0: one per CPU)")
	f.IntVar(&p.parallel, "parallel", 4, "kinds listed at once")
	f.Int64Var(&p.pageSize, "page-size", 500, "objects per list request")
	f.DurationVar(&p.timeout, "timeout", 10*time.Second, "time limit for one policy on one object")
	return cmd
}

// auditFormats are check's output formats and openreports.
func auditFormats() []string {
	return append(report.Formats(), formatOpenReports)
}

func runAudit(cmd *cobra.Command, p auditParams) error {
	failOn, err := config.FailOnActions(p.failOn)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if err := config.CheckAction(p.enforcementAction); err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if p.apply {
		if cmd.Flags().Changed("output") && p.output != formatOpenReports {
			return &exitError{code: exitUsage, err: fmt.Errorf("--apply writes OpenReports objects; it does not go with -o %s", p.output)}
		}
		p.output = formatOpenReports
	}
	if p.pageSize <= 0 || p.parallel <= 0 {
		return &exitError{code: exitUsage, err: fmt.Errorf("--page-size and --parallel must be positive")}
	}
	cat, err := loadCatalog()
	if err != nil {
		return err
	}
	openReports := p.output == formatOpenReports
	var writer report.Writer
	if !openReports {
		writer, err = report.ForFormat(p.output, report.Options{
			Rules:   report.Rules(cat),
			Color:   colorWanted(cmd.OutOrStdout()),
			FailOn:  failOn,
			Version: version,
		})
		if err != nil {
			return &exitError{code: exitUsage, err: fmt.Errorf("%w, or %s", err, formatOpenReports)}
		}
	}
	cluster, err := audit.Connect(p.kubeconfig, p.context)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}

	var (
		mu      sync.Mutex
		listing audit.Progress
	)
	render := func(c check.Progress, width int) string {
		mu.Lock()
		l := listing
		mu.Unlock()
		return renderAuditProgress(l, c, width)
	}
	prog, err := newProgressWith(cmd.ErrOrStderr(), p.progress, render)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	lister := audit.New(cluster.Dynamic, cluster.Discovery, audit.Options{
		Namespaces: p.namespaces,
		PageSize:   p.pageSize,
		Parallel:   p.parallel,
		Progress: func(l audit.Progress) {
			mu.Lock()
			listing = l
			mu.Unlock()
		},
	})

	out := cmd.OutOrStdout()
	if isTerminal(out) {
		out = prog.under(out)
	}
	var stream report.Stream
	if !openReports {
		stream = report.NewStream(writer, out)
	}
	tally := audit.NewTally()
	var kept []engine.Finding // for the OpenReports objects
	fails := false
	var writeErr error
	rep, err := check.Run(cmd.Context(), cat, check.Params{
		Documents:         lister.Feed(),
		Constraints:       p.constraints,
		Policies:          p.policies,
		Skip:              p.skip,
		EnforcementAction: p.enforcementAction,
		PerObject:         p.perObject,
		Workers:           p.workers,
		Timeout:           p.timeout,
		Stdin:             cmd.InOrStdin(),
		Progress:          prog.update,
		Emit: func(batch []engine.Finding) error {
			for i := 0; i < len(batch) && !fails; i++ {
				fails = report.Fails(&batch[i], failOn)
			}
			tally.Add(batch)
			if openReports {
				kept = append(kept, batch...)
				return nil
			}
			writeErr = stream.Findings(batch)
			return writeErr
		},
	})
	if err := prog.finish(writeErr, err); err != nil {
		return err
	}
	rep.Notes = append(rep.Notes, lister.Notes()...)
	rep.Errors = append(rep.Errors, lister.Errors()...)
	objects := lister.Objects()
	rep.Audit = &report.Audit{
		Cluster:    cluster.Name,
		Kinds:      lister.Kinds(),
		Namespaces: tally.Summary(audit.Judged(objects, rep.NotCovered)),
	}

	if openReports {
		var namespaces []string
		for ns := range objects {
			if ns != "" {
				namespaces = append(namespaces, ns)
			}
		}
		sort.Strings(namespaces)
		reports, err := audit.OpenReports(kept, namespaces, report.Rules(cat))
		if err != nil {
			return err
		}
		if err := writeOpenReports(cmd, cluster, reports, p.apply); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		stderr := cmd.ErrOrStderr()
		for _, e := range rep.Errors {
			fmt.Fprintln(stderr, "error:", safe.Text(e.Error()))
		}
		for _, n := range rep.Notes {
			fmt.Fprintln(stderr, "note:", safe.Text(n.Error()))
		}
	} else if err := stream.Finish(rep); err != nil {
		return err
	}
	if len(rep.Errors) > 0 {
		return &exitError{code: exitUsage, err: fmt.Errorf("%d listing(s) or object(s) could not be read or checked", len(rep.Errors))}
	}
	if why := rep.NothingChecked(); why != "" {
		return &exitError{code: exitUsage, err: fmt.Errorf("nothing was checked: %s", why)}
	}
	if fails {
		return &exitError{code: exitFindings}
	}
	return nil
}

// writeOpenReports prints the reports as one List, or applies them and
// says what each became.
func writeOpenReports(cmd *cobra.Command, cluster *audit.Cluster, reports []*unstructured.Unstructured, apply bool) error {
	if !apply {
		items := make([]any, len(reports))
		for i, r := range reports {
			items[i] = r.Object
		}
		return safe.WriteJSON(cmd.OutOrStdout(), map[string]any{"apiVersion": "v1", "kind": "List", "items": items})
	}
	applied, err := audit.Apply(cmd.Context(), cluster.Dynamic, reports)
	for _, a := range applied {
		where := ""
		if a.Namespace != "" {
			where = " in namespace " + safe.Text(a.Namespace)
		}
		fmt.Fprintf(cmd.OutOrStdout(), "%s/%s%s applied: %d results (resourceVersion %s)\n", strings.ToLower(a.Kind), safe.Text(a.Name), where, a.Results, safe.Text(a.ResourceVersion))
	}
	return err
}

// renderAuditProgress is audit's status line: a bar over the kinds
// listed, then objects read and evaluated, and findings so far.
func renderAuditProgress(l audit.Progress, c check.Progress, width int) string {
	filled, pct := 0, 0
	if l.Kinds > 0 {
		filled = min(l.KindsListed*width/l.Kinds, width)
		pct = l.KindsListed * 100 / l.Kinds
	}
	bar := strings.Repeat("=", filled) + strings.Repeat(" ", width-filled)
	return fmt.Sprintf("[%s] %3d%%  %d/%d kinds listed, %d objects read, %d evaluated, %d findings", bar, pct, l.KindsListed, l.Kinds, max(l.Objects, c.Documents), c.Checked, c.Findings)
}
