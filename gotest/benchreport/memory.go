package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/shipshape-dev/shipshape/internal/config"
)

// memoryInput is one kind of input at the largest size shipshape accepts
// (--max-file-size for files, config.MaxBytes for .shipshape.yaml).
type memoryInput struct {
	kind  string
	name  string                        // file name (decides the format)
	fill  func(w io.Writer, size int64) // writes about size bytes
	limit int64                         // the largest accepted
	args  func(file string) []string    // the check run on it
}

// fillRepeat writes head, then item(i) until size bytes are written, then tail.
func fillRepeat(w io.Writer, size int64, head, tail string, item func(i int) string) {
	n := int64(len(head) + len(tail))
	io.WriteString(w, head)
	for i := 0; ; i++ {
		s := item(i)
		if n+int64(len(s)) > size {
			break
		}
		io.WriteString(w, s)
		n += int64(len(s))
	}
	io.WriteString(w, tail)
}

func memoryInputs(fileLimit int64) []memoryInput {
	check := func(file string) []string {
		return []string{"check", "--no-config", "-o", "json", "--timeout", "10m", file}
	}
	pod := func(i int) string {
		return fmt.Sprintf("---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p%d\n  namespace: shop\nspec:\n  containers:\n  - name: app\n    image: registry.example.com/app:1.%d\n    resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 200m, memory: 128Mi}}\n", i, i)
	}
	return []memoryInput{
		{kind: "YAML (Pods)", name: "pods.yaml", limit: fileLimit, args: check,
			fill: func(w io.Writer, size int64) { fillRepeat(w, size, "", "", pod) }},
		{kind: "JSON (a List of Pods)", name: "pods.json", limit: fileLimit, args: check,
			fill: func(w io.Writer, size int64) {
				// Items are separated, not ended, by commas: a closing {} item
				// (no kind) made the row measure a refused List.
				fillRepeat(w, size, `{"apiVersion": "v1", "kind": "List", "items": [`, "\n]}\n", func(i int) string {
					sep := ",\n"
					if i == 0 {
						sep = "\n"
					}
					return sep + fmt.Sprintf(`{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p%d", "namespace": "shop"}, "spec": {"containers": [{"name": "app", "image": "registry.example.com/app:1.%d"}]}}`, i, i)
				})
			}},
		{kind: "Dockerfile", name: "Dockerfile", limit: fileLimit, args: check,
			fill: func(w io.Writer, size int64) {
				fillRepeat(w, size, "FROM registry.example.com/base:1.2\n", "USER 1000\n", func(i int) string { return fmt.Sprintf("RUN echo step %d\n", i) })
			}},
		{kind: "kubeconfig", name: "kubeconfig.yaml", limit: fileLimit, args: check,
			fill: func(w io.Writer, size int64) {
				var clusters, users, contexts bytes.Buffer
				for i := 0; int64(clusters.Len()+users.Len()+contexts.Len()) < size-200; i++ {
					fmt.Fprintf(&clusters, "- name: c%d\n  cluster: {server: \"https://c%d.example.com\"}\n", i, i)
					fmt.Fprintf(&users, "- name: u%d\n  user: {token: t%d}\n", i, i)
					fmt.Fprintf(&contexts, "- name: x%d\n  context: {cluster: c%d, user: u%d}\n", i, i, i)
				}
				fmt.Fprintf(w, "apiVersion: v1\nkind: Config\ncurrent-context: x0\nclusters:\n%susers:\n%scontexts:\n%s", &clusters, &users, &contexts)
			}},
		{kind: "cluster plan (peers)", name: "plan.yaml", limit: fileLimit, args: check,
			fill: func(w io.Writer, size int64) {
				head := "apiVersion: shipshape.dev/v1alpha1\nkind: ClusterPlan\nmetadata: {name: big}\nspec:\n  environment: production\n  network:\n    plugin: terway\n    vpcCIDR: 192.168.0.0/16\n    podVSwitches: [{name: v, zone: a, cidr: 192.168.64.0/19}]\n    podIPsPerNode: 64\n    serviceCIDR: 10.96.0.0/12\n    peers:\n"
				tail := "  nodePools:\n  - {name: masters, role: master, count: 3, cpu: 8, memory: 32Gi, systemDisk: {size: 120Gi, category: cloud_essd}}\n  - {name: workers, role: worker, count: 6, zones: [a, b], cpu: 16, memory: 64Gi, systemDisk: {size: 120Gi, category: cloud_essd}, dataDisks: [{size: 200Gi}]}\n"
				fillRepeat(w, size, head, tail, func(i int) string {
					return fmt.Sprintf("    - {name: p%d, cidr: %d.%d.%d.0/24}\n", i, 100+i>>16&63, i>>8&255, i&255)
				})
			}},
		{kind: ".shipshape.yaml", name: config.FileName, limit: config.MaxBytes,
			args: func(string) []string { return []string{"check", "-o", "json", "examples/app/web.yaml"} },
			fill: func(w io.Writer, size int64) {
				fillRepeat(w, size, "failOn: deny\nskip: [\n", "  probes-required]\n", func(int) string { return "  probes-required,\n" })
			}},
	}
}

// memoryRows runs the check on each kind of input and returns the table
// rows: kind, bytes, peak RSS, wall and CPU seconds; an input shipshape
// refused is marked REFUSED with its error. Files are fileBytes large (their
// limit, --max-file-size, is printed beside: checking 64 MiB of objects
// takes minutes), .shipshape.yaml is at its limit.
func memoryRows(ship, tmp string, fileLimit, fileBytes int64) ([]string, error) {
	var rows []string
	for _, in := range memoryInputs(fileLimit) {
		size := min(fileBytes, in.limit)
		if in.name == config.FileName {
			size = in.limit - 64
		}
		dir := filepath.Join(tmp, "memory-"+strings.NewReplacer(" ", "-", "(", "", ")", "").Replace(in.kind))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		file := filepath.Join(dir, in.name)
		f, err := os.Create(file)
		if err != nil {
			return nil, err
		}
		in.fill(f, size)
		if err := f.Close(); err != nil {
			return nil, err
		}
		info, err := os.Stat(file)
		if err != nil {
			return nil, err
		}
		runDir := ""
		if in.name == config.FileName {
			// The settings file is found from its folder: run there on a copy
			// of the example, inside a repository of its own.
			if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil && !os.IsExist(err) {
				return nil, err
			}
			if err := os.MkdirAll(filepath.Join(dir, "examples", "app"), 0o755); err != nil {
				return nil, err
			}
			data, err := os.ReadFile("examples/app/web.yaml")
			if err != nil {
				return nil, err
			}
			if err := os.WriteFile(filepath.Join(dir, "examples", "app", "web.yaml"), data, 0o644); err != nil {
				return nil, err
			}
			runDir = dir
		}
		t, err := timedAllowInputErrors(runDir, ship, in.args(file)...)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.kind, err)
		}
		// A row is an accepted input: one that shipshape refused (a limit
		// it reached) says so instead of passing for a measurement of it.
		kind := in.kind
		if why := refused(t.out); why != "" {
			kind += " (REFUSED: " + why + ")"
		}
		rows = append(rows, fmt.Sprintf("%s\t%s (limit %s)\t%.0f\t%.1f\t%.1f\t", kind,
			bytesOf(info.Size()), bytesOf(in.limit), float64(t.maxRSS)/1024, t.wall.Seconds(), t.cpu.Seconds()))
	}
	return rows, nil
}

// refused is the first input error of a JSON report, or "" when the run
// read its input (a report that is not JSON is an error too).
func refused(out []byte) string {
	var rep struct {
		Errors []struct{ File, Message string }
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		return "no JSON report: " + err.Error()
	}
	if len(rep.Errors) == 0 {
		return ""
	}
	m := rep.Errors[0].Message
	if len(m) > 80 {
		m = m[:80] + "..."
	}
	return m
}

// timedAllowInputErrors is timed that also accepts exit code 2 (a limit
// reached is the answer being measured too).
func timedAllowInputErrors(dir, name string, args ...string) (timing, error) {
	t, err := timed(dir, name, args...)
	if err != nil && strings.Contains(err.Error(), "exit status 2") {
		err = nil
	}
	return t, err
}

func bytesOf(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}
