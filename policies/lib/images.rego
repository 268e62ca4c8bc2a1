# METADATA
# title: Image reference helpers
# description: >-
#   Splits an image reference into registry, repository, tag and digest the
#   way the container runtime reads it.
package lib.images

# parse returns {"registry", "repository", "tag", "digest"}; a missing part is "".
# The first path segment is a registry only when it looks like a host
# (has a dot or a port, or is localhost) and more segments follow, as
# Docker decides. The tag is what follows the first colon of the last
# segment (so a registry port, host:5000/app, is never taken for a tag),
# the digest what follows the first @. One regular expression does it:
# image references are parsed for every container of every object.
parse(ref) := {
	"registry": registry_or_default(m[1]),
	"repository": m[2],
	"tag": m[3],
	"digest": m[4],
} if {
	[m] := regex.find_all_string_submatch_n(reference_pattern, ref, 1)
}

reference_pattern := `^(?:([^/@]*[.:][^/@]*|localhost)/)?((?:[^/@]*/)*[^/:@]*)(?::([^/@]*))?(?:@(.*))?$`

registry_or_default("") := "docker.io"

registry_or_default(r) := r if r != ""

# A helper that holds or not has a default of false: OPA caches a function's
# value for the arguments but not its undefinedness, and the policies ask
# these again and again about one object.
default has_tag(_) := false

has_tag(ref) if parse(ref).tag != ""

default has_digest(_) := false

has_digest(ref) if parse(ref).digest != ""

default pinned(_) := false

pinned(ref) if has_tag(ref)

pinned(ref) if has_digest(ref)
