package render

// Help is what `shipshape explain rendering` prints; docs/rendering.md
// says more.
const Help = `Rendering: charts and overlays are checked as they render

shipshape check renders a folder before checking it when the folder holds
  Chart.yaml                      a Helm chart, as helm template renders it
  kustomization.yaml (.yml,       a kustomization, as kustomize build builds it
  Kustomization)
A chart or overlay is one input: its own files are not read as YAML. In a
folder walk, a kustomization that another one of the walk builds on (a
base) is checked as part of it, and a note says so.

Helm: dependencies from charts/ (an unbuilt one is an error naming it);
values.yaml, then --values FILE..., then the files of --values-set
NAME=FILE[,FILE] (each set rendered on its own, each finding labelled
with it), then --set; --kube-version (default ` + DefaultKubeVersion + `), --release-name,
and -n as the release namespace. A chart that fails to render is one
error at the template and line Helm names; other inputs are still checked.

Findings point at the template (or kustomize source, patch or generator)
and the line of their field, and name the values key that set it when the
template line reads .Values.KEY, or when the value equals that of exactly
one key ("same value"); otherwise none.

Turn rendering off with --render=false: such folders are read as plain
YAML. Piped output (helm template ... | shipshape check -) is never
rendered again; its findings name the template of each "# Source:" line.
See docs/rendering.md.
`
