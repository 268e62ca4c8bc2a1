package main

import (
	"bytes"
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
	w   io.Writer
	mu  sync.Mutex // guards cur
	cur check.Progress
	// screen is held while the line is drawn or blanked, or the report
	// written under it; it guards drawn and out.
	screen   sync.Mutex
	drawn    int // width of the last line drawn, to blank it
	out      *underProgress
	stop     chan struct{}
	finished chan struct{}
	// render, when set, draws the line instead of renderProgress (audit).
	render func(check.Progress, int) string
}

func (p *progress) line(c check.Progress) string {
	if p.render != nil {
		return p.render(c, 24)
	}
	return renderProgress(c, 24)
}

func newProgress(w io.Writer, mode string) (*progress, error) {
	return newProgressWith(w, mode, nil)
}

// newProgressWith is newProgress drawing its line with render.
func newProgressWith(w io.Writer, mode string, render func(check.Progress, int) string) (*progress, error) {
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
	return startProgressWith(w, progressDelay, 100*time.Millisecond, render), nil
}

// startProgress draws after delay, then every tick, until done.
func startProgress(w io.Writer, delay, tick time.Duration) *progress {
	return startProgressWith(w, delay, tick, nil)
}

func startProgressWith(w io.Writer, delay, tick time.Duration, render func(check.Progress, int) string) *progress {
	p := &progress{w: w, stop: make(chan struct{}), finished: make(chan struct{}), render: render}
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
	line := p.line(p.cur)
	p.mu.Unlock()
	p.screen.Lock()
	defer p.screen.Unlock()
	p.drawLocked(line)
}

func (p *progress) drawLocked(line string) {
	pad := ""
	if p.drawn > len(line) {
		pad = strings.Repeat(" ", p.drawn-len(line))
	}
	p.drawn = len(line)
	fmt.Fprint(p.w, "\r"+line+pad)
}

func (p *progress) blankLocked() {
	if p.drawn > 0 {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.drawn)+"\r")
		p.drawn = 0
	}
}

// done stops drawing and blanks the line, so the report starts clean.
func (p *progress) done() error {
	if p.w == nil {
		return nil
	}
	close(p.stop)
	<-p.finished
	p.screen.Lock()
	defer p.screen.Unlock()
	p.blankLocked()
	if p.out != nil {
		return p.out.stopLocked()
	}
	return nil
}

// under returns the writer for a report printed while the progress line
// is drawn, on the same screen (standard output a terminal too): each
// write blanks the line first and draws it again after, and the end of a
// write that stops inside a line waits for the rest of that line, so the
// progress line never lands inside a line of the report. After done,
// writes go straight to w.
func (p *progress) under(w io.Writer) io.Writer {
	if p.w == nil {
		return w
	}
	p.screen.Lock()
	defer p.screen.Unlock()
	p.out = &underProgress{p: p, w: w}
	return p.out
}

type underProgress struct {
	p       *progress
	w       io.Writer
	pending []byte // the start of a line, held back
	stopped bool
}

func (u *underProgress) Write(b []byte) (int, error) {
	p := u.p
	p.screen.Lock()
	defer p.screen.Unlock()
	if u.stopped {
		return u.w.Write(b)
	}
	cut := bytes.LastIndexByte(b, '\n') + 1
	if cut == 0 {
		u.pending = append(u.pending, b...)
		return len(b), nil
	}
	redraw := p.drawn > 0
	p.blankLocked()
	if len(u.pending) > 0 {
		if _, err := u.w.Write(u.pending); err != nil {
			return 0, err
		}
		u.pending = u.pending[:0]
	}
	if _, err := u.w.Write(b[:cut]); err != nil {
		return 0, err
	}
	u.pending = append(u.pending, b[cut:]...)
	if redraw {
		p.mu.Lock()
		line := p.line(p.cur)
		p.mu.Unlock()
		p.drawLocked(line)
	}
	return len(b), nil
}

// stopLocked writes what was held back; later writes go straight through.
func (u *underProgress) stopLocked() error {
	u.stopped = true
	if len(u.pending) == 0 {
		return nil
	}
	_, err := u.w.Write(u.pending)
	u.pending = nil
	return err
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

// finish ends a run's progress and says which error ends the command: the
// report writer's first (or the progress line's), then the run's own as a
// usage error.
func (p *progress) finish(writeErr, runErr error) error {
	if perr := p.done(); writeErr == nil {
		writeErr = perr
	}
	if writeErr != nil {
		return writeErr
	}
	if runErr != nil {
		return &exitError{code: exitUsage, err: runErr}
	}
	return nil
}
