package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"time"

	"github.com/google/pprof/profile"

	"github.com/shipshape-dev/shipshape/gotest/corpus"
)

// startRuns is how many times each start is timed: odd, so the median is
// one run.
const startRuns = 21

// binaries are the two builds of the CLI a user can have: `make build`'s
// (the flags it passes, -trimpath and -ldflags, which `make bench` times)
// and plain `go build`, which is what `go install` and `go run` give.
type binaries struct {
	shipped, plain string
	ldflags        string
}

// buildBinaries builds both into dir.
func buildBinaries(root, dir, ldflags string) (binaries, error) {
	b := binaries{shipped: filepath.Join(dir, "shipshape"), plain: filepath.Join(dir, "shipshape-plain"), ldflags: ldflags}
	if err := goBuild(root, b.shipped, "-trimpath", "-ldflags="+ldflags); err != nil {
		return b, err
	}
	return b, goBuild(root, b.plain)
}

func goBuild(root, out string, flags ...string) error {
	args := append(append([]string{"build"}, flags...), "-o", out, "./cmd/shipshape")
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go %v: %w", args, err)
	}
	return nil
}

// startTimes is one start timed startRuns times: wall and CPU, each sorted.
type startTimes struct {
	wall, cpu []time.Duration
}

func (s startTimes) quantile(q float64) (wall, cpu time.Duration) {
	i := int(q*float64(len(s.wall)-1) + 0.5)
	return s.wall[i], s.cpu[i]
}

func timeStart(dir, ship string, args ...string) (startTimes, error) {
	var s startTimes
	for range startRuns {
		t, err := timed(dir, ship, args...)
		if err != nil {
			return s, err
		}
		s.wall = append(s.wall, t.wall)
		s.cpu = append(s.cpu, t.cpu)
	}
	sort.Slice(s.wall, func(i, j int) bool { return s.wall[i] < s.wall[j] })
	sort.Slice(s.cpu, func(i, j int) bool { return s.cpu[i] < s.cpu[j] })
	return s, nil
}

// startRows are the binary's size and start-up rows of the table (columns
// as the table's, times in the shipshape column): the cold start of
// `shipshape check` on one small file (median and p90), of --help (the
// runtime and every package's init, nothing else) and the size of both
// builds; note says where a cold start's CPU goes after init, from five
// profiled runs.
func startRows(bins binaries, tmp string) (rows []string, note string, err error) {
	file := filepath.Join(tmp, "one.yaml")
	if err := os.WriteFile(file, []byte(corpus.Document(1, 0)), 0o644); err != nil {
		return nil, "", err
	}
	check, err := timeStart(tmp, bins.shipped, "check", "--no-config", file)
	if err != nil {
		return nil, "", err
	}
	help, err := timeStart(tmp, bins.shipped, "--help")
	if err != nil {
		return nil, "", err
	}
	shipped, err := os.Stat(bins.shipped)
	if err != nil {
		return nil, "", err
	}
	plain, err := os.Stat(bins.plain)
	if err != nil {
		return nil, "", err
	}
	row := func(label string, wall, cpu time.Duration) string {
		return fmt.Sprintf("%s\t-\t-\t-\t%.3f (%.3f)\t-\t-\t-\t-\t-\t-\t-\t", label, wall.Seconds(), cpu.Seconds())
	}
	mw, mc := check.quantile(0.5)
	pw, pc := check.quantile(0.9)
	hw, hc := help.quantile(0.5)
	rows = []string{
		row(fmt.Sprintf("cold start, one small file (median of %d)", startRuns), mw, mc),
		row(fmt.Sprintf("cold start, one small file (p90 of %d)", startRuns), pw, pc),
		row(fmt.Sprintf("start, --help: runtime and package init (median of %d)", startRuns), hw, hc),
		fmt.Sprintf("binary size: %.1f MiB (make build), %.1f MiB (go build)\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t",
			float64(shipped.Size())/(1<<20), float64(plain.Size())/(1<<20)),
	}
	shares, err := coldProfile(bins.shipped, tmp, file)
	if err != nil {
		return nil, "", err
	}
	note = fmt.Sprintf("where a cold start's CPU goes (one small file, %d runs profiled, after package init): %s\n"+
		"make build is go build -trimpath -ldflags='%s'; go install and go run build without them",
		coldProfiles, formatShares(shares), bins.ldflags)
	return rows, note, nil
}

// coldProfiles is how many cold starts are profiled.
const coldProfiles = 5

// coldProfile merges the CPU profiles of coldProfiles cold starts on file and
// splits them by stage (one run of a fraction of a second holds too few
// samples).
func coldProfile(ship, tmp, file string) ([]cpuShare, error) {
	var profs []*profile.Profile
	for i := range coldProfiles {
		path := filepath.Join(tmp, fmt.Sprintf("cold-%d.pprof", i))
		if _, err := timed(tmp, ship, "check", "--no-config", "--cpuprofile", path, file); err != nil {
			return nil, err
		}
		p, err := readProfile(path)
		if err != nil {
			return nil, err
		}
		profs = append(profs, p)
	}
	merged, err := profile.Merge(profs)
	if err != nil {
		return nil, err
	}
	return shares(merged)
}
