# METADATA
# title: Secret-looking variables come from Secrets
# description: >-
#   An environment variable whose name looks like it holds a secret (password,
#   secret, token, API key, access key, credential) takes its value from a
#   Secret through valueFrom.secretKeyRef: never a literal value in the
#   manifest, which lands in Git, in the image of the object in etcd and in
#   every `kubectl get -o yaml`, and never a ConfigMap, which is not meant
#   for confidential data. Configuration is kept out of images and secrets
#   out of configuration. A literal that cannot be a secret is not a
#   finding: an absolute path (DB_PASSWORD_FILE=/run/secrets/db, the file of
#   a mounted Secret), a flag (true, false, yes, no, on, off) and, unless the
#   name says password, a number (MAX_TOKENS=4096). A literal that has the
#   shape of a credential is a finding whatever the variable's name: an AWS
#   access key ID, a JSON Web Token, a URL with a password in it. Variables
#   loaded in bulk with envFrom are not seen by this check.
# custom:
#   section: 三.配置 configmap/secret (C)
#   input: kubernetes
#   kinds: [workloads]
#   action: deny
#   parameters:
#     namePattern:
#       type: string
#       format: regex
#       description: RE2 pattern; variables whose names match must come from a Secret.
#       default: "(?i)(passw(or)?d|secret|token|api[_-]?key|access[_-]?key|credential)"
package shipshape.kubernetes.secrets_from_secret_refs

import data.lib.exemptions
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "secrets-from-secret-refs", findings)

findings contains finding if {
	obj := input.review.object
	some [c, i, e] in secret_like(obj)
	not harmless(e.name, object.get(e, "value", ""))
	finding := {
		"msg": sprintf("%s: %s sets %s to a literal value; put the value in a Secret and read it with valueFrom.secretKeyRef", [workload.describe(obj), workload.container_label(c), e.name]),
		"details": {"field": sprintf("%s.env[%d].value", [c.path, i])},
	}
}

findings contains finding if {
	obj := input.review.object
	some [c, i, e] in secret_like(obj)
	ref := e.valueFrom.configMapKeyRef
	finding := {
		"msg": sprintf("%s: %s reads %s from ConfigMap %s, which is not for confidential data; move the value to a Secret and read it with valueFrom.secretKeyRef", [workload.describe(obj), workload.container_label(c), e.name, object.get(ref, "name", "")]),
		"details": {"field": sprintf("%s.env[%d].valueFrom.configMapKeyRef", [c.path, i])},
	}
}

findings contains finding if {
	not regex.is_valid(input.parameters.namePattern)
	finding := {
		"msg": sprintf("parameter namePattern %q is not a valid RE2 pattern, so no variable can be checked; fix the Constraint", [input.parameters.namePattern]),
		"details": {"field": "spec.parameters.namePattern"},
	}
}

findings contains finding if {
	obj := input.review.object
	some c in workload.containers(obj)
	some i, e in object.get(c.container, "env", [])
	not named_secret(e.name)
	some shape, pattern in credential_shapes
	regex.match(pattern, object.get(e, "value", ""))
	finding := {
		"msg": sprintf("%s: %s sets %s to a literal that looks like %s; put the value in a Secret and read it with valueFrom.secretKeyRef", [workload.describe(obj), workload.container_label(c), e.name, shape]),
		"details": {"field": sprintf("%s.env[%d].value", [c.path, i])},
	}
}

# credential_shapes are values that are credentials whatever the name.
credential_shapes := {
	"an AWS access key ID": `\b(AKIA|ASIA)[0-9A-Z]{16}\b`,
	"a JSON Web Token": `\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+`,
	"a URL with a password": `[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:[^/\s@]+@`,
}

default named_secret(_) := false

named_secret(name) if {
	regex.is_valid(input.parameters.namePattern)
	regex.match(input.parameters.namePattern, name)
}

# harmless holds for a literal that cannot be a secret, or has no value.
default harmless(_, _) := false

harmless(_, "")

# An absolute path: the file of a mounted Secret (the *_FILE convention).
harmless(_, value) if regex.match(`^/[^\s:@]*$`, value)

harmless(_, value) if lower(value) in {"true", "false", "yes", "no", "on", "off", "enabled", "disabled", "none"}

# A number (a counter, a size, a port), unless the name says password.
harmless(name, value) if {
	regex.match(`^[0-9]+(\.[0-9]+)?$`, value)
	not regex.match(`(?i)passw(or)?d|pin$`, name)
}

# secret_like is a set of [container entry, env index, env var] for every
# variable whose name matches the pattern.
secret_like(obj) := {[c, i, e] |
	regex.is_valid(input.parameters.namePattern)
	some c in workload.containers(obj)
	some i, e in object.get(c.container, "env", [])
	regex.match(input.parameters.namePattern, e.name)
}
