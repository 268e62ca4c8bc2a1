// Package config reads .shipshape.yaml, a repository's pinned settings for
// `shipshape check` and `shipshape audit`: constraint folders and the
// defaults of their flags.
// It is looked up from the working directory upward to the repository
// root, so running from any sub-folder of the repository finds it, and one
// outside the repository is never used.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"

	"go.yaml.in/yaml/v3"

	"github.com/shipshape-dev/shipshape/internal/inputs"
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

// MaxBytes is the largest settings file read: a real one is a few lines.
const MaxBytes = 64 << 10

// Find looks for FileName in dir and its parents up to the repository
// root, the first folder that holds .git (a folder, or a file in a
// worktree or submodule), never above it: a settings file outside the
// repository (one planted in /tmp) is not used. Outside any repository only
// dir itself is looked at. It returns "" when there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	dirs := []string{dir}
	if root := repoRoot(dir); root != "" {
		for d := dir; d != root; {
			d = filepath.Dir(d)
			dirs = append(dirs, d)
		}
	}
	for _, d := range dirs {
		p := filepath.Join(d, FileName)
		if _, err := os.Lstat(p); err == nil {
			return p, nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
	}
	return "", nil
}

// repoRoot is the first of dir and its parents that holds .git; "" when
// none does.
func repoRoot(dir string) string {
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// read returns the content of a settings file: only a regular file (a
// symlink is followed to one), at most MaxBytes. A FIFO, a device such as
// /dev/zero or a folder is refused before it is read.
func read(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file (%s): a settings file must be one", path, inputs.FileKind(info.Mode()))
	}
	if info.Size() > MaxBytes {
		return nil, fmt.Errorf("%s: %d bytes, larger than the limit of %d bytes for a settings file", path, info.Size(), MaxBytes)
	}
	// O_NONBLOCK: should the file have become a FIFO since Stat, opening
	// it does not wait for a writer; Stat on the open file says so.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file (%s): a settings file must be one", path, inputs.FileKind(info.Mode()))
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("%s: larger than the limit of %d bytes for a settings file", path, MaxBytes)
	}
	return data, nil
}

// Load reads a config file; unknown keys are errors, so a typo is not
// silently ignored, and so is a second YAML document. Errors name the file,
// and the line and key when they are about one. Constraint paths are made
// relative to the working directory.
func Load(path string) (*Config, error) {
	data, err := read(path)
	if err != nil {
		return nil, err
	}
	var c Config
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var second yaml.Node
	if err := dec.Decode(&second); err == nil {
		return nil, fmt.Errorf("%s:%d: a second YAML document: a settings file is one document", path, second.Line)
	} else if !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(root.Content) > 0 {
		strict := yaml.NewDecoder(bytes.NewReader(data))
		strict.KnownFields(true)
		if err := strict.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	c.Path = path
	base := filepath.Dir(path)
	for i, p := range c.Constraints {
		if !filepath.IsAbs(p) {
			c.Constraints[i] = relative(filepath.Join(base, p))
		}
	}
	if key, err := c.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", c.At(key), err)
	}
	return &c, nil
}

// At names a key of the file for an error: "path:line: key" (the line of
// the key when the file has it).
func (c *Config) At(key string) string {
	if line := keyLine(c.Path, key); line > 0 {
		return fmt.Sprintf("%s:%d: %s", c.Path, line, key)
	}
	return fmt.Sprintf("%s: %s", c.Path, key)
}

// keyLine is the line of a top-level key in the settings file; 0 when it
// is not there.
func keyLine(path, key string) int {
	data, err := read(path)
	if err != nil {
		return 0
	}
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil || len(root.Content) == 0 {
		return 0
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i].Line
		}
	}
	return 0
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

// validate returns the key of the first bad value and what is wrong.
func (c *Config) validate() (string, error) {
	if _, err := FailOnActions(c.FailOn); err != nil {
		return "failOn", err
	}
	if err := CheckAction(c.EnforcementAction); err != nil {
		return "enforcementAction", err
	}
	return "", nil
}
