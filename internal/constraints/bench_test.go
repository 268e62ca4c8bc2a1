package constraints

import (
	"testing"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/policies"
)

// BenchmarkResolveDefaults is the Constraint part of a cold start: every
// policy's default Constraint admitted through its CRD, with the schema
// cache empty as in a fresh process.
func BenchmarkResolveDefaults(b *testing.B) {
	cat, err := catalog.Load(policies.FS)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		schemas.Clear()
		if got := Resolve(cat, nil); len(got) != len(cat.Policies) {
			b.Fatalf("%d constraints for %d policies", len(got), len(cat.Policies))
		}
	}
	b.ReportMetric(float64(len(cat.Policies)), "policies")
}
