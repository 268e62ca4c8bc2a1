package gotest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/check"
)

// largeShapes are the inputs issue 15 found quadratic (or slow enough to
// lose findings to --timeout), written at a size n: the files of a folder.
var largeShapes = []struct {
	name     string
	policies []string // nil: the whole catalog
	files    func(n int) map[string]string
}{
	{"kubeconfigs sharing kubeadm's names", []string{"kubeconfig-unique-names"}, func(n int) map[string]string {
		out := map[string]string{}
		for i := range n {
			out[fmt.Sprintf("admin%04d.conf.yaml", i)] = fmt.Sprintf("apiVersion: v1\nkind: Config\nclusters:\n- name: kubernetes\n  cluster: {server: \"https://10.0.%d.%d:6443\"}\nusers:\n- name: kubernetes-admin\n  user: {token: t%d}\ncontexts:\n- name: kubernetes-admin@kubernetes\n  context: {cluster: kubernetes, user: kubernetes-admin}\ncurrent-context: kubernetes-admin@kubernetes\n", i/250, i%250, i)
		}
		return out
	}},
	{"plan peers", []string{"network-cidr-overlap"}, func(n int) map[string]string {
		var b strings.Builder
		b.WriteString("apiVersion: shipshape.dev/v1alpha1\nkind: ClusterPlan\nmetadata: {name: big}\nspec:\n  environment: production\n  network:\n    plugin: terway\n    vpcCIDR: 192.168.0.0/16\n    podVSwitches: [{name: v, zone: a, cidr: 192.168.64.0/19}]\n    podIPsPerNode: 64\n    serviceCIDR: 10.96.0.0/12\n    peers:\n")
		for i := range n {
			fmt.Fprintf(&b, "    - {name: p%d, cidr: 100.%d.%d.0/24}\n", i, i/256, i%256)
		}
		b.WriteString("  nodePools:\n  - {name: masters, role: master, count: 3, cpu: 8, memory: 32Gi, systemDisk: {size: 120Gi, category: cloud_essd}}\n  - {name: workers, role: worker, count: 6, zones: [a, b], cpu: 16, memory: 64Gi, systemDisk: {size: 120Gi, category: cloud_essd}, dataDisks: [{size: 200Gi}]}\n")
		return map[string]string{"plan.yaml": b.String()}
	}},
	{"a Pod with many containers", nil, func(n int) map[string]string {
		var b strings.Builder
		b.WriteString("apiVersion: v1\nkind: Pod\nmetadata:\n  name: wide\n  namespace: shop\nspec:\n  containers:\n")
		for i := range n {
			fmt.Fprintf(&b, "  - name: c%d\n    image: registry.example.com/app:1.%d\n    env: [{name: DB_PASSWORD, value: hunter%d}]\n", i, i, i)
		}
		return map[string]string{"pod.yaml": b.String()}
	}},
}

// TestLargeInputsCostLinearCPU: checking four times the input costs about
// four times the CPU, not sixteen (issue 15: 2,000 kubeconfigs took 182 s,
// comparing all against all; 5k plan peers went past --timeout): for each
// shape the CPU time of a run on 4n items, less a run on one item (the
// catalog's compile and the run's fixed cost), is at most 12 times that
// of n items (n log n gives under 5, quadratic 16; measured 3.5 to 8 on a
// loaded machine). CPU time, not wall time, so a loaded machine does not decide;
// one worker, so nothing else of the process runs meanwhile.
func TestLargeInputsCostLinearCPU(t *testing.T) {
	if testing.Short() {
		t.Skip("measures CPU time of large runs")
	}
	cat := loadCatalog(t)
	// 4n is the size for kubeconfigs (2,000); peers go to 40,000,
	// where a rule OPA builds key by key against every earlier key showed
	// (5,000 peers passed while 94,000 took past 10 minutes).
	sizes := map[string]int{"kubeconfigs sharing kubeadm's names": 500, "plan peers": 10000, "a Pod with many containers": 250}
	for _, shape := range largeShapes {
		t.Run(shape.name, func(t *testing.T) {
			n := sizes[shape.name]
			cost := func(items int) (time.Duration, int) {
				dir := t.TempDir()
				for name, content := range shape.files(items) {
					require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
				}
				// The best of three runs: a collection of an earlier run's
				// garbage may land in any.
				best := time.Duration(1 << 62)
				var findings int
				for range 3 {
					start := cpuTime()
					rep, err := check.Run(context.Background(), cat, check.Params{Paths: []string{dir}, Policies: shape.policies, Workers: 1, Timeout: time.Hour})
					took := cpuTime() - start
					require.NoError(t, err)
					require.Empty(t, rep.Errors, "nothing refused, nothing timed out")
					best, findings = min(best, took), len(rep.Findings)
				}
				return best, findings
			}
			base, _ := cost(1)
			small, fSmall := cost(n)
			large, fLarge := cost(4 * n)
			ratio := float64(large-base) / float64(max(small-base, time.Millisecond))
			t.Logf("CPU: 1 item %s, %d items %s (%d findings), %d items %s (%d findings): ratio %.1f (linear 4, quadratic 16)",
				base, n, small, fSmall, 4*n, large, fLarge, ratio)
			if ratio > 12 {
				t.Errorf("four times the input cost %.1f times the CPU; the check is not linear", ratio)
			}
		})
	}
}
