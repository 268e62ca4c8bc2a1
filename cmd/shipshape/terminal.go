package main

import (
	"io"
	"os"

	"golang.org/x/term"
)

// isTerminal tells whether w is a terminal (a file on a tty).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// colorWanted: colour only on a terminal, and never with NO_COLOR set
// (https://no-color.org: any non-empty value).
func colorWanted(w io.Writer) bool {
	return os.Getenv("NO_COLOR") == "" && isTerminal(w)
}
