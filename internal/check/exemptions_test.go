package check_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/check"
)

// TestExemptionAnnotationMistakesAreReported: an exemption annotation that
// names no check of the catalog exempts nothing, and the offline run says
// so on the object, at the annotation's line, naming the nearest annotation
// that works; so do an expiry without its reason, a key of the
// shipshape.dev domain that is neither prefix, and an exemption for a check
// that does not judge Kubernetes objects. Correct annotations give none.
// Streamed runs (one policy) and runs that keep every document (the whole
// catalog) agree.
func TestExemptionAnnotationMistakesAreReported(t *testing.T) {
	cat := loadCatalog(t)
	tests := []struct {
		name       string
		annotation string // "key: value" lines, indented by the test
		want       string // substring of the one mistake's message; "" for none
	}{
		{"misspelt check ID", `shipshape.dev/exempt.image-tag-pined: "vendor image"`,
			`annotation shipshape.dev/exempt.image-tag-pined on Pod shop/web names no check ("image-tag-pined" is not a check ID), so it exempts nothing; did you mean shipshape.dev/exempt.image-tag-pinned?`},
		{"misspelt expiry ID", "shipshape.dev/exempt.image-tag-pinned: \"vendor image\"\nshipshape.dev/exempt-until.image-tag-pined: \"2999-01-01\"",
			`did you mean shipshape.dev/exempt-until.image-tag-pinned?`},
		{"misspelt prefix", `shipshape.dev/exempt-image-tag-pinned: "vendor image"`,
			`annotation shipshape.dev/exempt-image-tag-pinned on Pod shop/web is not a shipshape annotation (shipshape.dev/exempt.<check-id> or shipshape.dev/exempt-until.<check-id>), so it exempts nothing; did you mean shipshape.dev/exempt.image-tag-pinned?`},
		{"expiry without a reason", `shipshape.dev/exempt-until.image-tag-pinned: "2999-01-01"`,
			`is an expiry without a reason, so it exempts nothing; add shipshape.dev/exempt.image-tag-pinned: "<why>" beside it`},
		{"check of another input", `shipshape.dev/exempt.dockerfile-exec-form: "not a Dockerfile"`,
			`names check dockerfile-exec-form, which judges dockerfile input, not Kubernetes objects`},
		{"nothing near", `shipshape.dev/exempt.zzzzzzzzzzzzzzzzzzzzzzzzzzzzz: "x"`,
			"; `shipshape policies` lists the check IDs"},
		{"correct exemption", `shipshape.dev/exempt.image-tag-pinned: "vendor image"`, ""},
		{"correct exemption with expiry", "shipshape.dev/exempt.image-tag-pinned: \"vendor image\"\nshipshape.dev/exempt-until.image-tag-pinned: \"2999-01-01\"", ""},
		{"misspelt prefix word", `shipshape.dev/exmpt.image-tag-pinned: "vendor image"`,
			`is not a shipshape annotation (shipshape.dev/exempt.<check-id> or shipshape.dev/exempt-until.<check-id>), so it exempts nothing; did you mean shipshape.dev/exempt.image-tag-pinned?`},
		{"another domain", `example.com/exempt.image-tag-pined: "not ours"`, ""},
		{"another annotation of the domain", `shipshape.dev/legacy: "true"`, ""},
	}
	for _, tt := range tests {
		for _, policies := range [][]string{{"image-tag-pinned"}, nil} {
			name := tt.name + "/whole catalog"
			if policies != nil {
				name = tt.name + "/streamed"
			}
			t.Run(name, func(t *testing.T) {
				ann := "    " + strings.ReplaceAll(tt.annotation, "\n", "\n    ")
				doc := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\n  annotations:\n" + ann + "\nspec:\n  containers:\n  - name: web\n    image: nginx:latest\n"
				file := filepath.Join(t.TempDir(), "pod.yaml")
				require.NoError(t, os.WriteFile(file, []byte(doc), 0o644))
				rep, err := check.Run(context.Background(), cat, check.Params{Paths: []string{file}, Policies: policies})
				require.NoError(t, err)
				require.Empty(t, rep.Errors)
				var got []string
				for _, f := range rep.Findings {
					if f.Policy != catalog.ExemptionAnnotationCheck {
						continue
					}
					got = append(got, f.Message)
					assert.Equal(t, "warn", f.Action)
					assert.Equal(t, "Pod", f.Kind)
					assert.Equal(t, 1, f.Line)
					key, _ := f.Details["annotation"].(string)
					assert.Equal(t, 7+strings.Count(tt.annotation[:strings.Index(tt.annotation, key)], "\n"), f.FieldLine, "the annotation's line")
				}
				if tt.want == "" {
					assert.Empty(t, got)
					return
				}
				require.Len(t, got, 1, "one finding per mistaken annotation")
				assert.Contains(t, got[0], tt.want)
				// The finding it meant to waive is still reported (the
				// correct annotation of "misspelt expiry ID" waives it).
				if tt.name != "misspelt expiry ID" {
					tagged := 0
					for _, f := range rep.Findings {
						if f.Policy == "image-tag-pinned" && !f.Exempted {
							tagged++
						}
					}
					assert.Equal(t, 1, tagged)
				}
			})
		}
	}
}

// TestExemptionMistakeIsReportedOnceForADuplicate: the same object given
// twice is reported once, its annotation mistake too.
func TestExemptionMistakeIsReportedOnceForADuplicate(t *testing.T) {
	doc := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\n  annotations:\n    shipshape.dev/exempt.image-tag-pined: \"x\"\nspec:\n  containers:\n  - name: web\n    image: nginx:latest\n"
	dir := t.TempDir()
	for _, n := range []string{"a.yaml", "b.yaml"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, n), []byte(doc), 0o644))
	}
	for _, policies := range [][]string{{"image-tag-pinned"}, nil} {
		rep, err := check.Run(context.Background(), loadCatalog(t), check.Params{Paths: []string{dir}, Policies: policies})
		require.NoError(t, err)
		n := 0
		for _, f := range rep.Findings {
			if f.Policy == catalog.ExemptionAnnotationCheck {
				n++
				assert.Equal(t, filepath.Join(dir, "a.yaml"), f.File)
			}
		}
		assert.Equal(t, 1, n, "policies %v", policies)
		require.Len(t, rep.Duplicates, 1)
	}
}
