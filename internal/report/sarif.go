package report

import (
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strings"

	"github.com/shipshape-dev/shipshape/internal/catalog"
	"github.com/shipshape-dev/shipshape/internal/engine"
	"github.com/shipshape-dev/shipshape/internal/inputs"
	"github.com/shipshape-dev/shipshape/internal/safe"
)

type sarifWriter struct{ opts Options }

// SARIF 2.1.0, the subset code-scanning tools read.
const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Results     []sarifResult     `json:"results"`
	Invocations []sarifInvocation `json:"invocations"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name,omitempty"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifText      `json:"help"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties,omitempty"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID       string             `json:"ruleId"`
	RuleIndex    int                `json:"ruleIndex"`
	Level        string             `json:"level"`
	Message      sarifText          `json:"message"`
	Locations    []sarifLocation    `json:"locations"`
	Suppressions []sarifSuppression `json:"suppressions,omitempty"`
	Properties   map[string]any     `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical  `json:"physicalLocation"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifLogical struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

// sarifLevel maps an enforcement action to a SARIF level.
func sarifLevel(action string) string {
	switch action {
	case "deny":
		return "error"
	case "warn":
		return "warning"
	}
	return "note"
}

// Write renders one run: a rule per check that ran or has findings (title,
// description, help with the source section and how to exempt, default
// level from the catalog action), a result per finding located at the
// field's line when known, exempted findings as accepted suppressions, and
// unreadable inputs as tool notifications.
func (s sarifWriter) Write(w io.Writer, r *Report) error {
	ids := append([]string(nil), r.Policies...)
	for _, f := range r.Findings {
		if !contains(ids, f.Policy) {
			ids = append(ids, f.Policy)
		}
	}
	sort.Strings(ids)
	index := map[string]int{}
	driver := sarifDriver{Name: "shipshape", Version: s.opts.Version, Rules: []sarifRule{}}
	for i, id := range ids {
		index[id] = i
		rule := s.opts.Rules[id]
		if rule.ID == "" {
			rule = Rule{ID: id, Title: id, Description: id, Action: "deny"}
		}
		help := rule.Description + "\n\nSource: " + catalog.Source + ", section " + rule.Section + "\n\n" + ExemptHint(id)
		driver.Rules = append(driver.Rules, sarifRule{
			ID:                   id,
			Name:                 pascal(id),
			ShortDescription:     sarifText{Text: rule.Title},
			FullDescription:      sarifText{Text: rule.Description},
			Help:                 sarifText{Text: help},
			DefaultConfiguration: sarifConfig{Level: sarifLevel(rule.Action)},
			Properties:           map[string]any{"section": rule.Section, "action": rule.Action, "tags": append(append([]string{}, rule.Inputs...), "shipshape")},
		})
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}}
	for i := range r.Findings {
		f := &r.Findings[i]
		res := sarifResult{
			RuleID:    f.Policy,
			RuleIndex: index[f.Policy],
			Level:     sarifLevel(f.Action),
			Message:   sarifText{Text: f.Message},
			Locations: []sarifLocation{{
				PhysicalLocation: physical(location(f)),
				LogicalLocations: []sarifLogical{{FullyQualifiedName: logicalName(f), Kind: "object"}},
			}},
			Properties: map[string]any{"constraint": f.Constraint, "action": f.Action, "documentLine": f.Line},
		}
		if field := f.Field(); field != "" {
			res.Properties["field"] = field
		}
		if f.Source != "" {
			res.Properties["source"] = f.Source
		}
		if o := f.Origin; o != nil {
			res.Properties["renderedBy"] = o.Tool
			res.Properties["renderedFrom"] = o.Root
			if o.Set != "" {
				res.Properties["valuesSet"] = o.Set
			}
			if len(o.Values) > 0 {
				res.Properties["values"] = o.Values
				res.Properties["valuesBy"] = o.ValuesBy
			}
			res.Message.Text += " (" + renderedNote(f) + ")"
		}
		if f.Exempted {
			res.Suppressions = []sarifSuppression{{Kind: "inSource", Justification: f.Reason}}
		}
		run.Results = append(run.Results, res)
	}
	inv := sarifInvocation{ExecutionSuccessful: len(r.Errors) == 0}
	for _, e := range r.Errors {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level: "error", Message: sarifText{Text: e.Message},
			Locations: []sarifLocation{{PhysicalLocation: physical(e.File, e.Line)}},
		})
	}
	for _, n := range r.Notes {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level: "note", Message: sarifText{Text: n.Message},
			Locations: []sarifLocation{{PhysicalLocation: physical(n.File, n.Line)}},
		})
	}
	run.Invocations = []sarifInvocation{inv}
	return safe.WriteJSON(w, sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

func physical(file string, line int) sarifPhysical {
	p := sarifPhysical{ArtifactLocation: sarifArtifact{URI: fileURI(file)}}
	if line > 0 {
		p.Region = &sarifRegion{StartLine: line}
	}
	return p
}

// fileURI turns a path into a URI reference: relative paths stay relative
// (code scanning resolves them against the checkout), absolute ones become
// file: URIs, standard input is "stdin".
func fileURI(file string) string {
	if file == inputs.Stdin {
		return "stdin"
	}
	u := url.URL{Path: filepath.ToSlash(filepath.Clean(file))}
	if filepath.IsAbs(file) {
		u.Scheme = "file"
	}
	return u.String()
}

func logicalName(f *engine.Finding) string {
	parts := []string{f.Kind}
	if f.Namespace != "" {
		parts = append(parts, f.Namespace)
	}
	name := f.Name
	if name == "" {
		name = "<unnamed>"
	}
	return strings.Join(append(parts, name), "/")
}

// pascal is a check ID as its Constraint kind: image-tag-pinned → ImageTagPinned.
func pascal(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}
