package main

import (
	"fmt"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/shipshape-dev/shipshape/internal/check"
	"github.com/shipshape-dev/shipshape/internal/config"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/render"
	"github.com/shipshape-dev/shipshape/internal/report"
)

type checkParams struct {
	settings
	namespace      string
	perObject      bool
	progress       string
	workers        int
	timeout        time.Duration
	maxFileSize    int64
	maxValues      int
	maxAliasValues int64
	kind           string
	cpuProfile     string
	render         bool
	values         []string
	set            []string
	valuesSets     []string
	kubeVersion    string
	releaseName    string
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
by --kind dockerfile. Inside a folder, directories whose name starts with
a dot (.git, .github, .terraform, ...) are skipped; name one as an
argument to check it (shipshape check deploy/ deploy/.overlays). A run in
which no document is judged by any policy (no file found, or only kinds
no policy applies to) says so and exits 2.

A folder with Chart.yaml is rendered as a Helm chart (helm template, with
the Helm SDK: dependencies from its charts/ folder, --values, --set,
--values-set, --kube-version, --release-name, and -n as the release
namespace), and a folder with kustomization.yaml (or .yml, or
Kustomization) is built as kustomize build does; findings then point at
the template or the kustomize source file and line, and name the values
key that sets the field where one can be told. Inside a folder walk, a
kustomize base that another kustomization of the walk builds on is
checked as part of it. --render=false reads such folders as plain YAML
files. Piped output (helm template ... | shipshape check -) is read as
YAML, each finding naming its template from the "# Source:" comment.

Settings may be pinned in .shipshape.yaml (keys: constraints, policy,
skip, failOn, enforcementAction, namespace, output), looked up from the
working directory upward to the repository root (the first folder with
.git), never above it; outside a repository only the working directory
is looked at. The file used is named on stderr ("settings: PATH"); flags
given on the command line win, --config names another file and
--no-config ignores it. It must be one YAML document, a regular file
of at most 64 KiB.

Exit codes: 0 no finding whose action fails the run (--fail-on, default
deny), 1 such findings, 2 bad usage or an input that could not be read or
parsed (the other inputs are still checked and reported).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := applySettings(cmd, &p.settings, report.Formats(), &p.namespace); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			return runCheck(cmd, args, p)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&p.output, "output", "o", "text", "output format: "+strings.Join(report.Formats(), ", "))
	f.StringArrayVarP(&p.constraints, "constraints", "c", nil, "Constraint YAML file or folder (repeatable); replaces the default Constraint of each kind it holds")
	f.StringArrayVar(&p.policies, "policy", nil, "check only this check ID (repeatable)")
	f.StringArrayVar(&p.skip, "skip", nil, "do not run this check ID (repeatable)")
	f.StringVar(&p.failOn, "fail-on", "deny", "least severe action that makes the exit code 1: deny, warn, dryrun or none")
	f.StringVar(&p.enforcementAction, "enforcement-action", "", "override every constraint's action (deny, warn or dryrun), e.g. warn for a trial run")
	p.configFlags(f)
	f.StringVar(&p.progress, "progress", "auto", "progress on stderr: auto (on a terminal, for runs longer than a moment), always, never")
	f.StringVarP(&p.namespace, "namespace", "n", "", "namespace the manifests will be applied to (kubectl apply -n): objects that name none are checked in it; unset, they are taken as default and no-default-namespace only warns")
	f.BoolVar(&p.perObject, "per-object", false, "report a fact about a namespace (no LimitRange, no ResourceQuota...) on every object in it, as Gatekeeper does, instead of once per namespace")
	f.IntVar(&p.workers, "workers", 0, "documents evaluated in parallel (0: one per CPU)")
	f.DurationVar(&p.timeout, "timeout", 10*time.Second, "time limit for one policy on one document; a policy stopped is an input error naming it and the object, the other policies' findings are kept")
	f.StringVar(&p.kind, "kind", "", "read every input as this kind whatever its name (dockerfile)")
	f.Int64Var(&p.maxFileSize, "max-file-size", inputs.DefaultOptions.MaxFileBytes, "largest input file accepted, in bytes")
	f.IntVar(&p.maxValues, "max-values", inputs.DefaultOptions.MaxValues, "most values one document may hold as written (a large kind: List)")
	f.Int64Var(&p.maxAliasValues, "max-alias-values", inputs.DefaultOptions.MaxAliasValues, "most values YAML aliases may add in one file (four times this in a run)")
	f.BoolVar(&p.render, "render", true, "render folders that are Helm charts (Chart.yaml) or kustomizations (kustomization.yaml) and check what they render; false reads their files as plain YAML")
	f.StringArrayVar(&p.values, "values", nil, "Helm values file for every chart (repeatable, later files win)")
	f.StringArrayVar(&p.set, "set", nil, "Helm value, KEY=VALUE[,KEY=VALUE] as helm --set (repeatable, applied last)")
	f.StringArrayVar(&p.valuesSets, "values-set", nil, "render each chart once more per set: NAME=FILE[,FILE] (repeatable); each finding names its set")
	f.StringVar(&p.kubeVersion, "kube-version", render.DefaultKubeVersion, "Kubernetes version charts are rendered for (.Capabilities.KubeVersion)")
	f.StringVar(&p.releaseName, "release-name", "release-name", "Helm release name charts are rendered with (.Release.Name)")
	// For `make bench`, which reads where the time goes from the profile.
	f.StringVar(&p.cpuProfile, "cpuprofile", "", "write a CPU profile of the run to this file")
	_ = f.MarkHidden("cpuprofile")
	return cmd
}

func runCheck(cmd *cobra.Command, args []string, p checkParams) error {
	if p.cpuProfile != "" {
		out, err := os.Create(p.cpuProfile)
		if err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		defer out.Close()
		if err := pprof.StartCPUProfile(out); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		defer pprof.StopCPUProfile()
	}
	failOn, err := config.FailOnActions(p.failOn)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if err := config.CheckAction(p.enforcementAction); err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	cat, err := loadCatalog()
	if err != nil {
		return err
	}
	writer, err := report.ForFormat(p.output, report.Options{
		Rules:   report.Rules(cat),
		Color:   colorWanted(cmd.OutOrStdout()),
		FailOn:  failOn,
		Version: version,
		// In GitHub Actions the run's page holds the whole log.
		FullReport: githubRunURL(os.Getenv),
	})
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	limits := inputs.DefaultOptions
	limits.MaxFileBytes = p.maxFileSize
	limits.MaxValues = p.maxValues
	limits.MaxAliasValues, limits.MaxRunAliasValues = p.maxAliasValues, 4*p.maxAliasValues
	switch p.kind {
	case "", inputs.KindDockerfile:
		limits.Kind = p.kind
	default:
		return &exitError{code: exitUsage, err: fmt.Errorf("--kind %q: only dockerfile can be forced (other kinds are told by their content)", p.kind)}
	}
	if err := setRenderer(cmd, p, &limits); err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	prog, err := newProgress(cmd.ErrOrStderr(), p.progress)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	// Findings are printed as each file is done, not kept: the exit code
	// is decided on the way.
	out := cmd.OutOrStdout()
	if isTerminal(out) {
		out = prog.under(out)
	}
	stream := report.NewStream(writer, out)
	fails := false
	var writeErr error
	rep, err := check.Run(cmd.Context(), cat, check.Params{
		Paths:             args,
		Stdin:             cmd.InOrStdin(),
		Constraints:       p.constraints,
		Namespace:         p.namespace,
		PerObject:         p.perObject,
		Policies:          p.policies,
		Skip:              p.skip,
		EnforcementAction: p.enforcementAction,
		Workers:           p.workers,
		Timeout:           p.timeout,
		Limits:            limits,
		Progress:          prog.update,
		Emit: func(batch []engine.Finding) error {
			for i := 0; i < len(batch) && !fails; i++ {
				fails = report.Fails(&batch[i], failOn)
			}
			writeErr = stream.Findings(batch)
			return writeErr
		},
	})
	if err := prog.finish(writeErr, err); err != nil {
		return err
	}
	if err := stream.Finish(rep); err != nil {
		return err
	}
	if len(rep.Errors) > 0 {
		return &exitError{code: exitUsage, err: fmt.Errorf("%d input(s) could not be read or checked", len(rep.Errors))}
	}
	if why := rep.NothingChecked(); why != "" {
		return &exitError{code: exitUsage, err: fmt.Errorf("nothing was checked: %s", why)}
	}
	if fails {
		return &exitError{code: exitFindings}
	}
	return nil
}

// setRenderer sets how charts and kustomizations are rendered, or that
// they are not (--render=false, where the Helm flags mean nothing).
func setRenderer(cmd *cobra.Command, p checkParams, limits *inputs.Options) error {
	if !p.render {
		for _, flag := range []string{"values", "set", "values-set", "kube-version", "release-name"} {
			if cmd.Flags().Changed(flag) {
				return fmt.Errorf("--%s renders Helm charts, and --render=false is given", flag)
			}
		}
		return nil
	}
	opts := render.Options{Values: p.values, Set: p.set, KubeVersion: p.kubeVersion, ReleaseName: p.releaseName, Namespace: p.namespace}
	for _, s := range p.valuesSets {
		vs, err := render.ParseValueSet(s)
		if err != nil {
			return err
		}
		opts.Sets = append(opts.Sets, vs)
	}
	r, err := render.New(opts)
	if err != nil {
		return err
	}
	limits.Render = r
	return nil
}

// githubRunURL is the address of the GitHub Actions run this is part of,
// from the variables the runner sets, or "" outside Actions.
func githubRunURL(getenv func(string) string) string {
	server, repo, run := getenv("GITHUB_SERVER_URL"), getenv("GITHUB_REPOSITORY"), getenv("GITHUB_RUN_ID")
	if server == "" || repo == "" || run == "" {
		return ""
	}
	return server + "/" + repo + "/actions/runs/" + run
}
