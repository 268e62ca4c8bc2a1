// Package config reads .shipshape.yaml, a repository's pinned settings for
// `shipshape check`: constraint folders and the defaults of check's flags.
// It is looked up from the working directory upward, as .gitignore-style
// tools do, so running from any sub-folder of the repository finds it.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"
)

// FileName is the name looked up.
const FileName = ".shipshape.yaml"

// Config is the content of .shipshape.yaml. Every field is optional; a flag
// given on the command line wins over it.
type Config struct {
	// Constraints are files or folders of Constraint YAML, relative to the
	// folder of the config file.
	Constraints []string `yaml:"constraints"`
	// Policy keeps only these check IDs; Skip leaves these out.
	Policy []string `yaml:"policy"`
	Skip   []string `yaml:"skip"`
	// FailOn is the least severe action that fails the run: deny, warn,
	// dryrun or none.
	FailOn string `yaml:"failOn"`
	// EnforcementAction overrides every constraint's action: deny, warn or dryrun.
	EnforcementAction string `yaml:"enforcementAction"`
	// Namespace of objects that name none.
	Namespace string `yaml:"namespace"`
	// Output is the default output format.
	Output string `yaml:"output"`

	// Path is the file the config was read from ("" when none was found).
	Path string `yaml:"-"`
}

// Find looks for FileName in dir and its parents; it returns "" when there
// is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, FileName)
		info, err := os.Stat(p)
		if err == nil && !info.IsDir() {
			return p, nil
		}
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads a config file; unknown keys are errors, so a typo is not
// silently ignored. Constraint paths are made relative to the working
// directory.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c.Path = path
	base := filepath.Dir(path)
	for i, p := range c.Constraints {
		if !filepath.IsAbs(p) {
			c.Constraints[i] = relative(filepath.Join(base, p))
		}
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &c, nil
}

// relative shortens an absolute path to one relative to the working
// directory when it is below it, so reports name files as users expect.
func relative(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	if rel, err := filepath.Rel(wd, p); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return p
}

// FailOnActions lists the actions that fail the run for a --fail-on value.
func FailOnActions(failOn string) ([]string, error) {
	switch failOn {
	case "", "deny":
		return []string{"deny"}, nil
	case "warn":
		return []string{"deny", "warn"}, nil
	case "dryrun":
		return []string{"deny", "warn", "dryrun"}, nil
	case "none":
		return []string{}, nil
	}
	return nil, fmt.Errorf("fail-on %q is not one of deny, warn, dryrun, none", failOn)
}

// CheckAction validates an --enforcement-action value.
func CheckAction(a string) error {
	switch a {
	case "", "deny", "warn", "dryrun":
		return nil
	}
	return fmt.Errorf("enforcement action %q is not one of deny, warn, dryrun", a)
}

func (c *Config) validate() error {
	if _, err := FailOnActions(c.FailOn); err != nil {
		return fmt.Errorf("failOn: %w", err)
	}
	if err := CheckAction(c.EnforcementAction); err != nil {
		return fmt.Errorf("enforcementAction: %w", err)
	}
	return nil
}
