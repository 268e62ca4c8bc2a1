package inputs

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// TreeLine is the line of the dotted path (e.g. spec.containers[0].image,
// metadata.annotations.example.com/key) inside an object node: of the key
// that holds it, or of the deepest ancestor found.
func TreeLine(obj *yaml.Node, path string) int {
	n, line := deref(obj), obj.Line
	rest := path
	for rest != "" {
		switch {
		case strings.HasPrefix(rest, "["):
			end := strings.IndexByte(rest, ']')
			if end < 0 || n.Kind != yaml.SequenceNode {
				return line
			}
			i, err := strconv.Atoi(rest[1:end])
			if err != nil || i < 0 || i >= len(n.Content) {
				return line
			}
			n = deref(n.Content[i])
			line = n.Line
			rest = rest[end+1:]
		case strings.HasPrefix(rest, "."):
			rest = rest[1:]
		default:
			if n.Kind != yaml.MappingNode {
				return line
			}
			// The longest key that the path continues from: keys may
			// hold dots themselves (annotation names). Of a key written
			// twice the last counts, as kubectl keeps the last.
			best := -1
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i].Value
				if strings.HasPrefix(rest, k) && (len(rest) == len(k) || rest[len(k)] == '.' || rest[len(k)] == '[') {
					if best < 0 || len(k) >= len(n.Content[best].Value) {
						best = i
					}
				}
			}
			if best < 0 {
				return line
			}
			line = n.Content[best].Line
			rest = rest[len(n.Content[best].Value):]
			n = deref(n.Content[best+1])
		}
	}
	return line
}
