package inputs

import "testing"

// FuzzParseDockerfile feeds arbitrary bytes, named as Dockerfiles and YAML, to both parsers: they may refuse the
// input, never panic, and every error names the file.
func FuzzParseDockerfile(f *testing.F) {
	f.Add("Dockerfile", []byte("ARG V=1\nFROM alpine:${V} AS a\nCOPY --from=a / /\nCMD [\"x\"]\n"))
	f.Add("x.yaml", []byte("apiVersion: v1\nkind: Config\nclusters: []\n"))
	f.Add("Dockerfile", []byte("FROM a\nRUN <<EOF\nx\nEOF\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if name == "" {
			name = "x"
		}
		_, errs := Parse(name, data, DefaultOptions)
		for _, e := range errs {
			if e.File != name {
				t.Fatalf("error without the file: %v", e)
			}
		}
	})
}
