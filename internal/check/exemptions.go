package check

import (
	"fmt"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
)

// exemptionMistakes reports, offline, the exemption annotations
// (exemptionLike) on Kubernetes objects that can exempt nothing because of
// their name: an exemption or expiry for a check ID the catalog does not have
// for Kubernetes objects (a typo, or a Dockerfile or plan check), an
// expiry without its reason, or a key that is neither prefix. The policies
// cannot tell (Gatekeeper does not know the catalog, and each policy reads
// only its own ID), so a misspelt exemption used to be ignored without a
// word while the finding it meant to waive stayed. Each mistake is one
// warn finding on the object, at the annotation, naming the nearest
// annotation that would work. Mistakes in the value (an empty or
// non-string reason, an impossible date) are reported by the policies
// themselves (policies/lib/exemptions.rego), in Gatekeeper too.
func exemptionMistakes(cat *catalog.Catalog, docs []inputs.Document) []engine.Finding {
	var out []engine.Finding
	var known []string // the annotation names that work, built on first need
	for i := range docs {
		d := &docs[i]
		if d.Input != inputs.KindKubernetes {
			continue
		}
		meta, _ := d.Object["metadata"].(map[string]any)
		ann, _ := meta["annotations"].(map[string]any)
		var keys []string
		for k := range ann {
			if exemptionLike(k) {
				keys = append(keys, k)
			}
		}
		if len(keys) == 0 {
			continue
		}
		sort.Strings(keys)
		var base *engine.Finding
		for _, k := range keys {
			msg := exemptionMistake(cat, ann, k, d.Object, &known)
			if msg == "" {
				continue
			}
			if base == nil {
				base = mistakeBase(d)
			}
			f := *base
			f.Message = msg
			f.Details = map[string]any{"field": "metadata.annotations." + k, "annotation": k}
			out = append(out, f)
		}
	}
	return out
}

// exemptionLike tells whether annotation k is meant as an exemption: in
// the shipshape.dev domain, and its name begins with "exempt" or with a
// word a typo or two away from "exempt" or "exempt-until" before the first
// dot. Other shipshape.dev annotations (a user's own, such as
// shipshape.dev/legacy) are left alone.
func exemptionLike(k string) bool {
	name, ok := strings.CutPrefix(k, catalog.ExemptDomain)
	if !ok {
		return false
	}
	if strings.HasPrefix(name, "exempt") {
		return true
	}
	word, _, _ := strings.Cut(name, ".")
	word = strings.ToLower(word)
	return editDistance(word, "exempt") <= 2 || editDistance(word, "exempt-until") <= 2
}

// exemptionMistake says why annotation k of obj exempts nothing, or "".
func exemptionMistake(cat *catalog.Catalog, ann map[string]any, k string, obj map[string]any, known *[]string) string {
	what := objectName(obj)
	var id, prefix string
	switch {
	case strings.HasPrefix(k, catalog.ExemptPrefix):
		id, prefix = strings.TrimPrefix(k, catalog.ExemptPrefix), catalog.ExemptPrefix
	case strings.HasPrefix(k, catalog.ExemptUntilPrefix):
		id, prefix = strings.TrimPrefix(k, catalog.ExemptUntilPrefix), catalog.ExemptUntilPrefix
	default:
		return fmt.Sprintf("annotation %s on %s is not a shipshape annotation (%s<check-id> or %s<check-id>), so it exempts nothing%s",
			k, what, catalog.ExemptPrefix, catalog.ExemptUntilPrefix, suggestion(k, knownAnnotations(cat, known)))
	}
	if cat.PolicyFor(catalog.InputKubernetes, id) != nil {
		if prefix == catalog.ExemptUntilPrefix {
			if _, ok := ann[catalog.ExemptPrefix+id]; !ok {
				return fmt.Sprintf("annotation %s on %s is an expiry without a reason, so it exempts nothing; add %s%s: \"<why>\" beside it, or remove it",
					k, what, catalog.ExemptPrefix, id)
			}
		}
		return ""
	}
	if p := cat.Policy(id); p != nil {
		return fmt.Sprintf("annotation %s on %s names check %s, which judges %s input, not Kubernetes objects, so it exempts nothing; configure that check with a Constraint or --skip it",
			k, what, id, p.Input)
	}
	return fmt.Sprintf("annotation %s on %s names no check (%q is not a check ID), so it exempts nothing%s",
		k, what, id, suggestion(k, knownAnnotations(cat, known)))
}

// knownAnnotations lists every annotation name that exempts an object:
// both prefixes with the ID of every check that judges Kubernetes objects.
func knownAnnotations(cat *catalog.Catalog, known *[]string) []string {
	if *known == nil {
		for _, p := range cat.Policies {
			if p.Input == catalog.InputKubernetes {
				*known = append(*known, catalog.ExemptPrefix+p.ID, catalog.ExemptUntilPrefix+p.ID)
			}
		}
	}
	return *known
}

// suggestion names the known annotation nearest to k when it is near
// enough to be a misspelling of it (an edit distance of at most a third
// of its length, or one name beginning the other), else points at the
// list of checks.
func suggestion(k string, known []string) string {
	best, bestDist := "", -1
	for _, c := range known {
		d := editDistance(strings.ToLower(k), strings.ToLower(c))
		if bestDist < 0 || d < bestDist || d == bestDist && c < best {
			best, bestDist = c, d
		}
	}
	if best != "" && (bestDist <= max(2, len(best)/3) || strings.HasPrefix(best, k) || strings.HasPrefix(k, best)) {
		return fmt.Sprintf("; did you mean %s?", best)
	}
	return "; `shipshape policies` lists the check IDs"
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// mistakeBase is what a finding about an annotation of d carries: the
// object as the engine names it, and its hash as Rego sees it, so that a
// duplicate of the object is reported once with the engine's findings.
func mistakeBase(d *inputs.Document) *engine.Finding {
	meta, _ := d.Object["metadata"].(map[string]any)
	f := &engine.Finding{Policy: catalog.ExemptionAnnotationCheck, Action: "warn", File: d.File, Line: d.Line,
		Source: d.Source, Input: d.Input, DocumentLine: d.Line}
	f.APIVersion, _ = d.Object["apiVersion"].(string)
	f.Kind, _ = d.Object["kind"].(string)
	f.Namespace, _ = meta["namespace"].(string)
	f.Name, _ = meta["name"].(string)
	if v, err := ast.InterfaceToValue(d.Object); err == nil {
		f.ObjectHash = v.Hash()
	}
	return f
}

// objectName names an object as kubectl would: Kind namespace/name.
func objectName(obj map[string]any) string {
	kind, _ := obj["kind"].(string)
	meta, _ := obj["metadata"].(map[string]any)
	name, _ := meta["name"].(string)
	if name == "" {
		name = "<unnamed>"
	}
	if ns, _ := meta["namespace"].(string); ns != "" {
		name = ns + "/" + name
	}
	return kind + " " + name
}
