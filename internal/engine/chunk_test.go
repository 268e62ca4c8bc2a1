package engine

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/catalog"
)

func TestChunkSplitsEveryPolicyOnceAndEvenly(t *testing.T) {
	var policies []*catalog.Policy
	for i := range 20 {
		policies = append(policies, &catalog.Policy{ID: fmt.Sprintf("p%02d", i), Input: "kubernetes", Source: strings.Repeat("x", 100+i*50)})
	}
	for _, tc := range []struct{ n, groups int }{{0, 1}, {1, 1}, {2, 2}, {3, 3}, {20, 20}, {64, 20}} {
		t.Run(fmt.Sprint(tc.n), func(t *testing.T) {
			chunks := chunk(policies, tc.n)
			require.Len(t, chunks, tc.groups)
			var all []*catalog.Policy
			sizes := make([]int, len(chunks))
			for i, c := range chunks {
				require.NotEmpty(t, c)
				require.True(t, slices.IsSortedFunc(c, func(a, b *catalog.Policy) int { return strings.Compare(a.ID, b.ID) }), "catalog order kept")
				for _, p := range c {
					sizes[i] += len(p.Source)
				}
				all = append(all, c...)
			}
			require.ElementsMatch(t, policies, all)
			largest := slices.MaxFunc(policies, func(a, b *catalog.Policy) int { return len(a.Source) - len(b.Source) })
			require.LessOrEqual(t, slices.Max(sizes)-slices.Min(sizes), len(largest.Source), "groups differ by at most one policy's size: %v", sizes)
			require.Equal(t, chunks, chunk(policies, tc.n), "the same split every time")
		})
	}
}
