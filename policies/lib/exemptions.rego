# METADATA
# title: Exemptions
# description: >-
#   An object is exempted from one check by the annotation
#   shipshape.dev/exempt.<check-id> carrying a non-empty reason, optionally
#   bounded by shipshape.dev/exempt-until.<check-id> (YYYY-MM-DD, the last day
#   it counts, UTC). An empty or non-string reason, or a date that is not a
#   day of the calendar, exempts nothing and is reported; a finding an
#   expired exemption no longer covers says so.
package lib.exemptions

reason_prefix := "shipshape.dev/exempt."

until_prefix := "shipshape.dev/exempt-until."

annotations(obj) := object.get(object.get(obj, "metadata", {}), "annotations", {})

reason(obj, id) := trim_space(value) if {
	value := annotations(obj)[concat("", [reason_prefix, id])]
	is_string(value)
}

until(obj, id) := annotations(obj)[concat("", [until_prefix, id])]

# Dates are compared as YYYY-MM-DD strings, not as nanoseconds, which end in
# 2262: "2999-12-31" is a valid way to say "until further notice".
date_pattern := `^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`

valid_until(obj, id) if {
	is_string(until(obj, id))
	regex.match(date_pattern, until(obj, id))
	[y, m, d] := [to_number(x) | some x in split(until(obj, id), "-")]
	d <= days_in_month(y, m)
}

# Not time.parse_ns: nanoseconds end in 2262.
days_in_month(_, m) := 30 if m in {4, 6, 9, 11}

days_in_month(y, 2) := 29 if leap(y)

days_in_month(y, 2) := 28 if not leap(y)

days_in_month(_, m) := 31 if m in {1, 3, 5, 7, 8, 10, 12}

leap(y) if {
	y % 4 == 0
	y % 100 != 0
}

leap(y) if y % 400 == 0

expired(obj, id) if {
	reason(obj, id) != ""
	valid_until(obj, id)
	today > until(obj, id)
}

today := time.format([time.now_ns(), "UTC", "2006-01-02"])

# active holds while the object is exempted from the check.
active(obj, id) if {
	reason(obj, id) != ""
	not until(obj, id)
}

active(obj, id) if {
	reason(obj, id) != ""
	valid_until(obj, id)
	today <= until(obj, id)
}

problems(obj, id) := ({p |
	value := annotations(obj)[concat("", [reason_prefix, id])]
	not is_string(value)
	p := {
		"msg": sprintf("the exemption of %s from %s is %v, not a string, so it exempts nothing (Kubernetes accepts only string annotations); quote the reason", [name(obj), id, value]),
		"details": {"field": sprintf("metadata.annotations.%s%s", [reason_prefix, id])},
	}
} | {p |
	reason(obj, id) == ""
	p := {
		"msg": sprintf("the exemption of %s from %s has an empty reason, so it exempts nothing; write why in annotation %s%s", [name(obj), id, reason_prefix, id]),
		"details": {"field": sprintf("metadata.annotations.%s%s", [reason_prefix, id])},
	}
}) | {p |
	until(obj, id)
	not valid_until(obj, id)
	p := {
		"msg": sprintf("the exemption of %s from %s has expiry %v, which is not a YYYY-MM-DD day of the calendar, so it exempts nothing", [name(obj), id, until(obj, id)]),
		"details": {"field": sprintf("metadata.annotations.%s%s", [until_prefix, id])},
	}
}

name(obj) := sprintf("%s %s", [obj.kind, object.get(object.get(obj, "metadata", {}), "name", "<unnamed>")])

# enforce returns what Gatekeeper should report: the policy's findings unless
# the object is exempted, and any problem with the exemption itself. Most
# objects carry no exemption for the check: that case costs one lookup of
# the annotation, and the else chain stops at the first body that holds
# (separate bodies each asked the same question again: OPA does not cache
# a function that comes out undefined).
enforce(obj, id, findings) := findings if {
	not obj.metadata.annotations[concat("", [reason_prefix, id])]
} else := problems(obj, id) if {
	active(obj, id)
} else := {lapsed(f, obj, id) | some f in findings} | problems(obj, id) if {
	expired(obj, id)
} else := findings | problems(obj, id)

# lapsed says on a finding that the exemption which covered it expired.
lapsed(f, obj, id) := object.union(f, {
	"msg": sprintf("%s (its exemption expired on %s)", [f.msg, until(obj, id)]),
	"details": object.union(object.get(f, "details", {}), {"exemptionExpired": until(obj, id)}),
})
