package e2e

import (
	"fmt"
	"math/rand"
	"regexp"
	"strings"
)

// Generated is one document of the differential test.
type Generated struct {
	Name  string // the object's metadata.name
	Shape string // which shapes it combines, for the failure message
	YAML  []byte
}

// shape rewrites a Pod written as YAML lines; it may use the anchors the
// base defines.
type shape struct {
	name  string
	apply func(r *rand.Rand, doc string) string
}

// The shapes of issue 12 (decoding as kubectl does) and plain mutations of
// a compliant Pod. Add a shape here to extend the test.
var shapes = []shape{
	{"yaml11-privileged", func(r *rand.Rand, d string) string {
		return strings.Replace(d, "privileged: false", "privileged: "+pick(r, "yes", "on", "Y", "true", "On", "no", "off", "n"), 1)
	}},
	{"yaml11-escalation", func(r *rand.Rand, d string) string {
		return strings.Replace(d, "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: "+pick(r, "no", "off", "N", "yes", "true"), 1)
	}},
	{"yaml11-hostnetwork", func(r *rand.Rand, d string) string {
		return strings.Replace(d, "  hostNetwork: false", "  hostNetwork: "+pick(r, "On", "yes", "Y", "off"), 1)
	}},
	{"merge-list", func(r *rand.Rand, d string) string {
		return strings.Replace(d, "    securityContext: *sc", "    securityContext:\n      <<: [*sc, *priv]", 1)
	}},
	{"merge-override", func(r *rand.Rand, d string) string {
		return strings.Replace(d, "    securityContext: *sc", "    securityContext:\n      <<: *sc\n      readOnlyRootFilesystem: "+pick(r, "false", "true"), 1)
	}},
	{"null-procmount", func(r *rand.Rand, d string) string {
		return strings.Replace(d, "    securityContext: *sc", "    securityContext:\n      <<: *sc\n      procMount: "+pick(r, "~", "null"), 1)
	}},
	{"null-hostport", func(r *rand.Rand, d string) string {
		return strings.Replace(d, "    - containerPort: 8080", "    - containerPort: 8080\n      hostPort: "+pick(r, "~", "null"), 1)
	}},
	{"null-runasnonroot", func(r *rand.Rand, d string) string {
		return strings.Replace(d, "    securityContext: *sc", "    securityContext:\n      <<: *sc\n      runAsNonRoot: "+pick(r, "~", "null"), 1)
	}},
	{"quantity", func(r *rand.Rand, d string) string {
		return strings.Replace(strings.Replace(d, "memory: 128Mi", "memory: "+pick(r, "128Mi", "134217728", "128e6", "0.125Gi", "131072Ki", "128M", `"128Mi"`), -1),
			"cpu: 100m", "cpu: "+pick(r, "100m", "0.1", `"0.1"`, "1", "1e-1"), -1)
	}},
	{"crlf", func(r *rand.Rand, d string) string { return strings.ReplaceAll(d, "\n", "\r\n") }},
	{"typed-list", func(r *rand.Rand, d string) string {
		lines := strings.Split(strings.TrimRight(d, "\n"), "\n")
		for i, l := range lines {
			if i == 0 {
				lines[i] = "- " + l
			} else {
				lines[i] = "  " + l
			}
		}
		return "apiVersion: v1\nkind: PodList\nitems:\n" + strings.Join(lines, "\n") + "\n"
	}},
	{"no-probes", func(r *rand.Rand, d string) string {
		return strings.Replace(d, "    readinessProbe: {tcpSocket: {port: 8080}}\n", "", 1)
	}},
	{"latest-tag", func(r *rand.Rand, d string) string {
		return strings.Replace(d, "image: registry.example.com/shop/web:1.4.2", "image: "+pick(r, "nginx", "nginx:latest", "registry.example.com/shop/web"), 1)
	}},
}

func pick(r *rand.Rand, vs ...string) string { return vs[r.Intn(len(vs))] }

var (
	privilegedValue = regexp.MustCompile(`privileged: (\S+)`)
	escalationValue = regexp.MustCompile(`allowPrivilegeEscalation: (\S+)`)
)

// valid keeps a document one the API server accepts: it refuses a
// privileged container that sets allowPrivilegeEscalation false, so such a
// mix would compare the API server's validation, not the policies.
func valid(doc string) string {
	p := privilegedValue.FindStringSubmatch(doc)
	e := escalationValue.FindStringSubmatch(doc)
	if p != nil && e != nil && yaml11True(p[1]) && !yaml11True(e[1]) {
		doc = escalationValue.ReplaceAllString(doc, "allowPrivilegeEscalation: true")
	}
	return doc
}

// yaml11True tells whether a plain scalar is true in YAML 1.1, as
// sigs.k8s.io/yaml reads it.
func yaml11True(s string) bool {
	switch strings.TrimRight(s, "\r") {
	case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON":
		return true
	}
	return false
}

// base is a Pod that aims to pass every check; the shapes mutate it. The
// anchors sc and priv live in the containers' securityContexts.
const base = `apiVersion: v1
kind: Pod
metadata:
  name: NAME
  namespace: NAMESPACE
  labels:
    app: web
spec:
  hostNetwork: false
  automountServiceAccountToken: false
  securityContext:
    runAsNonRoot: true
    seccompProfile: {type: RuntimeDefault}
  containers:
  - name: web
    image: registry.example.com/shop/web:1.4.2
    ports:
    - containerPort: 8080
    securityContext: &sc
      privileged: false
      allowPrivilegeEscalation: false
      readOnlyRootFilesystem: true
      capabilities: {drop: [ALL]}
    resources:
      requests: {cpu: 100m, memory: 128Mi}
      limits: {cpu: 100m, memory: 128Mi}
    readinessProbe: {tcpSocket: {port: 8080}}
    livenessProbe: {tcpSocket: {port: 8080}}
  - name: sidecar
    image: registry.example.com/shop/sidecar:2.0.1
    securityContext: &priv
      <<: *sc
    resources:
      requests: {cpu: 100m, memory: 128Mi}
      limits: {cpu: 100m, memory: 128Mi}
    readinessProbe: {tcpSocket: {port: 9090}}
    livenessProbe: {tcpSocket: {port: 9090}}
`

// Generate returns n documents for seed: each the base Pod with one to
// three shapes applied (a list shape last, so it wraps the rest).
func Generate(seed int64, n int, namespace string) []Generated {
	r := rand.New(rand.NewSource(seed))
	var out []Generated
	for i := range n {
		name := fmt.Sprintf("gen-%d-%d", seed, i)
		doc := strings.Replace(strings.Replace(base, "NAME", name, 1), "NAMESPACE", namespace, 1)
		k := 1 + r.Intn(3)
		var used []string
		var wrap []shape
		for range k {
			s := shapes[r.Intn(len(shapes))]
			if s.name == "typed-list" || s.name == "crlf" {
				wrap = append(wrap, s)
				continue
			}
			doc = s.apply(r, doc)
			used = append(used, s.name)
		}
		for _, s := range wrap {
			if s.name == "typed-list" {
				doc = s.apply(r, doc)
				used = append(used, s.name)
				break
			}
		}
		for _, s := range wrap {
			if s.name == "crlf" {
				doc = s.apply(r, doc)
				used = append(used, s.name)
				break
			}
		}
		out = append(out, Generated{Name: name, Shape: strings.Join(used, "+"), YAML: []byte(valid(doc))})
	}
	return out
}
