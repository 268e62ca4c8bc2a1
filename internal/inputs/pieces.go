package inputs

// Pieces calls fn with each document of a (normalized) YAML stream as
// parseYAML cuts it, kubectl's way, with the line of its first byte; fn
// returns false to stop. A reader that must go on after a syntax error, as
// parseYAML does (position finding field lines again), cuts the stream the
// same way with it.
func Pieces(data []byte, fn func(piece []byte, line int) bool) {
	sp := splitter{data: data, line: 1}
	for {
		ch, err, ok := sp.next()
		if !ok {
			return
		}
		if err == nil && !fn(ch.data, ch.line) {
			return
		}
	}
}
