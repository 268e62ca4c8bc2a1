package report

import (
	"bufio"
	"fmt"

	"github.com/shipshape-dev/shipshape/internal/safe"
)

// Audit is what shipshape audit adds to a report: which kinds it read from
// the cluster and where each namespace stands.
type Audit struct {
	// Cluster names the cluster: the kubeconfig context and its server.
	Cluster string `json:"cluster"`
	// Kinds are the kinds read, as group/version/Kind (v1/Pod).
	Kinds []string `json:"kinds"`
	// Namespaces is one line per namespace read, sorted; the objects that
	// live in no namespace (and the cluster plan) are the line named "".
	Namespaces []NamespaceSummary `json:"namespaces"`
}

// NamespaceSummary counts one namespace's findings. Score is out of 100;
// docs/audit.md gives the formula.
type NamespaceSummary struct {
	Namespace string `json:"namespace"`
	// Objects are the objects read in the namespace that some selected
	// constraint applies to.
	Objects  int `json:"objects"`
	Deny     int `json:"deny"`
	Warn     int `json:"warn"`
	Dryrun   int `json:"dryrun"`
	Exempted int `json:"exempted"`
	Score    int `json:"score"`
}

// writeAudit prints the per-namespace table of an audit.
func writeAudit(bw *bufio.Writer, a *Audit) {
	if a == nil || len(a.Namespaces) == 0 {
		return
	}
	width := len("(cluster-scoped)")
	for _, n := range a.Namespaces {
		width = max(width, len(safe.Text(n.Namespace)))
	}
	bw.WriteString("by namespace (cluster " + safe.Text(a.Cluster) + "):\n")
	fmt.Fprintf(bw, "  %s  %7s  %4s  %4s  %6s  %8s  %5s\n", pad("namespace", width), "objects", "deny", "warn", "dryrun", "exempted", "score")
	for _, n := range a.Namespaces {
		name := safe.Text(n.Namespace)
		if n.Namespace == "" {
			name = "(cluster-scoped)"
		}
		fmt.Fprintf(bw, "  %s  %7d  %4d  %4d  %6d  %8d  %5d\n", pad(name, width), n.Objects, n.Deny, n.Warn, n.Dryrun, n.Exempted, n.Score)
	}
}
