package lib.exemptions_test

import data.lib.exemptions

obj(annotations) := {"kind": "Pod", "metadata": {"name": "p", "annotations": annotations}}

test_reason_exempts if exemptions.active(obj({"shipshape.dev/exempt.x": "why"}), "x")

test_empty_reason_does_not if {
	not exemptions.active(obj({"shipshape.dev/exempt.x": " "}), "x")
	count(exemptions.problems(obj({"shipshape.dev/exempt.x": " "}), "x")) == 1
}

test_far_future_date_counts if {
	exemptions.active(obj({"shipshape.dev/exempt.x": "why", "shipshape.dev/exempt-until.x": "2999-12-31"}), "x")
}

test_last_day_counts if {
	today := time.format([time.now_ns(), "UTC", "2006-01-02"])
	exemptions.active(obj({"shipshape.dev/exempt.x": "why", "shipshape.dev/exempt-until.x": today}), "x")
}

test_past_date_does_not if {
	not exemptions.active(obj({"shipshape.dev/exempt.x": "why", "shipshape.dev/exempt-until.x": "2001-01-31"}), "x")
	count(exemptions.problems(obj({"shipshape.dev/exempt.x": "why", "shipshape.dev/exempt-until.x": "2001-01-31"}), "x")) == 0
}

test_unreadable_date_is_reported if {
	o := obj({"shipshape.dev/exempt.x": "why", "shipshape.dev/exempt-until.x": "2027-13-01"})
	not exemptions.active(o, "x")
	some p in exemptions.problems(o, "x")
	contains(p.msg, "not a YYYY-MM-DD day of the calendar")
}

test_other_check_is_untouched if not exemptions.active(obj({"shipshape.dev/exempt.y": "why"}), "x")

test_impossible_dates_are_reported if {
	every date in ["2099-02-31", "2027-04-31", "2026-02-29", "2100-02-29"] {
		o := obj({"shipshape.dev/exempt.x": "why", "shipshape.dev/exempt-until.x": date})
		not exemptions.active(o, "x")
		some p in exemptions.problems(o, "x")
		contains(p.msg, "not a YYYY-MM-DD day of the calendar")
	}
}

test_leap_days_count if {
	every date in ["2028-02-29", "2400-02-29", "2999-12-31"] {
		exemptions.active(obj({"shipshape.dev/exempt.x": "why", "shipshape.dev/exempt-until.x": date}), "x")
	}
}

test_non_string_reason_is_reported if {
	o := obj({"shipshape.dev/exempt.x": 2027})
	not exemptions.active(o, "x")
	some p in exemptions.problems(o, "x")
	contains(p.msg, "is 2027, not a string, so it exempts nothing")
	count(exemptions.enforce(o, "x", {{"msg": "finding"}})) == 2
}

test_expired_exemption_is_mentioned_on_the_finding if {
	o := obj({"shipshape.dev/exempt.x": "why", "shipshape.dev/exempt-until.x": "2001-01-31"})
	vs := exemptions.enforce(o, "x", {{"msg": "Pod p: bad", "details": {"field": "spec"}}})
	vs == {{"msg": "Pod p: bad (its exemption expired on 2001-01-31)", "details": {"field": "spec", "exemptionExpired": "2001-01-31"}}}
}
