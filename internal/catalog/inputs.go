package catalog

import "sort"

// Inputs lists the input kinds a policy can read (custom.input, and the
// first folder under policies/), Kubernetes first, then by name.
func Inputs() []string {
	out := make([]string, 0, len(inputKinds))
	for k := range inputKinds {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return inputOrder(out[i]) < inputOrder(out[j]) })
	return out
}

// ValidID reports whether id is a check ID: lower-case words of letters
// and digits joined by "-", starting with a letter. A policy folder must be
// named by one.
func ValidID(id string) bool { return checkID.MatchString(id) }
