package shipshape.kubernetes.no_secrets_in_configmaps_test

import data.shipshape.kubernetes.no_secrets_in_configmaps.violation

pattern := "(?i)(passw(or)?d|secret|token|api[_-]?key|access[_-]?key|credential)"

cm(entries) := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "web-config"}, "data": entries}

review(obj, p) := {"review": {"object": obj}, "parameters": {"namePattern": p}}

test_secret_looking_keys if {
	vs := violation with input as review(cm({"DB_PASSWORD": "x", "LOG_LEVEL": "info", "tls.key": "-----BEGIN RSA PRIVATE KEY-----\nMII\n-----END RSA PRIVATE KEY-----\n"}), pattern)
	{v.msg | some v in vs} == {
		"ConfigMap web-config: key DB_PASSWORD looks like a secret; move it to a Secret and read it from there",
		"ConfigMap web-config: key tls.key holds a private key; move it to a Secret (type kubernetes.io/tls for a certificate's key)",
	}
	{v.details.field | some v in vs} == {"data.DB_PASSWORD", "data.tls.key"}
}

test_binary_data_keys if {
	obj := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "binaryData": {"api-key.bin": "AAAA"}}
	[v.details.field | some v in violation] == ["binaryData.api-key.bin"] with input as review(obj, pattern)
}

test_plain_configuration_passes if {
	count(violation) == 0 with input as review(cm({"LOG_LEVEL": "info", "tls.crt": "-----BEGIN CERTIFICATE-----"}), pattern)
}

test_invalid_pattern if {
	vs := violation with input as review(cm({"a": "b"}), "(")
	[v.msg | some v in vs] == ["parameter namePattern \"(\" is not a valid RE2 pattern, so no key can be checked; fix the Constraint"]
}
