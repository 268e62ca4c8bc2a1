package gotest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUserRegoIsSandboxed: `shipshape test --policies DIR` compiles the
// user's Rego (policies and tests) under the engine's capabilities: a call
// that reaches the network, the host's files or its environment is refused
// before anything runs, with the file, line and built-in named; no request
// reaches the server and no variable is printed.
func TestUserRegoIsSandboxed(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	for _, c := range []struct {
		name, file, body string
	}{
		{"http.send", "escape_test.rego", `test_x if { http.send({"method": "get", "url": "` + srv.URL + `"}).status_code == 200 }`},
		{"net.lookup_ip_addr", "escape_test.rego", `test_x if { count(net.lookup_ip_addr("localhost")) > 0 }`},
		{"opa.runtime", "escape_test.rego", `test_x if { print(opa.runtime().env.SHIPSHAPE_SECRET) }`},
		{"json.match_schema", "escape_test.rego", `test_x if { json.match_schema({}, {"$ref": "file:///etc/passwd"}) }`},
		{"http.send", "escape.rego", `leak := http.send({"method": "get", "url": "` + srv.URL + `"})`},
	} {
		t.Run(c.name+" in "+c.file, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.CopyFS(dir, os.DirFS(PoliciesDir())))
			pkg := "package shipshape.kubernetes.image_tag_pinned"
			if c.file == "escape_test.rego" {
				pkg += "_test"
			}
			file := filepath.Join(dir, "kubernetes", "image-tag-pinned", c.file)
			require.NoError(t, os.WriteFile(file, []byte(pkg+"\n\n"+c.body+"\n"), 0o644))
			t.Setenv("SHIPSHAPE_SECRET", "s3cr3t-value")
			res := runCLI(t, "", "test", "--policies", dir)
			assert.Equal(t, 2, res.code, res.stdout+res.stderr)
			assert.Contains(t, res.stderr, "kubernetes/image-tag-pinned/"+c.file+":3:")
			assert.Contains(t, res.stderr, "built-in "+c.name+" is not allowed in shipshape policies")
			assert.NotContains(t, res.stdout+res.stderr, "s3cr3t-value")
			assert.Zero(t, hits.Load(), "a request reached the server")
		})
	}
}
