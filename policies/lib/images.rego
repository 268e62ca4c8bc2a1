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

# normalized reads ref as the container runtime's reference library does
# (distribution/reference ParseNormalizedNamed; a Go test pins it on
# generated references): {"name", "domain", "path", "tag", "digest"}, the
# name fully qualified (nginx:1.27 is docker.io/library/nginx), undefined
# for what is not a reference (uppercase repository, bad tag or digest,
# a bare 64-hex ID).
normalized(ref) := r if {
	is_string(ref)
	not regex.match(`^[a-f0-9]{64}$`, ref)
	[domain, remainder] := _split_domain(ref)
	remote := split(remainder, ":")[0]
	lower(remote) == remote
	[m] := regex.find_all_string_submatch_n(_reference, concat("/", [domain, remainder]), 1)
	count(m[3]) <= 255
	_digest_ok(m[5])
	r := {"name": m[1], "domain": m[2], "path": m[3], "tag": m[4], "digest": m[5]}
}

# The reference grammar: an optional host (DNS name or [IPv6]) with an
# optional port (what is no host may still be a path: ex_ample.com/app),
# path components of lower-case letters and digits joined by . _ __ or -,
# an optional tag and an optional digest.
_component := `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`

_host := `(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?`

_reference := concat("", [`^((?:(`, _host, `)/)?(`, _component, `(?:/`, _component, `)*))(?::([\w][\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[[:xdigit:]]{32,}))?$`])

# The first segment is a registry when it is localhost, has a dot or a
# colon, or has upper case (namespaces cannot); index.docker.io is
# docker.io; a one-segment name on Docker Hub is under library/.
_split_domain(ref) := ["docker.io", concat("", ["library/", ref])] if not contains(ref, "/")

_split_domain(ref) := [_hub(d), _library(_hub(d), rest)] if {
	i := indexof(ref, "/")
	i >= 0
	d := substring(ref, 0, i)
	rest := substring(ref, i + 1, -1)
	_is_domain(d)
}

_split_domain(ref) := ["docker.io", _library("docker.io", ref)] if {
	i := indexof(ref, "/")
	i >= 0
	not _is_domain(substring(ref, 0, i))
}

_is_domain("localhost")

_is_domain("index.docker.io")

_is_domain(d) if regex.match(`[.:]`, d)

_is_domain(d) if lower(d) != d

_hub("index.docker.io") := "docker.io"

_hub(d) := d if d != "index.docker.io"

_library("docker.io", rest) := concat("", ["library/", rest]) if not contains(rest, "/")

_library(d, rest) := rest if {
	d == "docker.io"
	contains(rest, "/")
}

_library(d, rest) := rest if d != "docker.io"

# A digest names an algorithm the library knows, with its length of
# lower-case hex.
_digest_ok("")

_digest_ok(d) if {
	[alg, hex] := split(d, ":")
	regex.match(`^[a-f0-9]+$`, hex)
	count(hex) == {"sha256": 64, "sha384": 96, "sha512": 128}[alg]
}

# allowed_registry holds when ref comes from one of entries: a registry host
# (with its port, registry.example.com or host:5000) allows everything it
# serves, a host and path (registry.example.com/shop) that repository and
# those under it. Docker Hub names are compared fully qualified
# (docker.io/library/nginx). The Kubernetes and Dockerfile variants of
# allowed-registries both ask this, so one Constraint gives one verdict.
allowed_registry(ref, entries) if {
	name := normalized(ref).name
	some entry in entries
	_under(name, trim_suffix(entry, "/"))
}

_under(name, prefix) if name == prefix

_under(name, prefix) if startswith(name, concat("", [prefix, "/"]))

# registry is the registry host ref is pulled from, as normalized reads it;
# for what is not a reference, the host parse finds.
default registry(_) := ""

registry(ref) := d if {
	d := normalized(ref).domain
	d != ""
} else := parse(ref).registry
