// Package policies embeds the Rego policy sources, their tests and their
// gator suites, so the binary carries the whole catalog.
package policies

import "embed"

// FS holds every policy folder and the shared Rego library.
//
//go:embed *
var FS embed.FS
