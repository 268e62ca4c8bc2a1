package e2e

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Verdict is what admission said about one object: the messages of deny
// results (kubectl's error) and of warn results (kubectl's "Warning:"
// lines), each without Gatekeeper's "[constraint] " prefix.
type Verdict struct {
	Deny, Warn       []string
	DenyIDs, WarnIDs []string // the Constraint names, sorted, one per result
	Other            string   // any other failure (not an admission result)
}

// All is every message, sorted.
func (v Verdict) All() []string {
	out := append(append([]string{}, v.Deny...), v.Warn...)
	sort.Strings(out)
	return out
}

var resultLine = regexp.MustCompile(`\[([a-z0-9.-]+)\] (.*)$`)

// DryRun applies manifest with --dry-run=server and reads the verdict.
// Gatekeeper puts one "[name] message" per result, the first after
// "denied the request: ", the others each on their own line; warn results
// come back as admission warnings, printed by kubectl as "Warning: [name] message".
func (c *Cluster) DryRun(ctx context.Context, manifest []byte) Verdict {
	_, stderr, err := c.KubectlFull(ctx, manifest, "apply", "--dry-run=server", "-f", "-")
	var v Verdict
	denied := false
	for _, line := range strings.Split(stderr, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.HasPrefix(line, "Warning: ") {
			if m := resultLine.FindStringSubmatch(line); m != nil {
				v.Warn = append(v.Warn, m[2])
				v.WarnIDs = append(v.WarnIDs, m[1])
			}
			continue
		}
		if strings.Contains(line, `admission webhook "validation.gatekeeper.sh" denied the request`) {
			denied = true
		}
		if denied {
			if m := resultLine.FindStringSubmatch(line); m != nil {
				v.Deny = append(v.Deny, m[2])
				v.DenyIDs = append(v.DenyIDs, m[1])
			}
		}
	}
	if err != nil && !denied {
		v.Other = strings.TrimSpace(stderr)
	}
	sort.Strings(v.Deny)
	sort.Strings(v.Warn)
	sort.Strings(v.DenyIDs)
	sort.Strings(v.WarnIDs)
	return v
}

// WaitConstraint waits until the Constraint kind/name is enforced.
func (c *Cluster) WaitConstraint(ctx context.Context, kind, name string) error {
	return waitFor(ctx, 60*time.Second, "constraint "+kind+"/"+name, func() error {
		out, err := c.Kubectl(ctx, "get", kind+"."+"constraints.gatekeeper.sh", name, "-o", "jsonpath={.status.byPod[*].enforced}")
		if err != nil {
			return err
		}
		if !strings.Contains(out, "true") || strings.Contains(out, "false") {
			return fmt.Errorf("enforced: %q", out)
		}
		return nil
	})
}
