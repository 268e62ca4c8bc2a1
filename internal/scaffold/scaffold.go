// Package scaffold writes the folder of a new policy (shipshape new policy):
// policy.rego with the METADATA the catalog requires, policy_test.rego,
// suite.yaml in gator's format and samples/ with an allowed and a denied
// document and a Constraint. The folder loads in the catalog and its
// templates build, but its rule is a TODO that finds nothing, so the test
// and the suite case that expect the denied sample to be denied fail until
// the author writes the check.
//
// It owns only the text of a new folder; it does not evaluate, and it
// never writes over an existing file.
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/shipshape-dev/shipshape/internal/catalog"
)

// File is one file of a new policy folder, its path relative to the
// policies root.
type File struct {
	Path string
	Data []byte
}

// Options are the choices a new policy starts with.
type Options struct {
	Action string // default enforcement action; "deny" when empty
}

// input holds what a new policy of one input kind starts from: the METADATA
// kinds, the library that names a document in messages, the document the
// unit tests judge, and the samples.
type input struct {
	kinds    string // custom.kinds
	lib      string // the library package besides exemptions, if any
	describe string // Rego expression naming obj in a message
	// prefix is how the denied sample (and the unit test's denied
	// document) is named at the start of a message.
	prefix, testPrefix string
	testDoc            string // Rego value of the document in the unit tests
	sampleExt          string // allowed-example<ext>, denied-example<ext>
	allowed, denied    string
}

// inputsByKind has an entry for every kind catalog.Inputs lists; a test
// fails when an input kind has none.
var inputsByKind = map[string]input{
	catalog.InputKubernetes: {
		kinds:      "[workloads]",
		lib:        "workload",
		describe:   "workload.describe(obj)",
		prefix:     "Deployment denied-example",
		testPrefix: "Deployment web",
		testDoc: `{
	"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"},
	"spec": {"template": {"spec": {"containers": [{"name": "app", "image": "registry.example.com/shop/web:1.0.0"}]}}},
}`,
		sampleExt: ".yaml",
		allowed:   kubernetesSample("allowed-example", "follows the practice"),
		denied:    kubernetesSample("denied-example", "breaks the practice"),
	},
	catalog.InputDockerfile: {
		kinds:      "[Dockerfile]",
		lib:        "dockerfile",
		describe:   "dockerfile.describe(obj)",
		prefix:     "Dockerfile ",
		testPrefix: "Dockerfile Dockerfile",
		testDoc: `{"kind": "Dockerfile", "metadata": {"name": "Dockerfile"}, "stages": [{
	"index": 0, "name": "", "base": "alpine:3.20", "line": 1,
	"instructions": [{"cmd": "CMD", "form": "exec", "args": ["/app"], "line": 2, "original": "CMD [\"/app\"]"}],
}]}`,
		sampleExt: ".Dockerfile",
		allowed:   "# TODO: a Dockerfile that follows the practice.\nFROM alpine:3.20\nCOPY app /app\nCMD [\"/app\"]\n",
		denied:    "# TODO: change this Dockerfile so it breaks the practice.\nFROM alpine:3.20\nCOPY app /app\nCMD [\"/app\"]\n",
	},
	catalog.InputKubeconfig: {
		kinds:      "[Config]",
		describe:   `"kubeconfig"`,
		prefix:     "kubeconfig",
		testPrefix: "kubeconfig",
		testDoc: `{
	"apiVersion": "v1", "kind": "Config",
	"clusters": [{"name": "prod", "cluster": {"server": "https://10.0.0.10:6443"}}],
	"users": [{"name": "prod-admin", "user": {}}],
	"contexts": [{"name": "prod-admin@prod", "context": {"cluster": "prod", "user": "prod-admin"}}],
}`,
		sampleExt: ".yaml",
		allowed:   kubeconfigSample("follows the practice"),
		denied:    kubeconfigSample("breaks the practice"),
	},
	catalog.InputPlan: {
		kinds:      "[ClusterPlan]",
		lib:        "plan",
		describe:   "plan.describe(obj)",
		prefix:     "ClusterPlan denied-example",
		testPrefix: "ClusterPlan p",
		testDoc: `{"apiVersion": "shipshape.dev/v1alpha1", "kind": "ClusterPlan", "metadata": {"name": "p"}, "spec": {
	"environment": "production",
	"network": {"plugin": "terway", "vpcCIDR": "192.168.0.0/16", "serviceCIDR": "172.21.0.0/20", "podIPsPerNode": 64, "podVSwitches": [{"cidr": "192.168.64.0/19"}]},
	"nodePools": [{"name": "workers", "role": "worker", "count": 3, "zones": ["a", "b"], "cpu": 16, "memory": "64Gi"}],
}}`,
		sampleExt: ".yaml",
		allowed:   planSample("allowed-example", "follows the practice"),
		denied:    planSample("denied-example", "breaks the practice"),
	},
}

func kubernetesSample(name, what string) string {
	return `# TODO: an object that ` + what + `.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ` + name + `
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: registry.example.com/shop/web:1.0.0
`
}

func kubeconfigSample(what string) string {
	return `# TODO: a kubeconfig that ` + what + `.
apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://10.0.0.10:6443
users:
- name: prod-admin
  user:
    client-certificate-data: UkVEQUNURUQ=
contexts:
- name: prod-admin@prod
  context:
    cluster: prod
    user: prod-admin
current-context: prod-admin@prod
`
}

func planSample(name, what string) string {
	return `# TODO: a cluster plan that ` + what + ` (docs/cluster-plan.md).
apiVersion: shipshape.dev/v1alpha1
kind: ClusterPlan
metadata:
  name: ` + name + `
spec:
  environment: production
  network:
    plugin: terway
    vpcCIDR: 192.168.0.0/16
    podVSwitches:
    - name: pods-h
      zone: cn-hangzhou-h
      cidr: 192.168.64.0/19
    serviceCIDR: 172.21.0.0/20
    podIPsPerNode: 64
    snat: true
  nodePools:
  - name: workers
    role: worker
    count: 3
    zones: [cn-hangzhou-h, cn-hangzhou-i]
    cpu: 16
    memory: 64Gi
    systemDisk:
      size: 120Gi
      category: cloud_essd
    dataDisks:
    - size: 200Gi
      category: cloud_essd
`
}

const policyText = `# METADATA
# title: 'TODO: what holds when the check passes, in one line'
# description: >-
#   TODO: what the check requires, why it matters (what breaks otherwise)
#   and how to fix a finding. docs/policies.md and shipshape explain show
#   this text.
# custom:
#   section: 'TODO: the section of the source document the practice comes from (F)'
#   input: {{INPUT}}
#   kinds: {{KINDS}}
#   action: {{ACTION}}
package {{PACKAGE}}

{{IMPORTS}}
violation contains v if some v in exemptions.enforce(input.review.object, "{{ID}}", findings)

findings contains finding if {
	obj := input.review.object
	breaks_the_practice(obj)
	finding := {
		"msg": sprintf("%s: TODO say what is wrong, where, and how to fix it", [{{DESCRIBE}}]),
		"details": {"field": "TODO: the field at fault, e.g. spec.template.spec.containers[0]"},
	}
}

# TODO: true when obj breaks the practice. As written it holds for no
# document, so the tests that expect the denied sample to be denied fail.
breaks_the_practice(_) := false
`

const testText = `package {{PACKAGE}}_test

import data.{{PACKAGE}}.violation

# TODO: the document of each test: one that follows the practice and one
# that breaks it (as samples/allowed-example{{EXT}} and samples/denied-example{{EXT}}).
allowed := {{DOC}}

denied := {{DOC}}

review(obj) := {"review": {"object": obj}, "parameters": {}}

test_allowed_passes if {
	count(violation) == 0 with input as review(allowed)
}

test_denied_is_denied if {
	vs := violation with input as review(denied)
	count(vs) == 1
	some v in vs
	startswith(v.msg, "{{TESTPREFIX}}: ")
	not contains(v.msg, "TODO")
}
`

const suiteText = `kind: Suite
apiVersion: test.gatekeeper.sh/v1alpha1
metadata:
  name: {{ID}}
tests:
  - name: default
    template: ../../../templates/{{ID}}.yaml
    constraint: samples/constraint.yaml
    cases:
      - name: allowed-example
        object: samples/allowed-example{{EXT}}
        assertions:
          - violations: 0
      - name: denied-example
        object: samples/denied-example{{EXT}}
        assertions:
          - violations: 1
          # TODO: a regular expression for the message the rule writes.
          - violations: 1
            message: '^{{PREFIX}}'
`

const constraintText = `apiVersion: constraints.gatekeeper.sh/v1beta1
kind: {{KIND}}
metadata:
  name: {{ID}}
spec:
  enforcementAction: {{ACTION}}
`

// Key splits INPUT/ID and checks both: the input kind is one the catalog
// reads, the ID a check ID.
func Key(key string) (inputKind, id string, err error) {
	inputKind, id, ok := strings.Cut(key, "/")
	if !ok {
		return "", "", fmt.Errorf("%q: want INPUT/ID, INPUT one of %s", key, strings.Join(catalog.Inputs(), ", "))
	}
	if _, known := inputsByKind[inputKind]; !known || !isInput(inputKind) {
		return "", "", fmt.Errorf("%q: input %q is not one of %s", key, inputKind, strings.Join(catalog.Inputs(), ", "))
	}
	if !catalog.ValidID(id) {
		return "", "", fmt.Errorf("%q: %q is not a check ID (lower-case letters and digits, words joined by -, starting with a letter)", key, id)
	}
	return inputKind, id, nil
}

func isInput(k string) bool {
	for _, in := range catalog.Inputs() {
		if in == k {
			return true
		}
	}
	return false
}

// Files returns the files of a new policy INPUT/ID, paths relative to the
// policies root, sorted.
func Files(key string, opts Options) ([]File, error) {
	inputKind, id, err := Key(key)
	if err != nil {
		return nil, err
	}
	action := opts.Action
	if action == "" {
		action = "deny"
	}
	switch action {
	case "deny", "warn", "dryrun":
	default:
		return nil, fmt.Errorf("action %q is not deny, warn or dryrun", action)
	}
	in := inputsByKind[inputKind]
	pkg := "shipshape." + inputKind + "." + strings.ReplaceAll(id, "-", "_")
	kind := (&catalog.Policy{ID: id}).ConstraintKind()
	libs := []string{"exemptions"}
	if in.lib != "" {
		libs = append(libs, in.lib)
	}
	sort.Strings(libs) // as opa fmt orders them
	var imports strings.Builder
	for _, l := range libs {
		imports.WriteString("import data.lib." + l + "\n")
	}
	r := strings.NewReplacer(
		"{{INPUT}}", inputKind, "{{ID}}", id, "{{PACKAGE}}", pkg, "{{KIND}}", kind,
		"{{KINDS}}", in.kinds, "{{ACTION}}", action, "{{IMPORTS}}", imports.String(),
		"{{DESCRIBE}}", in.describe, "{{DOC}}", in.testDoc, "{{EXT}}", in.sampleExt,
		"{{PREFIX}}", in.prefix, "{{TESTPREFIX}}", in.testPrefix,
	)
	dir := path.Join(inputKind, id)
	files := []File{
		{path.Join(dir, "policy.rego"), []byte(r.Replace(policyText))},
		{path.Join(dir, "policy_test.rego"), []byte(r.Replace(testText))},
		{path.Join(dir, "suite.yaml"), []byte(r.Replace(suiteText))},
		{path.Join(dir, "samples", "constraint.yaml"), []byte(r.Replace(constraintText))},
		{path.Join(dir, "samples", "allowed-example"+in.sampleExt), []byte(in.allowed)},
		{path.Join(dir, "samples", "denied-example"+in.sampleExt), []byte(in.denied)},
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// ErrExists is returned (wrapped, naming the folder) when the policy's
// folder is already there.
var ErrExists = errors.New("policy folder exists")

// Write writes the files of a new policy under root (the policies folder)
// and returns their paths. It refuses when the folder exists, and when
// root is not a policies tree (it has no lib/ folder), so a mistyped --dir
// does not scatter folders; nothing is written then.
func Write(root, key string, opts Options) ([]string, error) {
	files, err := Files(key, opts)
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(filepath.Join(root, "lib")); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s: not a policies folder (it has no lib/); name one with --dir", root)
	}
	inputKind, id, _ := Key(key)
	dir := filepath.Join(root, inputKind, id)
	if _, err := os.Lstat(dir); err == nil {
		return nil, fmt.Errorf("%s: %w: choose another ID, or edit the policy there", dir, ErrExists)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	var written []string
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return written, err
		}
		// O_EXCL: never over a file that appeared meanwhile.
		w, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return written, err
		}
		_, err = w.Write(f.Data)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return written, fmt.Errorf("%s: %w", p, err)
		}
		written = append(written, p)
	}
	return written, nil
}

// SameIDOtherInputs lists the other input kinds under root that already
// have a policy named id: allowed (one Constraint kind then configures
// both), but worth saying.
func SameIDOtherInputs(root, key string) []string {
	inputKind, id, err := Key(key)
	if err != nil {
		return nil
	}
	var out []string
	for _, in := range catalog.Inputs() {
		if in == inputKind {
			continue
		}
		if _, err := os.Stat(filepath.Join(root, in, id, "policy.rego")); err == nil {
			out = append(out, in)
		}
	}
	return out
}
