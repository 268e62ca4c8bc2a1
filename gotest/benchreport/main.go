// Command benchreport is `make bench`: on one generated corpus it times
// shipshape check, gator test and (when available) conftest test, checks
// that shipshape and gator give identical verdicts, measures the cold start
// of the binary, and prints one table with the ratios.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/shipshape-dev/shipshape/gotest/corpus"
	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/policies"
)

func main() {
	sizes := flag.String("sizes", "1000,10000", "corpus sizes for the binaries (the in-process benchmark also runs 100000); empty: none")
	gatorMax := flag.Int("gator-max", 10000, "largest corpus also timed with gator (it is slow)")
	seed := flag.Int64("seed", 42, "corpus seed")
	benchFilter := flag.String("bench", ".", "go test -bench pattern for the in-process rows (empty: none)")
	memBytes := flag.Int64("memory-bytes", 1<<20, "size of the memory rows' input files (0: no memory rows); .shipshape.yaml is at its limit")
	ldflags := flag.String("ldflags", "-s -w", "linker flags of make build, with which the binary is built and timed")
	startOnly := flag.Bool("start-only", false, "only the binary's size and start-up rows (make bench-start)")
	flag.Parse()
	var err error
	if *startOnly {
		err = runStart(*ldflags)
	} else {
		err = run(*sizes, *gatorMax, *seed, *benchFilter, *memBytes, *ldflags)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
}

// columns head the table; every row has one cell per column.
var columns = []string{"run", "docs/s", "allocs/doc", "peak MiB", "shipshape s (cpu)", "gator s (cpu)", "vs gator wall (cpu)",
	"conftest s (cpu)", "vs conftest wall (cpu)", "kube-score s (cpu)", "vs kube-score wall (cpu)", "verdicts"}

type timing struct {
	wall   time.Duration
	maxRSS int64         // KiB
	cpu    time.Duration // user + system
	out    []byte
}

func timed(dir string, name string, args ...string) (timing, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Start()
	var hwm int64
	if err == nil {
		stop := make(chan struct{})
		polled := make(chan int64)
		go func() { polled <- pollHWM(cmd.Process.Pid, stop) }()
		err = cmd.Wait()
		close(stop)
		hwm = <-polled
	}
	t := timing{wall: time.Since(start), out: out.Bytes()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		t.maxRSS = ru.Maxrss
		t.cpu = time.Duration(syscall.TimevalToNsec(ru.Utime) + syscall.TimevalToNsec(ru.Stime))
	}
	if hwm > 0 {
		// The child's rusage peak is no less than this process's RSS
		// when it was started: os/exec starts children with vfork, and
		// Linux keeps the high-water mark of the memory the child shared
		// until exec. Its own VmHWM, read while it runs, is its peak.
		t.maxRSS = hwm
	}
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
		err = nil // findings
	}
	if err != nil {
		return t, fmt.Errorf("%s %v: %w\n%s", name, args, err, errb.String())
	}
	return t, nil
}

// pollHWM reads the VmHWM (peak resident set, KiB) of process pid every
// few milliseconds until stop is closed, and returns the last value read
// (it only grows), or 0 where /proc cannot tell.
func pollHWM(pid int, stop <-chan struct{}) int64 {
	path := fmt.Sprintf("/proc/%d/status", pid)
	var last int64
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		if data, err := os.ReadFile(path); err == nil {
			for _, line := range strings.Split(string(data), "\n") {
				if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
					if kib, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64); err == nil && kib > last {
						last = kib
					}
				}
			}
		}
		select {
		case <-stop:
			return last
		case <-tick.C:
		}
	}
}

// median runs a command runs times and keeps the run of median wall
// time: every tool of a row gets the same number of runs.
func median(runs int, dir string, name string, args ...string) (timing, error) {
	var ts []timing
	for range max(runs, 1) {
		t, err := timed(dir, name, args...)
		if err != nil {
			return t, err
		}
		ts = append(ts, t)
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].wall < ts[j].wall })
	return ts[len(ts)/2], nil
}

// peer returns a peer tool built once per machine by tools/build, outside
// the product's module.
func peer(root, name string) (string, error) {
	cmd := exec.Command(filepath.Join(root, "tools", "build"), name)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), err
}

// runStart is `make bench-start`: the size and start-up rows alone.
func runStart(ldflags string) error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "shipshape-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bins, err := buildBinaries(root, tmp, ldflags)
	if err != nil {
		return err
	}
	rows, note, err := startRows(bins, tmp)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "run\tshipshape s (cpu)\t")
	for _, r := range rows {
		cells := strings.Split(r, "\t")
		fmt.Fprintf(tw, "%s\t%s\t\n", cells[0], cells[4])
	}
	tw.Flush()
	fmt.Printf("\n%s\n", note)
	fmt.Printf("\nmachine: %d CPUs (GOMAXPROCS)\n", runtime.GOMAXPROCS(0))
	return nil
}

func run(sizeList string, gatorMax int, seed int64, benchFilter string, memBytes int64, ldflags string) error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "shipshape-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var gator, conftest string
	bins, err := buildBinaries(root, tmp, ldflags)
	if err != nil {
		return err
	}
	ship := bins.shipped
	if gator, err = peer(root, "gator"); err != nil {
		return err
	}
	conftest, err = peer(root, "conftest")
	haveConftest := err == nil
	kubeScore, err := peer(root, "kube-score")
	if err != nil {
		kubeScore = ""
	}

	// In-process numbers first, on an otherwise idle process: docs/s,
	// allocations per document, peak live heap, Gatekeeper review latency.
	var benches []benchLine
	if benchFilter != "" {
		if benches, err = goBench(root, benchFilter); err != nil {
			return err
		}
	}

	cat, err := catalog.Load(policies.FS)
	if err != nil {
		return err
	}
	// conftest runs the Kubernetes checks that read nothing but the object:
	// shipshape is timed on the same set, less every check that reads the
	// inventory (the plan checks too, which conftest's adapter leaves out).
	var skipInventory []string
	for _, id := range engine.InventoryReaders(cat) {
		skipInventory = append(skipInventory, "--skip", id)
	}

	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.Join(columns, "\t")+"\t")
	for _, b := range benches {
		if strings.HasPrefix(b.name, "GatekeeperReview") || strings.HasPrefix(b.name, "Render") {
			continue
		}
		fmt.Fprintf(tw, "in-process %s\t%.0f\t%.0f\t%.0f (heap)\t%.2f\t-\t-\t-\t-\t-\t-\t%.0f findings\t\n",
			b.name, b.m["docs/s"], b.m["allocs/doc"], b.m["peakMiB"], b.m["ns/op"]/1e9, b.m["findings"])
	}
	var lastDir string
	var lastN int
	// Two corpora: the plain one (about six findings a document) and the
	// dense one (about twelve), where building messages weighs more.
	corpora := []struct {
		name  string
		write func(dir string, n, perFile int, seed int64) error
	}{{"docs", corpus.Write}, {"dense docs (~12 findings each)", corpus.WriteDense}}
	for ci, cor := range corpora {
		for _, s := range strings.Split(sizeList, ",") {
			if strings.TrimSpace(s) == "" {
				continue // -sizes '': no corpus rows (the memory rows alone)
			}
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil {
				return err
			}
			dir := filepath.Join(tmp, fmt.Sprintf("corpus-%d-%d", ci, n))
			if ci == 0 {
				lastDir, lastN = dir, n
			}
			if err := cor.write(dir, n, 10, seed); err != nil {
				return err
			}
			// Small corpora take the median of three runs of every tool: one
			// run of a second is at the mercy of whatever else the machine does.
			runs := 1
			if n <= 2000 {
				runs = 3
			}
			ours, err := median(runs, root, ship, "check", "-o", "json", dir)
			if err != nil {
				return err
			}
			label := fmt.Sprintf("binary, whole catalog, %d %s", n, cor.name)
			if runs > 1 {
				label += fmt.Sprintf(" (median of %d)", runs)
			}
			row := []string{label, fmt.Sprintf("%.0f", float64(n)/ours.wall.Seconds()), "-", fmt.Sprintf("%.0f (RSS)", float64(ours.maxRSS)/1024), secs(ours)}
			verdict := "-"
			if n <= gatorMax {
				theirs, err := median(runs, root, gator, "test", "-f", "templates/", "-f", dir, "-o", "json")
				if err != nil {
					return err
				}
				verdict, err = compareWithGator(ours.out, theirs.out)
				if err != nil {
					return err
				}
				row = append(row, secs(theirs), ratio(theirs, ours))
				if haveConftest {
					// conftest runs the adapter over the policies folder; it
					// leaves out the checks that read other objects, so
					// shipshape is timed again on the same checks.
					c, err := median(runs, root, conftest, "test", "--no-color", "-o", "json", "--policy", "policies", dir)
					same, err2 := median(runs, root, ship, append([]string{"check", "-o", "json"}, append(skipInventory, dir)...)...)
					if err != nil || err2 != nil {
						row = append(row, "error", "-")
					} else {
						row = append(row, secs(c), ratio(c, same)+" vs "+secs(same))
					}
				} else {
					row = append(row, "n/a", "-")
				}
			} else {
				row = append(row, "skipped", "-", "skipped", "-")
			}
			// kube-score, for scale: its own checks (no Rego), on the same files.
			if kubeScore != "" {
				files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
				ks, err := median(runs, root, kubeScore, append([]string{"score", "-o", "json"}, files...)...)
				if err != nil {
					row = append(row, "error", "-")
				} else {
					row = append(row, secs(ks), ratio(ks, ours))
				}
			} else {
				row = append(row, "n/a", "-")
			}
			if n <= gatorMax {
				row = append(row, verdict)
			} else {
				row = append(row, "-")
			}
			fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
		}
	}
	startLines, startNote, err := startRows(bins, tmp)
	if err != nil {
		return err
	}
	for _, r := range startLines {
		fmt.Fprintln(tw, r)
	}
	for _, b := range benches {
		// catalog: the templates as generated; framework: the same
		// templates with Rego that never holds (Gatekeeper's own cost).
		if variant, ok := strings.CutPrefix(b.name, "GatekeeperReview/"); ok {
			fmt.Fprintf(tw, "Gatekeeper review of one object (%s): p50 %.0f µs, p99 %.0f µs\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t\n", variant, b.m["p50-µs"], b.m["p99-µs"])
		}
	}
	for _, b := range benches {
		if name, ok := strings.CutPrefix(b.name, "Render/"); ok {
			fmt.Fprintf(tw, "rendered %s (%.0f docs): render %.1f ms, check %.1f ms, whole run %.1f ms\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t\n",
				name, b.m["docs"], b.m["render-ms"], b.m["check-ms"], b.m["run-ms"])
		}
	}
	tw.Flush()
	// What bounds the speed: one more run of the largest corpus, profiled.
	if lastDir != "" {
		prof := filepath.Join(tmp, "cpu.pprof")
		if _, err := timed(root, ship, "check", "-o", "json", "--cpuprofile", prof, lastDir); err != nil {
			return err
		}
		shares, err := whereTimeGoes(prof)
		if err != nil {
			return err
		}
		fmt.Printf("\nwhere the CPU goes (binary, whole catalog, %d docs, CPU profile): %s\n", lastN, formatShares(shares))
	}
	fmt.Printf("\n%s\n", startNote)
	if memBytes > 0 {
		// Memory: the largest input of each kind shipshape accepts, and the
		// peak RSS of checking it with the whole catalog.
		rows, err := memoryRows(ship, tmp, inputs.DefaultOptions.MaxFileBytes, memBytes)
		if err != nil {
			return err
		}
		fmt.Println()
		mw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(mw, "largest accepted input	size	peak RSS MiB	s	cpu s	")
		for _, r := range rows {
			fmt.Fprintln(mw, r)
		}
		mw.Flush()
	}
	fmt.Printf("\nmachine: %d CPUs (GOMAXPROCS)\n", runtime.GOMAXPROCS(0))
	if !haveConftest {
		fmt.Println("conftest: tools/build conftest failed; not timed")
	}
	return nil
}

// benchLine is one benchmark's result: its name less "Benchmark" and
// the CPU suffix, and each metric by unit.
type benchLine struct {
	name string
	m    map[string]float64
}

// goBench runs the in-process benchmarks once each and reads their lines.
func goBench(root, filter string) ([]benchLine, error) {
	cmd := exec.Command("go", "test", "./gotest", "-run", "^$", "-bench", filter, "-benchmem", "-benchtime", "1x", "-timeout", "2h")
	cmd.Dir = root
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go test -bench: %w\n%s", err, out)
	}
	var lines []benchLine
	for _, l := range strings.Split(string(out), "\n") {
		f := strings.Fields(l)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := strings.TrimPrefix(f[0], "Benchmark")
		if i := strings.LastIndex(name, "-"); i > 0 {
			name = name[:i]
		}
		b := benchLine{name: name, m: map[string]float64{}}
		for i := 2; i+1 < len(f); i += 2 {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				b.m[f[i+1]] = v
			}
		}
		lines = append(lines, b)
	}
	return lines, nil
}

func secs(t timing) string {
	return fmt.Sprintf("%.2f (%.2f)", t.wall.Seconds(), t.cpu.Seconds())
}

// ratio compares wall time (what a user waits) and CPU time (what a
// loaded machine, such as a shared CI runner, pays).
func ratio(theirs, ours timing) string {
	return fmt.Sprintf("%.1fx (%.1fx)", theirs.wall.Seconds()/ours.wall.Seconds(), theirs.cpu.Seconds()/ours.cpu.Seconds())
}

// compareWithGator checks that both tools report the same violations:
// the same (object, constraint kind, message) multiset.
func compareWithGator(ours, theirs []byte) (string, error) {
	var rep struct {
		Findings []struct {
			Policy, Message, Kind, Namespace, Name string
			Exempted                               bool
		}
	}
	if err := json.Unmarshal(ours, &rep); err != nil {
		return "", fmt.Errorf("shipshape json: %w", err)
	}
	var results []struct {
		Msg             string
		ViolatingObject struct {
			Kind     string
			Metadata struct{ Name, Namespace string }
		}
	}
	if err := json.Unmarshal(theirs, &results); err != nil {
		return "", fmt.Errorf("gator json: %w", err)
	}
	a := map[string]int{}
	for _, f := range rep.Findings {
		if !f.Exempted {
			a[f.Kind+"/"+f.Namespace+"/"+f.Name+"|"+f.Message]++
		}
	}
	b := map[string]int{}
	for _, r := range results {
		b[r.ViolatingObject.Kind+"/"+r.ViolatingObject.Metadata.Namespace+"/"+r.ViolatingObject.Metadata.Name+"|"+r.Msg]++
	}
	var diff []string
	for k, v := range a {
		if b[k] != v {
			diff = append(diff, fmt.Sprintf("%s: shipshape %d, gator %d", k, v, b[k]))
		}
	}
	for k, v := range b {
		if _, ok := a[k]; !ok {
			diff = append(diff, fmt.Sprintf("%s: shipshape 0, gator %d", k, v))
		}
	}
	if len(diff) > 0 {
		sort.Strings(diff)
		if len(diff) > 5 {
			diff = diff[:5]
		}
		return fmt.Sprintf("DIFFER (%d)", len(diff)), fmt.Errorf("verdicts differ from gator:\n%s", strings.Join(diff, "\n"))
	}
	return fmt.Sprintf("same (%d)", len(rep.Findings)), nil
}
