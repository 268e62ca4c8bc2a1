package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/bundle"

	"github.com/shipshape-dev/shipshape/internal/catalog"
)

// BundleRoots are the data paths the bundle owns: the library, the checks
// (and the conftest adapter's catalog), and conftest's default package main.
var BundleRoots = []string{"lib", "main", "shipshape"}

// ConftestAdapter is the hand-written adapter for conftest, in the policies
// file system.
const ConftestAdapter = "conftest/main.rego"

// Bundle builds the OPA bundle: every library and policy module, no tests
// and no samples. Its revision is a digest of its content, so it changes
// exactly when a policy does.
func Bundle(cat *catalog.Catalog) ([]byte, error) {
	type mod struct{ path, src string }
	var mods []mod
	for _, l := range cat.Libs {
		mods = append(mods, mod{l.File, l.Source})
	}
	for _, p := range cat.Policies {
		mods = append(mods, mod{p.Dir + "/policy.rego", p.Source})
	}
	if cat.FS != nil {
		if adapter, err := fs.ReadFile(cat.FS, ConftestAdapter); err == nil {
			table, err := ConftestCatalog(cat)
			if err != nil {
				return nil, err
			}
			mods = append(mods, mod{ConftestAdapter, string(adapter)},
				mod{strings.TrimPrefix(ConftestCatalogPath, "policies/"), string(table)})
		}
	}
	sort.Slice(mods, func(i, j int) bool { return mods[i].path < mods[j].path })
	h := sha256.New()
	b := bundle.Bundle{Data: map[string]any{}}
	for _, m := range mods {
		h.Write([]byte(m.path + "\x00" + m.src + "\x00"))
		b.Modules = append(b.Modules, bundle.ModuleFile{URL: "/" + m.path, Path: "/" + m.path, Raw: []byte(m.src)})
	}
	roots := append([]string(nil), BundleRoots...)
	regoV1 := 1
	b.Manifest = bundle.Manifest{
		Revision:    "sha256:" + hex.EncodeToString(h.Sum(nil))[:16],
		Roots:       &roots,
		RegoVersion: &regoV1,
	}
	var out bytes.Buffer
	if err := bundle.NewWriter(&out).Write(b); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// Stale lists the generated files under root that differ from files.
func Stale(fsys fs.FS, files []File) []string {
	var stale []string
	for _, f := range files {
		have, err := fs.ReadFile(fsys, f.Path)
		if err != nil || !bytes.Equal(have, f.Data) {
			stale = append(stale, f.Path)
		}
	}
	return stale
}
