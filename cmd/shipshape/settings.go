package main

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/shipshape-dev/shipshape/internal/config"
	"github.com/shipshape-dev/shipshape/internal/safe"
)

// settings are the parameters .shipshape.yaml gives defaults for. check
// and audit embed them and fill them with applySettings, so that a
// repository's pinned settings mean the same to both commands.
type settings struct {
	configPath        string
	noConfig          bool
	output            string
	constraints       []string
	policies          []string
	skip              []string
	failOn            string
	enforcementAction string
}

// configFlags adds --config and --no-config.
func (s *settings) configFlags(f *pflag.FlagSet) {
	f.StringVar(&s.configPath, "config", "", "settings file (default: "+config.FileName+" in the working directory or a parent, up to the repository root)")
	f.BoolVar(&s.noConfig, "no-config", false, "ignore "+config.FileName)
}

// applySettings fills every setting whose flag was not given on the
// command line from the settings file (--config, else the one config.Find
// finds from the working directory), and names the file it used on
// stderr: settings that skip checks or relax failOn are never applied
// unseen. formats are the output formats the command takes. namespace is
// where the file's namespace goes; nil for a command it means nothing to
// (audit: a cluster's objects name their namespace), which says so.
func applySettings(cmd *cobra.Command, s *settings, formats []string, namespace *string) error {
	if s.noConfig {
		return nil
	}
	path := s.configPath
	if path == "" {
		wd, err := os.Getwd()
		if err != nil {
			return err
		}
		if path, err = config.Find(wd); err != nil || path == "" {
			return err
		}
	}
	c, err := config.Load(path)
	if err != nil {
		return err
	}
	if c.Output != "" && !slices.Contains(formats, c.Output) {
		return fmt.Errorf("%s: unknown output format %q (one of %s)", c.At("output"), c.Output, strings.Join(formats, ", "))
	}
	stderr := cmd.ErrOrStderr()
	fmt.Fprintf(stderr, "settings: %s\n", safe.Text(path))
	set := func(flag string, dst *string, v string) {
		if v != "" && !cmd.Flags().Changed(flag) {
			*dst = v
		}
	}
	setList := func(flag string, dst *[]string, v []string) {
		if len(v) > 0 && !cmd.Flags().Changed(flag) {
			*dst = v
		}
	}
	setList("constraints", &s.constraints, c.Constraints)
	setList("policy", &s.policies, c.Policy)
	setList("skip", &s.skip, c.Skip)
	set("fail-on", &s.failOn, c.FailOn)
	set("enforcement-action", &s.enforcementAction, c.EnforcementAction)
	set("output", &s.output, c.Output)
	switch {
	case namespace != nil:
		set("namespace", namespace, c.Namespace)
	case c.Namespace != "":
		fmt.Fprintf(stderr, "note: %s: not used by %s (the namespace manifests are applied to; a cluster's objects name their own)\n", safe.Text(c.At("namespace")), cmd.Name())
	}
	return nil
}
