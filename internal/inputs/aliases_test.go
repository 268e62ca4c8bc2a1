package inputs

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// expanding is one document whose aliases add about refs*width values: an
// anchored list of width strings and refs aliases to it.
func expanding(name string, width, refs int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: %s\ndata:\n  base: &b [", name)
	for i := 0; i < width; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "v%d", i)
	}
	b.WriteString("]\n  refs: [")
	for i := 0; i < refs; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("*b")
	}
	b.WriteString("]\n")
	return b.String()
}

// aliasLimits are the default limits scaled down a hundredfold, so the
// test builds few values: 10k per file, 40k per run (the CLI's ratio).
var aliasLimits = Options{MaxFileBytes: 64 << 20, MaxDepth: 200, MaxValues: 200_000, MaxAliasValues: 10_000, MaxRunAliasValues: 40_000}

// TestAliasExpansionIsBoundedPerFile: documents that each expand within the
// file's alias budget are refused once together they go past it (issue
// 15: the bound was per document, so a 4 KB file of a few such documents
// took 2.5 GiB); the documents before are kept, the error names the
// document that went over and says alias bomb.
func TestAliasExpansionIsBoundedPerFile(t *testing.T) {
	one := expanding("a", 100, 40) // adds ~4k values
	if docs, errs := Parse("one.yaml", []byte(one), aliasLimits); len(errs) != 0 || len(docs) != 1 {
		t.Fatalf("one expanding document within the budget: docs %d, errors %v", len(docs), errs)
	}
	var file strings.Builder
	for i, name := range []string{"a", "b", "c", "d"} {
		if i > 0 {
			file.WriteString("---\n")
		}
		file.WriteString(expanding(name, 100, 40))
	}
	var docs []Document
	var errs []Error
	alloc, took := measure(func() { docs, errs = Parse("few.yaml", []byte(file.String()), aliasLimits) })
	t.Logf("%d bytes, 4 documents of ~4k alias values each: %s, %d bytes allocated", file.Len(), took, alloc)
	// a (4k) and b (8k) fit; c goes past 10k, and d finds the budget spent.
	if len(errs) != 2 {
		t.Fatalf("errors %v; want the third and fourth documents refused", errs)
	}
	for i, line := range []int{17, 25} {
		if errs[i].Line != line || !strings.Contains(errs[i].Message, "aliases in this file expand to more than 10000 values (--max-alias-values; a YAML alias bomb?); refused") {
			t.Errorf("error %d = %v, want line %d refused by the file's alias budget", i, errs[i], line)
		}
	}
	var names []string
	for _, d := range docs {
		names = append(names, d.Object["metadata"].(map[string]any)["name"].(string))
	}
	if strings.Join(names, ",") != "a,b" {
		t.Errorf("documents kept %v, want a,b", names)
	}
}

// TestAliasExpansionIsBoundedPerRun: files that each stay within their own
// alias budget are refused once the run's budget (four files' worth) is
// spent; the files before are read.
func TestAliasExpansionIsBoundedPerRun(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for i := 0; i < 6; i++ {
		p := filepath.Join(dir, fmt.Sprintf("f%d.yaml", i))
		if err := os.WriteFile(p, []byte(expanding(fmt.Sprintf("w%d", i), 100, 90)), 0o644); err != nil { // ~9k each
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	res := Read(paths, nil, aliasLimits.ForRun())
	if len(res.Documents) != 4 {
		t.Errorf("read %d documents, want 4 (36k of the run's 40k)", len(res.Documents))
	}
	if len(res.Errors) != 2 {
		t.Fatalf("errors %v, want the last two files refused", res.Errors)
	}
	for _, e := range res.Errors {
		if !strings.Contains(e.Message, "aliases in this run's files expand to more than 40000 values in all (a YAML alias bomb?); refused") {
			t.Errorf("error %q does not name the run's budget", e.Message)
		}
	}
	// Without a run budget every file is read: the bound is the run's.
	if res := Read(paths, nil, aliasLimits); len(res.Errors) != 0 || len(res.Documents) != 6 {
		t.Errorf("per-file limits only: %d documents, errors %v", len(res.Documents), res.Errors)
	}
}

// TestLargeListIsNotAnAliasBomb: a kind: List of many items with no alias
// at all is read whatever the alias budgets (it was refused as "a YAML
// alias bomb?"); past --max-values it is refused under that name, not as a
// bomb.
func TestLargeListIsNotAnAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: List\nitems:\n")
	const items = 5_000
	for i := 0; i < items; i++ {
		fmt.Fprintf(&b, "- {apiVersion: v1, kind: ConfigMap, metadata: {name: c%d}, data: {k: v}}\n", i)
	}
	data := []byte(b.String())
	tight := aliasLimits
	tight.MaxAliasValues, tight.MaxRunAliasValues = 1, 1
	var docs []Document
	var errs []Error
	alloc, took := measure(func() { docs, errs = Parse("list.yaml", data, tight.ForRun()) })
	t.Logf("List of %d items (%d bytes): %s, %d bytes allocated", items, len(data), took, alloc)
	if len(errs) != 0 || len(docs) != items {
		t.Fatalf("docs %d, errors %v; want every item read", len(docs), errs)
	}
	small := aliasLimits
	small.MaxValues = 50_000 // the List holds ~70k
	docs, errs = Parse("list.yaml", data, small)
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "document holds more than 50000 values (--max-values); refused") || strings.Contains(errs[0].Message, "alias") {
		t.Fatalf("errors %v; want --max-values named, not an alias bomb", errs)
	}
	if len(docs) != 0 {
		t.Errorf("%d documents kept from a refused List", len(docs))
	}
}
