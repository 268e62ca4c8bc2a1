package inputs

// Pieces calls fn with each piece of a (normalized) YAML stream as
// parseYAML cuts it, at its "---" lines, with the line of the piece's
// first byte; fn returns false to stop. A reader that must go on after a
// syntax error, as parseYAML does (position finding field lines again),
// cuts the stream the same way with it.
func Pieces(data []byte, fn func(piece []byte, line int) bool) {
	sp := splitter{data: data, line: 1}
	for {
		ch, ok := sp.next()
		if !ok || !fn(data[ch.start:ch.end], ch.line) {
			return
		}
	}
}
