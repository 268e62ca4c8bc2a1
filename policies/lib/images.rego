# METADATA
# title: Image reference helpers
# description: >-
#   Splits an image reference into registry, repository, tag and digest the
#   way the container runtime reads it.
package lib.images

# parse returns {"registry", "repository", "tag", "digest"}; a missing part is "".
# The first path segment is a registry only when it looks like a host
# (has a dot or a port, or is localhost), as Docker decides.
parse(ref) := {
	"registry": registry,
	"repository": repository,
	"tag": tag,
	"digest": digest,
} if {
	[name_tag, digest] := split_digest(ref)
	[registry, rest] := split_registry(name_tag)
	[repository, tag] := split_tag(rest)
}

split_digest(ref) := [substring(ref, 0, i), substring(ref, i + 1, -1)] if {
	i := indexof(ref, "@")
	i >= 0
}

split_digest(ref) := [ref, ""] if not contains(ref, "@")

split_registry(name) := [first, concat("/", array.slice(parts, 1, count(parts)))] if {
	parts := split(name, "/")
	count(parts) > 1
	first := parts[0]
	looks_like_host(first)
}

split_registry(name) := ["docker.io", name] if {
	parts := split(name, "/")
	not registry_prefixed(parts)
}

registry_prefixed(parts) if {
	count(parts) > 1
	looks_like_host(parts[0])
}

looks_like_host(s) if contains(s, ".")

looks_like_host(s) if contains(s, ":")

looks_like_host("localhost")

# The tag follows the last colon of the last path segment, so a registry
# port (host:5000/app) is never taken for a tag.
split_tag(rest) := [rest, ""] if {
	last := last_segment(rest)
	not contains(last, ":")
}

split_tag(rest) := [substring(rest, 0, (count(rest) - count(last)) + i), substring(last, i + 1, -1)] if {
	last := last_segment(rest)
	i := indexof(last, ":")
	i >= 0
}

last_segment(s) := parts[count(parts) - 1] if parts := split(s, "/")

has_tag(ref) if parse(ref).tag != ""

has_digest(ref) if parse(ref).digest != ""

pinned(ref) if has_tag(ref)

pinned(ref) if has_digest(ref)
