package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

// policyEntry is one line of the catalog listing.
type policyEntry struct {
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Description string         `json:"description"`
	Section     string         `json:"section"`
	SectionID   string         `json:"sectionId"`
	Input       string         `json:"input"`
	Action      string         `json:"action"`
	Kind        string         `json:"constraintKind"`
	Parameters  map[string]any `json:"parameters"`
}

func newPoliciesCmd() *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "policies",
		Short: "List the catalog: every check with its title, input, action and parameters",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cat, err := loadCatalog()
			if err != nil {
				return err
			}
			var entries []policyEntry
			for _, p := range cat.Policies {
				entries = append(entries, policyEntry{
					ID: p.ID, Title: p.Title, Description: p.Description, Section: p.Section, SectionID: p.SectionID(),
					Input: p.Input, Action: p.Action, Kind: p.ConstraintKind(), Parameters: p.Parameters,
				})
			}
			out := cmd.OutOrStdout()
			switch output {
			case "json":
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(entries)
			case "text":
				// Grouped by the practice catalog's section, in ID order
				// within it; "-" for a policy whose section names no letter.
				sort.SliceStable(entries, func(i, j int) bool { return sectionOrder(entries[i]) < sectionOrder(entries[j]) })
				tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "SECTION\tID\tINPUT\tACTION\tPARAMETERS\tTITLE")
				for _, e := range entries {
					names := make([]string, 0, len(e.Parameters))
					for n := range e.Parameters {
						names = append(names, n)
					}
					sort.Strings(names)
					params := strings.Join(names, ",")
					if params == "" {
						params = "-"
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", sectionKey(e), e.ID, e.Input, e.Action, params, e.Title)
				}
				return tw.Flush()
			}
			return &exitError{code: exitUsage, err: fmt.Errorf("unknown output format %q (text or json)", output)}
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	return cmd
}

// sectionKey is the section column: the letter, or "-".
func sectionKey(e policyEntry) string {
	if e.SectionID == "" {
		return "-"
	}
	return e.SectionID
}

// sectionOrder sorts the sections by letter, those with none last.
func sectionOrder(e policyEntry) string {
	if e.SectionID == "" {
		return "~"
	}
	return e.SectionID
}
