# METADATA
# title: ConfigMaps hold no secrets
# description: >-
#   Configuration is kept apart from images, and secrets apart from
#   configuration. A ConfigMap is readable by every role that reads
#   configuration, is printed by kubectl describe, and is not encrypted at
#   rest where Secrets are. A key whose name looks like it holds a secret
#   (namePattern, the same default as secrets-from-secret-refs) or a value
#   that carries a private key (a PEM "PRIVATE KEY" block) belongs in a
#   Secret. Keys of binaryData are checked by name.
# custom:
#   section: 三.1 配置原则 配置与镜像务必严格分离 (F)
#   input: kubernetes
#   kinds: [ConfigMap]
#   action: deny
#   parameters:
#     namePattern:
#       type: string
#       format: regex
#       description: RE2 pattern; ConfigMap keys whose names match belong in a Secret.
#       default: "(?i)(passw(or)?d|secret|token|api[_-]?key|access[_-]?key|credential)"
package shipshape.kubernetes.no_secrets_in_configmaps

import data.lib.exemptions
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "no-secrets-in-configmaps", findings)

findings contains finding if {
	obj := input.review.object
	regex.is_valid(input.parameters.namePattern)
	some field in ["data", "binaryData"]
	some key, _ in object.get(obj, field, {})
	regex.match(input.parameters.namePattern, key)
	finding := {
		"msg": sprintf("%s: key %s looks like a secret; move it to a Secret and read it from there", [workload.describe(obj), key]),
		"details": {"field": sprintf("%s.%s", [field, key])},
	}
}

findings contains finding if {
	obj := input.review.object
	some key, value in object.get(obj, "data", {})
	not regex.match(input.parameters.namePattern, key)
	regex.match(`-----BEGIN [A-Z ]*PRIVATE KEY-----`, value)
	finding := {
		"msg": sprintf("%s: key %s holds a private key; move it to a Secret (type kubernetes.io/tls for a certificate's key)", [workload.describe(obj), key]),
		"details": {"field": sprintf("data.%s", [key])},
	}
}

findings contains finding if {
	not regex.is_valid(input.parameters.namePattern)
	finding := {
		"msg": sprintf("parameter namePattern %q is not a valid RE2 pattern, so no key can be checked; fix the Constraint", [input.parameters.namePattern]),
		"details": {"field": "spec.parameters.namePattern"},
	}
}
