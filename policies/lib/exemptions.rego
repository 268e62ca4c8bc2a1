# METADATA
# title: Exemptions
# description: >-
#   An object is exempted from one check by the annotation
#   shipshape.dev/exempt.<check-id> carrying a non-empty reason, optionally
#   bounded by shipshape.dev/exempt-until.<check-id> (YYYY-MM-DD, the last day
#   it counts, UTC). An empty reason or an unreadable date exempts nothing and
#   is reported.
package lib.exemptions

reason_prefix := "shipshape.dev/exempt."

until_prefix := "shipshape.dev/exempt-until."

annotations(obj) := object.get(object.get(obj, "metadata", {}), "annotations", {})

reason(obj, id) := trim_space(annotations(obj)[concat("", [reason_prefix, id])])

until(obj, id) := annotations(obj)[concat("", [until_prefix, id])]

# Dates are compared as YYYY-MM-DD strings, not as nanoseconds, which end in
# 2262: "2999-12-31" is a valid way to say "until further notice".
date_pattern := `^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`

valid_until(obj, id) if regex.match(date_pattern, until(obj, id))

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

problems(obj, id) := {p |
	reason(obj, id) == ""
	p := {
		"msg": sprintf("the exemption of %s from %s has an empty reason, so it exempts nothing; write why in annotation %s%s", [name(obj), id, reason_prefix, id]),
		"details": {"field": sprintf("metadata.annotations.%s%s", [reason_prefix, id])},
	}
} | {p |
	until(obj, id)
	not valid_until(obj, id)
	p := {
		"msg": sprintf("the exemption of %s from %s has expiry %q, which is not a YYYY-MM-DD date, so it exempts nothing", [name(obj), id, until(obj, id)]),
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
} else := findings | problems(obj, id)
