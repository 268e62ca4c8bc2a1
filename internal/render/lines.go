package render

import (
	"regexp"
	"strings"
)

// Mapping rendered lines back to template lines.
//
// A template line without actions renders to itself; a line that mixes
// text and actions renders to a line that has the text around what the
// actions gave; a line of actions alone (if, range, end, a comment)
// renders to nothing or to a blank line, unless its actions give output
// (include, toYaml, a value), which may be any number of lines. align
// finds the monotone alignment of rendered lines to template lines that
// matches the most lines (a dynamic programme over both, like a diff),
// then places the rendered lines it could not match: a line repeated by a
// range loop goes to the template line of the loop body that matches it,
// anything else to the template line of the line before it.

type lineKind uint8

const (
	blankLine   lineKind = iota // nothing but spaces
	literalLine                 // text, no action
	mixedLine                   // text and actions
	controlLine                 // actions that give no output (if, range, end, define, comments)
	outputLine                  // actions alone that may give lines (include, toYaml, values)
)

type tline struct {
	kind   lineKind
	text   string         // trimmed right, for literal lines
	prefix string         // text before the first action, for a cheap test
	re     *regexp.Regexp // for mixed lines
}

var controlWord = regexp.MustCompile(`^\{\{-?\s*(/\*|if\b|else\b|end\b|range\b|with\b|define\b|block\b|break\b|continue\b|\$[\w.]*\s*:?=)`)

// classify reads template lines; inAction tracks actions that span lines.
func classify(lines []string) []tline {
	out := make([]tline, len(lines))
	inAction := false
	for i, raw := range lines {
		l := strings.TrimRight(raw, " \t")
		if inAction {
			end := strings.Index(l, "}}")
			if end < 0 {
				out[i] = tline{kind: controlLine}
				continue
			}
			inAction = false
			l = strings.Repeat(" ", 0) + "{{" + l[end:] // the rest of the line from the closing braces
			if strings.TrimSpace(l[strings.Index(l, "}}")+2:]) == "" {
				out[i] = tline{kind: controlLine}
				continue
			}
		}
		if strings.TrimSpace(l) == "" {
			out[i] = tline{kind: blankLine}
			continue
		}
		if !strings.Contains(l, "{{") {
			out[i] = tline{kind: literalLine, text: l}
			continue
		}
		var pattern strings.Builder
		pattern.WriteString("^")
		rest := l
		text := false
		output := false
		first := true
		trimNext := false
		for rest != "" {
			open := strings.Index(rest, "{{")
			if open < 0 {
				lit := rest
				if trimNext {
					lit = strings.TrimLeft(lit, " \t")
				}
				if strings.TrimSpace(lit) != "" {
					text = true
				}
				pattern.WriteString(regexp.QuoteMeta(lit))
				break
			}
			lit := rest[:open]
			if trimNext {
				lit = strings.TrimLeft(lit, " \t")
			}
			action := rest[open:]
			closeAt := strings.Index(action, "}}")
			chompLeft := strings.HasPrefix(action, "{{-")
			if chompLeft {
				lit = strings.TrimRight(lit, " \t")
			}
			if strings.TrimSpace(lit) != "" {
				text = true
			}
			if first {
				out[i].prefix = lit
				if chompLeft {
					out[i].prefix = ""
				}
				first = false
			}
			pattern.WriteString(regexp.QuoteMeta(lit))
			if chompLeft {
				pattern.WriteString(`\s*`)
			}
			if !controlWord.MatchString(action) {
				output = true
				pattern.WriteString(`.*?`)
			}
			if closeAt < 0 {
				inAction = true
				pattern.WriteString(`.*`)
				break
			}
			trimNext = strings.HasPrefix(action[closeAt-1:], "-}}")
			if trimNext {
				pattern.WriteString(`\s*`)
			}
			rest = action[closeAt+2:]
			if rest == "" && trimNext {
				pattern.WriteString(`.*`) // the next line joins this one
			}
		}
		pattern.WriteString("$")
		switch {
		case text:
			re, err := regexp.Compile(pattern.String())
			if err != nil {
				out[i] = tline{kind: outputLine}
				continue
			}
			out[i].kind, out[i].re = mixedLine, re
		case output:
			out[i] = tline{kind: outputLine}
		default:
			out[i] = tline{kind: controlLine}
		}
	}
	return out
}

// matches tells whether template line t can have rendered r, and how
// much the match is worth.
func (t *tline) matches(r string) int {
	r = strings.TrimRight(r, " \t")
	switch t.kind {
	case blankLine, controlLine:
		if strings.TrimSpace(r) == "" {
			return 1
		}
	case literalLine:
		if r == t.text {
			return 4
		}
	case mixedLine:
		if strings.HasPrefix(r, t.prefix) && t.re.MatchString(r) {
			return 3
		}
	}
	return 0
}

// lineMap gives the template line (1-based) of each rendered line.
type lineMap struct {
	lines []int // by rendered line - 1; 0: unknown
}

// at is the template line of a rendered line, 0 when unknown.
func (m *lineMap) at(rendered int) int {
	if m == nil || rendered < 1 || rendered > len(m.lines) {
		return 0
	}
	return m.lines[rendered-1]
}

// maxCells bounds the alignment's table (template lines × rendered lines);
// past it rendered lines are placed by the repair pass alone.
const maxCells = 8 << 20

const (
	stepSkipTemplate uint8 = iota
	stepMatch
	stepAbsorb
	stepSkipRendered
)

// align maps rendered lines to template lines.
func align(tmpl, rendered []string) *lineMap {
	n, m := len(tmpl), len(rendered)
	ts := classify(tmpl)
	out := &lineMap{lines: make([]int, m)}
	if n == 0 || m == 0 {
		return out
	}
	assigned := make([]bool, m)
	if (n+1)*(m+1) <= maxCells {
		w := m + 1
		score := make([]int32, (n+1)*w)
		step := make([]uint8, (n+1)*w)
		for j := m - 1; j >= 0; j-- {
			score[n*w+j] = score[n*w+j+1] - 1
			step[n*w+j] = stepSkipRendered
		}
		for i := n - 1; i >= 0; i-- {
			t := &ts[i]
			row, next := i*w, (i+1)*w
			score[row+m] = score[next+m]
			step[row+m] = stepSkipTemplate
			for j := m - 1; j >= 0; j-- {
				best, how := score[next+j], stepSkipTemplate
				if v := t.matches(rendered[j]); v > 0 && int32(v)+score[next+j+1] > best {
					best, how = int32(v)+score[next+j+1], stepMatch
				}
				if t.kind == outputLine && strings.TrimSpace(rendered[j]) != "" && score[row+j+1] > best {
					best, how = score[row+j+1], stepAbsorb
				} else if t.kind == outputLine && strings.TrimSpace(rendered[j]) != "" && score[row+j+1] == best && how == stepSkipTemplate {
					how = stepAbsorb
				}
				if score[row+j+1]-1 > best {
					best, how = score[row+j+1]-1, stepSkipRendered
				}
				score[row+j], step[row+j] = best, how
			}
		}
		i, j := 0, 0
		for j < m {
			switch step[i*w+j] {
			case stepSkipTemplate:
				i++
			case stepMatch:
				out.lines[j], assigned[j] = i+1, true
				i, j = i+1, j+1
			case stepAbsorb:
				out.lines[j], assigned[j] = i+1, true
				j++
			case stepSkipRendered:
				j++
			}
		}
	}
	// Repair: a rendered line left over goes to the matching template line
	// nearest the line before it (a range body repeated), else to the
	// template line of the line before it.
	prev := 0
	for j := 0; j < m; j++ {
		if assigned[j] {
			prev = out.lines[j]
			continue
		}
		best := 0
		if strings.TrimSpace(rendered[j]) != "" {
			for i := range ts {
				if ts[i].kind != literalLine && ts[i].kind != mixedLine || ts[i].matches(rendered[j]) == 0 {
					continue
				}
				if best == 0 || distance(i+1, prev) < distance(best, prev) {
					best = i + 1
				}
			}
		}
		if best == 0 {
			best = prev
		}
		out.lines[j] = best
		if best > 0 {
			prev = best
		}
	}
	return out
}

// distance prefers lines at or before the previous one (a loop body lies
// before where the loop left off).
func distance(line, prev int) int {
	if line <= prev {
		return prev - line
	}
	return 2 * (line - prev)
}
