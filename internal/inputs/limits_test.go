package inputs

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// measure runs f once and returns the bytes it allocated and its duration.
func measure(f func()) (uint64, time.Duration) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	f()
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, took
}

// billionLaughs is the classic alias bomb: levels of ten aliases each, so
// 10^levels strings once expanded, from a few hundred bytes of text.
func billionLaughs(levels int) []byte {
	var b strings.Builder
	b.WriteString("apiVersion: example.com/v1\nkind: Bomb\nmetadata:\n  name: lol\ndata:\n  a0: &a0 [\"lol\"]\n")
	for i := 1; i <= levels; i++ {
		b.WriteString("  a" + itoa(i) + ": &a" + itoa(i) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + itoa(i-1))
		}
		b.WriteString("]\n")
	}
	return []byte(b.String())
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestAliasBombIsRefused: the bomb is refused before any value is built;
// what it allocates is bounded by its text, not its expansion (10^9 values
// at 9 levels, 10^30 at 30), and it does not get slower with more levels.
func TestAliasBombIsRefused(t *testing.T) {
	for _, levels := range []int{9, 30} {
		data := billionLaughs(levels)
		var errs []Error
		var docs []Document
		alloc, took := measure(func() { docs, errs = Parse("bomb.yaml", data, DefaultOptions) })
		t.Logf("%d levels (%d bytes): refused in %s, %d bytes allocated", levels, len(data), took, alloc)
		if len(docs) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Message, "alias bomb") {
			t.Fatalf("docs %d, errors %v; want the bomb refused", len(docs), errs)
		}
		if alloc > 1<<20 {
			t.Errorf("%d levels: allocated %d bytes refusing a %d-byte bomb; want under 1 MiB", levels, alloc, len(data))
		}
	}
}

// TestAliasesWithinTheLimitAreExpanded: ordinary anchors and merge keys
// still work.
func TestAliasesWithinTheLimitAreExpanded(t *testing.T) {
	data := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: &l {app: web}\n  annotations:\n    <<: *l\n    x: z\nspec:\n  nodeSelector: *l\n"
	docs, errs := Parse("a.yaml", []byte(data), DefaultOptions)
	if len(errs) > 0 || len(docs) != 1 {
		t.Fatal(errs)
	}
	meta := docs[0].Object["metadata"].(map[string]any)
	if meta["annotations"].(map[string]any)["app"] != "web" || docs[0].Object["spec"].(map[string]any)["nodeSelector"].(map[string]any)["app"] != "web" {
		t.Errorf("aliases not expanded: %v", docs[0].Object)
	}
}

// TestFileSizeLimit: a file over the limit is refused without being read,
// standard input over the limit after reading at most the limit; other
// files are still read.
func TestFileSizeLimit(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	data := append([]byte(podYAML("big")), bytes.Repeat([]byte("# padding padding padding padding padding padding padding pad\n"), 1<<17)...) // 8 MiB
	if err := os.WriteFile(big, data, 0o644); err != nil {
		t.Fatal(err)
	}
	small := filepath.Join(dir, "small.yaml")
	if err := os.WriteFile(small, []byte(podYAML("s")), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := DefaultOptions
	opts.MaxFileBytes = 1 << 20
	var res Result
	alloc, took := measure(func() { res = Read([]string{big, small}, nil, opts) })
	t.Logf("8 MiB file refused in %s, %d bytes allocated", took, alloc)
	if len(res.Errors) != 1 || res.Errors[0].File != big || !strings.Contains(res.Errors[0].Message, "larger than the limit of 1048576 bytes (--max-file-size)") {
		t.Errorf("errors %v, want big.yaml refused", res.Errors)
	}
	if len(res.Documents) != 1 {
		t.Errorf("the small file was not read: %v", res.Documents)
	}
	if alloc > 256<<10 {
		t.Errorf("refusing an 8 MiB file allocated %d bytes; it should not be read", alloc)
	}

	alloc, _ = measure(func() { res = Read([]string{"-"}, bytes.NewReader(data), opts) })
	if len(res.Errors) != 1 || res.Errors[0].File != Stdin || !strings.Contains(res.Errors[0].Message, "larger than the limit") {
		t.Errorf("stdin errors %v", res.Errors)
	}
	if alloc > uint64(4*opts.MaxFileBytes) {
		t.Errorf("reading 8 MiB of stdin with a 1 MiB limit allocated %d bytes", alloc)
	}
	if res := Read([]string{big}, nil, DefaultOptions); len(res.Errors) != 0 {
		t.Errorf("8 MiB is within the default 64 MiB: %v", res.Errors)
	}
}

// TestDeepNestingIsRefused: nesting past MaxDepth is refused, in block
// YAML, flow YAML and JSON, including 100k levels that would overflow a
// recursive parser; memory stays proportional to the text.
func TestDeepNestingIsRefused(t *testing.T) {
	wrap := func(n int) string {
		return "{\"apiVersion\": \"example.com/v1\", \"kind\": \"Deep\", \"metadata\": {\"name\": \"deep\"}, \"data\": " +
			strings.Repeat("[", n) + strings.Repeat("]", n) + "}\n"
	}
	block := func(n int) string {
		var b strings.Builder
		b.WriteString("apiVersion: example.com/v1\nkind: Deep\nmetadata:\n  name: deep\ndata:\n")
		for i := 0; i < n; i++ {
			b.WriteString(strings.Repeat(" ", i+1) + "k:\n")
		}
		return b.String()
	}
	tests := []struct {
		name, file, data, msg string
	}{
		{"flow YAML past our limit", "a.yaml", wrap(500), "nests deeper than 200 levels"},
		{"flow YAML 5000 deep", "a.yaml", wrap(5000), "nests deeper than 200 levels"},
		{"JSON 5000 deep", "a.json", wrap(5000), "nests deeper than 200 levels"},
		{"flow YAML past yaml.v3's limit", "a.yaml", wrap(100_000), "nests too deeply"},
		{"JSON past our limit", "a.json", wrap(500), "nests deeper than 200 levels"},
		{"JSON past encoding/json's limit", "a.json", wrap(100_000), "exceeded max depth"},
		{"block YAML past our limit", "a.yaml", block(300), "nests deeper than 200 levels"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var docs []Document
			var errs []Error
			alloc, took := measure(func() { docs, errs = Parse(tc.file, []byte(tc.data), DefaultOptions) })
			t.Logf("%d bytes refused in %s, %d bytes allocated", len(tc.data), took, alloc)
			if len(docs) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Message, tc.msg) || errs[0].Line < 1 {
				t.Fatalf("docs %d, errors %v; want one error containing %q", len(docs), errs, tc.msg)
			}
			if alloc > uint64(512*len(tc.data))+1<<20 { // yaml.v3 nodes cost ~300 bytes each
				t.Errorf("allocated %d bytes for %d bytes of text", alloc, len(tc.data))
			}
		})
	}
	if _, errs := Parse("a.yaml", []byte(wrap(150)), DefaultOptions); len(errs) != 0 {
		t.Errorf("150 levels are within the limit: %v", errs)
	}
}

// TestManyDocumentsStayCheap: the stream is cut at every "---" so a broken
// document hides none after it, but pieces are decoded in batches, so a
// file of a million empty documents (or of 100k small ones, one broken)
// costs little more than its text.
func TestManyDocumentsStayCheap(t *testing.T) {
	small := "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
	tests := []struct {
		name       string
		data       string
		docs, errs int
	}{
		{"a million empty documents", strings.Repeat("---\n", 1<<20), 0, 1},
		{"100k small documents", strings.Repeat(small, 100_000), 100_000, 0},
		{"100k small documents, one broken", strings.Repeat(small, 50_000) + "---\nkey: [\n" + strings.Repeat(small, 50_000), 100_000, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var docs []Document
			var errs []Error
			alloc, took := measure(func() { docs, errs = Parse("a.yaml", []byte(tc.data), DefaultOptions) })
			t.Logf("%d bytes: %s, %d bytes allocated (%.0f per byte of text)", len(tc.data), took, alloc, float64(alloc)/float64(len(tc.data)))
			if len(docs) != tc.docs || len(errs) != tc.errs {
				t.Fatalf("%d documents and %d errors, want %d and %d", len(docs), len(errs), tc.docs, tc.errs)
			}
			if alloc > uint64(400*len(tc.data)) {
				t.Errorf("allocated %d bytes for %d bytes of text", alloc, len(tc.data))
			}
		})
	}
}
