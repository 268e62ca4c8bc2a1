package capacity

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/shipshape-dev/shipshape/internal/safe"
)

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// WriteJSON writes the report as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	return safe.WriteJSON(w, r)
}

// WriteText writes the report for people; text from input is one visible
// line (safe.Text).
func WriteText(w io.Writer, r *Report) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAMESPACE\tKIND\tNAME\tPODS\tCPU/POD\tMEMORY/POD\tCPU\tMEMORY")
	for _, wl := range r.Workloads {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s GiB\t%s\t%s GiB\n", safe.Text(wl.Namespace), safe.Text(wl.Kind), safe.Text(wl.Name), wl.Pods,
			num(wl.Pod.CPU), num(wl.Pod.MemoryGiB), num(wl.Total.CPU), num(wl.Total.MemoryGiB))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%-24s%s CPU / %s GiB (%d workloads", "requests:", num(r.Requests.CPU), num(r.Requests.MemoryGiB), len(r.Workloads))
	if r.DaemonSetNodes > 0 {
		fmt.Fprintf(w, "; DaemonSets on %d workers", r.DaemonSetNodes)
	}
	fmt.Fprintln(w, ")")
	fmt.Fprintf(w, "%-24s%s CPU / %s GiB\n", "with "+num(r.Redundancy*100)+"% redundancy:", num(r.WithRedundancy.CPU), num(r.WithRedundancy.MemoryGiB))
	if len(r.Clusters) == 0 {
		fmt.Fprintln(w, "\nno cluster plan or node dump given: no capacity to compare with")
	}
	for _, c := range r.Clusters {
		fmt.Fprintf(w, "\n%s (%s %s)\n", safe.Text(c.File), safe.Text(c.Source), safe.Text(c.Name))
		fmt.Fprintf(w, "  workers:                %d, allocatable %s CPU / %s GiB\n", c.Workers, num(c.Allocatable.CPU), num(c.Allocatable.MemoryGiB))
		fmt.Fprintf(w, "  headroom:               %s CPU / %s GiB after requests with redundancy\n", num(c.Headroom.CPU), num(c.Headroom.MemoryGiB))
		fmt.Fprintf(w, "  losing largest worker:  %s CPU / %s GiB left of %s CPU / %s GiB, headroom %s CPU / %s GiB\n",
			num(c.AfterLosingOne.CPU), num(c.AfterLosingOne.MemoryGiB), num(c.LargestWorker.CPU), num(c.LargestWorker.MemoryGiB),
			num(c.HeadroomLoseOne.CPU), num(c.HeadroomLoseOne.MemoryGiB))
		fmt.Fprintln(w, "  section A checks:")
		for _, v := range c.Verdicts {
			if v.Action == "ok" {
				fmt.Fprintf(w, "    ok      %s\n", safe.Text(v.Policy))
				continue
			}
			fmt.Fprintf(w, "    %-7s %s (line %d): %s\n", safe.Text(v.Action), safe.Text(v.Policy), v.Line, safe.Text(v.Message))
		}
	}
	for _, e := range r.Errors {
		fmt.Fprintf(w, "error: %s\n", safe.Text(e.Error()))
	}
	return nil
}
