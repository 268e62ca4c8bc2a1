package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/shipshape-dev/shipshape/internal/check"
)

// progressDelay: runs shorter than this print no progress at all.
const progressDelay = 700 * time.Millisecond

// progress draws one self-overwriting status line on stderr while a check
// runs. It is silent unless stderr is a terminal (or --progress always),
// and it draws nothing before progressDelay, so quick runs and CI logs stay
// clean.
type progress struct {
	w        io.Writer
	mu       sync.Mutex
	cur      check.Progress
	drawn    int // width of the last line drawn, to blank it
	stop     chan struct{}
	finished chan struct{}
}

func newProgress(w io.Writer, mode string) (*progress, error) {
	switch mode {
	case "never":
		return &progress{}, nil
	case "auto":
		if !isTerminal(w) {
			return &progress{}, nil
		}
	case "always":
	default:
		return nil, fmt.Errorf("--progress %q is not one of auto, always, never", mode)
	}
	return startProgress(w, progressDelay, 100*time.Millisecond), nil
}

// startProgress draws after delay, then every tick, until done.
func startProgress(w io.Writer, delay, tick time.Duration) *progress {
	p := &progress{w: w, stop: make(chan struct{}), finished: make(chan struct{})}
	go func() {
		defer close(p.finished)
		select {
		case <-p.stop:
			return
		case <-time.After(delay):
		}
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			p.draw()
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

// update records the latest state; it is cheap, as it runs per document.
func (p *progress) update(c check.Progress) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	if c.Checked >= p.cur.Checked {
		p.cur = c
	}
	p.mu.Unlock()
}

func (p *progress) draw() {
	p.mu.Lock()
	line := renderProgress(p.cur, 24)
	pad := ""
	if p.drawn > len(line) {
		pad = strings.Repeat(" ", p.drawn-len(line))
	}
	p.drawn = len(line)
	p.mu.Unlock()
	fmt.Fprint(p.w, "\r"+line+pad)
}

// done stops drawing and blanks the line, so the report starts clean.
func (p *progress) done() {
	if p.w == nil {
		return
	}
	close(p.stop)
	<-p.finished
	if p.drawn > 0 {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.drawn)+"\r")
	}
}

// renderProgress is the status line: a bar over the documents checked,
// then files read, documents checked and findings so far.
func renderProgress(c check.Progress, width int) string {
	filled := 0
	if c.Documents > 0 {
		filled = c.Checked * width / c.Documents
	}
	if filled > width {
		filled = width
	}
	bar := strings.Repeat("=", filled) + strings.Repeat(" ", width-filled)
	pct := 0
	if c.Documents > 0 {
		pct = c.Checked * 100 / c.Documents
	}
	return fmt.Sprintf("[%s] %3d%%  %d files, %d/%d documents checked, %d findings", bar, pct, c.Files, c.Checked, c.Documents, c.Findings)
}
