package engine

import (
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/shipshape-dev/shipshape/internal/catalog"
)

// sharedValues holds, for one merge of kubeconfigs, the values of the
// rules policies declare in custom.shared: rules that read only
// input.review.merged, the same for every document of the merge, such as
// an index of every name the merge defines. Computed on the first document
// and reused on the others, they keep a run linear in the number of
// kubeconfigs instead of building the index again per document.
type sharedValues struct {
	refs map[string]bool // data.<package>.<rule> of every shared rule
	mu   sync.Mutex
	vals map[string]*ast.Term
}

func newSharedValues(cat *catalog.Catalog) *sharedValues {
	s := &sharedValues{refs: map[string]bool{}, vals: map[string]*ast.Term{}}
	for _, p := range cat.Policies {
		for _, rule := range p.Shared {
			s.refs["data."+p.Package+"."+rule] = true
		}
	}
	return s
}

// over is a virtual cache that keeps the shared rules' values in s and
// every other value in the document's own cache.
func (s *sharedValues) over(doc topdown.VirtualCache) topdown.VirtualCache {
	if len(s.refs) == 0 {
		return doc
	}
	return &sharedCache{VirtualCache: doc, s: s}
}

type sharedCache struct {
	topdown.VirtualCache
	s     *sharedValues
	depth int // frames pushed by `with`, under which input may differ
}

func (c *sharedCache) Push() { c.depth++; c.VirtualCache.Push() }
func (c *sharedCache) Pop()  { c.depth--; c.VirtualCache.Pop() }

func (c *sharedCache) shares(ref ast.Ref) (string, bool) {
	if c.depth > 0 {
		return "", false
	}
	key := ref.String()
	return key, c.s.refs[key]
}

func (c *sharedCache) Get(ref ast.Ref) (*ast.Term, bool) {
	if key, ok := c.shares(ref); ok {
		c.s.mu.Lock()
		v, found := c.s.vals[key]
		c.s.mu.Unlock()
		if found {
			return v, false
		}
		return nil, false
	}
	return c.VirtualCache.Get(ref)
}

func (c *sharedCache) Put(ref ast.Ref, value *ast.Term) {
	if key, ok := c.shares(ref); ok && value != nil {
		c.s.mu.Lock()
		c.s.vals[key] = value
		c.s.mu.Unlock()
	}
	c.VirtualCache.Put(ref, value)
}
