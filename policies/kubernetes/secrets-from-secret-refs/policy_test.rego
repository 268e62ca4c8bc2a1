package shipshape.kubernetes.secrets_from_secret_refs_test

import data.shipshape.kubernetes.secrets_from_secret_refs.violation

pattern := "(?i)(passw(or)?d|secret|token|api[_-]?key|access[_-]?key|credential)"

pod(env) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "env": env}]}}

review(obj) := {"review": {"object": obj}, "parameters": {"namePattern": pattern}}

secret_ref(name) := {"name": name, "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}

test_secret_ref_passes if {
	count(violation) == 0 with input as review(pod([secret_ref("DB_PASSWORD"), {"name": "LOG_LEVEL", "value": "info"}]))
}

test_literal_is_denied if {
	vs := violation with input as review(pod([{"name": "DB_PASSWORD", "value": "hunter2"}]))
	count(vs) == 1
	some v in vs
	v.msg == "Pod p: container a sets DB_PASSWORD to a literal value; put the value in a Secret and read it with valueFrom.secretKeyRef"
	v.details.field == "spec.containers[0].env[0].value"
}

test_config_map_is_denied if {
	e := {"name": "API_KEY", "valueFrom": {"configMapKeyRef": {"name": "settings", "key": "apiKey"}}}
	vs := violation with input as review(pod([{"name": "X", "value": "1"}, e]))
	count(vs) == 1
	some v in vs
	v.msg == "Pod p: container a reads API_KEY from ConfigMap settings, which is not for confidential data; move the value to a Secret and read it with valueFrom.secretKeyRef"
	v.details.field == "spec.containers[0].env[1].valueFrom.configMapKeyRef"
}

test_names_the_default_pattern_catches if {
	every name in ["PASSWORD", "db_passwd", "MYSQL_ROOT_PASSWORD", "CLIENT_SECRET", "GITHUB_TOKEN", "apiKey", "API-KEY", "AWS_ACCESS_KEY_ID", "access_key", "GOOGLE_APPLICATION_CREDENTIALS"] {
		count(violation) == 1 with input as review(pod([{"name": name, "value": "x"}]))
	}
}

test_names_the_default_pattern_leaves_alone if {
	every name in ["LOG_LEVEL", "PASS_THROUGH", "KEY_SIZE", "DB_HOST", "SECURE_MODE"] {
		count(violation) == 0 with input as review(pod([{"name": name, "value": "x"}]))
	}
}

test_empty_literal_reveals_nothing if {
	count(violation) == 0 with input as review(pod([{"name": "DB_PASSWORD", "value": ""}, {"name": "API_TOKEN"}]))
}

test_field_refs_are_not_literals if {
	e := {"name": "SERVICE_ACCOUNT_TOKEN_PATH", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}
	count(violation) == 0 with input as review(pod([e]))
}

test_custom_pattern if {
	obj := pod([{"name": "DB_PASSWORD", "value": "x"}, {"name": "LICENSE", "value": "y"}])
	vs := violation with input as {"review": {"object": obj}, "parameters": {"namePattern": "^LICENSE$"}}
	count(vs) == 1
	some v in vs
	contains(v.msg, "sets LICENSE to a literal value")
}

test_invalid_pattern_is_reported_once if {
	vs := violation with input as {"review": {"object": pod([{"name": "DB_PASSWORD", "value": "x"}])}, "parameters": {"namePattern": "(unclosed"}}
	count(vs) == 1
	some v in vs
	contains(v.msg, `parameter namePattern "(unclosed" is not a valid RE2 pattern`)
}

test_init_container_breaks_rule_while_main_is_fine if {
	obj := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {
		"initContainers": [{"name": "migrate", "env": [{"name": "DB_PASSWORD", "value": "hunter2"}]}],
		"containers": [{"name": "main", "env": [secret_ref("DB_PASSWORD")]}],
	}}}}
	vs := violation with input as review(obj)
	count(vs) == 1
	some v in vs
	v.details.field == "spec.template.spec.initContainers[0].env[0].value"
	contains(v.msg, "Deployment d: init container migrate sets DB_PASSWORD")
}

test_cronjob_nesting_and_ephemeral if {
	obj := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {
		"containers": [{"name": "main", "env": [{"name": "TOKEN", "value": "t"}]}],
		"ephemeralContainers": [{"name": "debug", "env": [{"name": "SECRET", "value": "s"}]}],
	}}}}}}
	vs := violation with input as review(obj)
	{v.details.field | some v in vs} == {"spec.jobTemplate.spec.template.spec.containers[0].env[0].value", "spec.jobTemplate.spec.template.spec.ephemeralContainers[0].env[0].value"}
}

test_exemption_with_reason_silences if {
	obj := object.union(pod([{"name": "TOKEN_TTL", "value": "3600"}]), {"metadata": {"annotations": {"shipshape.dev/exempt.secrets-from-secret-refs": "TOKEN_TTL is a duration, not a secret"}}})
	count(violation) == 0 with input as review(obj)
}

test_literals_that_cannot_be_secrets if {
	every e in [
		{"name": "DB_PASSWORD_FILE", "value": "/run/secrets/db"},
		{"name": "POSTGRES_PASSWORD_FILE", "value": "/var/run/secrets/postgres/password"},
		{"name": "ALLOW_EMPTY_PASSWORD", "value": "no"},
		{"name": "GF_SECURITY_DISABLE_INITIAL_ADMIN_PASSWORD_CHANGE", "value": "true"},
		{"name": "MAX_TOKENS", "value": "4096"},
		{"name": "TOKEN_TTL_SECONDS", "value": "3600"},
	] {
		count(violation) == 0 with input as review(pod([e]))
	}
}

test_literal_secrets_are_still_denied if {
	every e in [
		{"name": "PASSWORD", "value": "hunter2"},
		{"name": "DB_PASSWORD", "value": "1234"},
		{"name": "REDIS_PASSWORD", "value": "yes-really-secret"},
		{"name": "AWS_SECRET_ACCESS_KEY", "value": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
		{"name": "API_TOKEN", "value": "ghp_16C7e42F292c6912E7710c838347Ae178B4a"},
	] {
		vs := violation with input as review(pod([e]))
		count(vs) == 1
		some v in vs
		v.msg == sprintf("Pod p: container a sets %s to a literal value; put the value in a Secret and read it with valueFrom.secretKeyRef", [e.name])
	}
}

test_credential_shapes_under_any_name if {
	cases := {
		"S3_KEY_ID": ["AKIAIOSFODNN7EXAMPLE", "an AWS access key ID"],
		"AUTH_HEADER": ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "a JSON Web Token"],
		"DATABASE_URL": ["postgres://app:hunter2@db.shop.svc:5432/orders", "a URL with a password"],
	}
	every name, c in cases {
		vs := violation with input as review(pod([{"name": name, "value": c[0]}]))
		count(vs) == 1
		some v in vs
		v.msg == sprintf("Pod p: container a sets %s to a literal that looks like %s; put the value in a Secret and read it with valueFrom.secretKeyRef", [name, c[1]])
		v.details.field == "spec.containers[0].env[0].value"
	}
}

test_urls_without_password_pass if {
	every value in ["postgres://db.shop.svc:5432/orders", "https://api.example.com/v1", "redis://redis:6379/0"] {
		count(violation) == 0 with input as review(pod([{"name": "DATABASE_URL", "value": value}]))
	}
}
