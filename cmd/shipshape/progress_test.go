package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shipshape-dev/shipshape/internal/check"
)

func TestRenderProgress(t *testing.T) {
	for _, tc := range []struct {
		in   check.Progress
		want string
	}{
		{check.Progress{}, "[          ]   0%  0 files, 0/0 documents checked, 0 findings"},
		{check.Progress{Files: 3, Documents: 200, Checked: 50, Findings: 7}, "[==        ]  25%  3 files, 50/200 documents checked, 7 findings"},
		{check.Progress{Files: 1, Documents: 10, Checked: 10, Findings: 1}, "[==========] 100%  1 files, 10/10 documents checked, 1 findings"},
	} {
		assert.Equal(t, tc.want, renderProgress(tc.in, 10))
	}
}

// syncBuffer is a bytes.Buffer safe for the drawing goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestProgressDrawsAndClears(t *testing.T) {
	var buf syncBuffer
	p := startProgress(&buf, 0, time.Millisecond)
	p.update(check.Progress{Files: 1, Documents: 4, Checked: 2, Findings: 3})
	require.Eventually(t, func() bool { return strings.Contains(buf.String(), "2/4 documents checked, 3 findings") }, time.Second, time.Millisecond)
	p.done()
	out := buf.String()
	assert.True(t, strings.HasSuffix(out, "\r"), "the line is blanked at the end: %q", out)
}

func TestProgressIsSilentForQuickRuns(t *testing.T) {
	var buf syncBuffer
	p := startProgress(&buf, time.Hour, time.Millisecond)
	p.update(check.Progress{Files: 1, Documents: 1, Checked: 1})
	p.done()
	assert.Empty(t, buf.String())
}

func TestProgressIsSilentWhenNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	p, err := newProgress(&buf, "auto")
	require.NoError(t, err)
	p.update(check.Progress{Files: 1, Documents: 1, Checked: 1})
	p.done()
	assert.Empty(t, buf.String())
	_, err = newProgress(&buf, "sometimes")
	assert.Error(t, err)
}

// TestProgressKeepsReportLinesWhole: a report printed under the progress
// line (both on one terminal) never has the progress line inside one of
// its lines, and loses nothing.
func TestProgressKeepsReportLinesWhole(t *testing.T) {
	var screen syncBuffer
	p := startProgress(&screen, 0, time.Millisecond)
	out := p.under(&screen)
	p.update(check.Progress{Files: 1, Documents: 4, Checked: 2, Findings: 3})
	require.Eventually(t, func() bool { return strings.Contains(screen.String(), "documents checked") }, time.Second, time.Millisecond)
	for _, chunk := range []string{"first line\nsec", "ond ", "line\nthird", " line\n", "last line, no newline"} {
		_, err := out.Write([]byte(chunk))
		require.NoError(t, err)
	}
	require.NoError(t, p.done())
	_, err := out.Write([]byte(" and after done\n"))
	require.NoError(t, err)

	got := screen.String()
	// What a terminal shows: each \r goes back to the line start; the
	// progress line is blanked before report text is written over it.
	var report []string
	for _, line := range strings.Split(got, "\n") {
		parts := strings.Split(line, "\r")
		report = append(report, strings.TrimRight(parts[len(parts)-1], " "))
		for _, part := range parts[:len(parts)-1] {
			assert.NotContains(t, part, "line", "report text overwritten by a \\r: %q", line)
		}
	}
	assert.Equal(t, []string{"first line", "second line", "third line", "last line, no newline and after done", ""}, report, "%q", got)
}
