# METADATA
# title: Kubernetes quantities
# description: >-
#   Reads a resource quantity (cpu 500m, memory 32Gi, 1e3, 0.5, +1, 1E) as
#   Kubernetes' resource.ParseQuantity does: one meaning of a quantity for
#   every policy and for plan validation. A Go test pins it against
#   resource.ParseQuantity on generated quantities.
package lib.quantity

# pattern is the quantity grammar as a regular expression: a sign, digits
# with an optional point (1, 1., .5, or nothing at all: "+" and "." read
# as 0), then a suffix: a binary one (Ki … Ei), a decimal one (n, u, m, "",
# k, M, G, T, P, E) or an exponent (e3, E-2). The same text is the schema
# pattern of quantity parameters; the exponent must also fit in 64 bits.
pattern := `^[+-]?[0-9]*(\.[0-9]*)?([numkMGTPE]|[KMGTPE]i|[eE][+-]?[0-9]+)?$`

# valid holds for a string or number Kubernetes reads as a quantity.
default valid(_) := false

valid(q) if _parts(q)

# parse is the value of a quantity as a number (cores, bytes); undefined
# when q is not one. Values keep their decimals (128m is 0.128); like
# Kubernetes, a value finer than 1n is rounded up to 1n steps and a binary
# one (Ki … Ei) is held at most 2^63-1.
parse(q) := _value(_parts(q))

# A number (a YAML 2 or 0.5) is read from its JSON text, as the API server
# decodes a quantity given as a number.
_text(q) := q if is_string(q)

_text(q) := sprintf("%v", [q]) if is_number(q)

_parts(q) := p if {
	s := _text(q)
	s != ""
	[m] := regex.find_all_string_submatch_n(`^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$`, s, 1)
	regex.match(pattern, s)
	suffix := _suffix(m[4])
	p := {
		"negative": m[1] == "-",
		"int": trim_left(m[2], "0"),
		"frac": m[3],
		"suffix": suffix,
	}
	not _unreadable(p, m[2])
}

# Kubernetes reads a number without digits (Pi, -.e-12) only on its fast
# path; on the slow one the numeric part ("", "-", ".") does not parse.
_unreadable(p, raw) if {
	raw == ""
	p.frac == ""
	_slow(p)
}

# _slow holds where ParseQuantity leaves its int64 fast path: more than 18
# digits or a scale finer than 1n (decimal); a fraction, or more digits than
# the suffix leaves room for (binary).
_slow(p) if {
	p.suffix.base == 10
	count(_int_or_zero(p.int)) + count(p.frac) > 18
}

_slow(p) if {
	p.suffix.base == 10
	p.suffix.exp - count(p.frac) < -9
}

_slow(p) if {
	p.suffix.base == 2
	p.frac != ""
}

_slow(p) if {
	p.suffix.base == 2
	(14 - count(_int_or_zero(p.int))) - ((p.suffix.exp * 3) / 10) < 0
}

_decimal := {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}

_binary := {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}

_suffix(s) := {"base": 10, "exp": _decimal[s]} if _decimal[s]

_suffix(s) := {"base": 2, "exp": _binary[s]} if _binary[s]

# An exponent is read as a 64-bit integer: more is not a quantity.
_suffix(s) := {"base": 10, "exp": e} if {
	[m] := regex.find_all_string_submatch_n(`^[eE]([+-]?)0*([0-9]+)$`, s, 1)
	e := to_number(concat("", [trim_left(m[1], "+"), m[2]]))
	e >= -9223372036854775808
	e <= 9223372036854775807
}

_max := "9223372036854775807"

# _value is the value's decimal text, signed, read as a number once: OPA
# keeps a number's text, so nothing is lost to floating point. A value past
# float64's range (1e309) is a quantity without a value here.
_value(p) := to_number(concat("", [_sign(p.negative, t), t])) if t := _magnitude(p)

_sign(true, t) := "-" if t != "0"

_sign(false, _) := ""

_sign(true, "0") := ""

# Decimal suffixes: the exact value, rounded up to 1n steps.
_magnitude(p) := _nano(_digits(p), p.suffix.exp - count(p.frac)) if p.suffix.base == 10

# Binary suffixes: digits × 2^exp, then the decimals of the fraction,
# rounded up to 1n and held at most 2^63-1.
_magnitude(p) := _capped(_nano(sprintf("%v", [to_number(_digits(p)) * bits.lsh(1, p.suffix.exp)]), 0 - count(p.frac))) if {
	p.suffix.base == 2
}

_capped(t) := _max if _above_max(split(t, ".")[0], t)

_capped(t) := t if not _above_max(split(t, ".")[0], t)

_above_max(i, _) if count(i) > count(_max)

_above_max(i, _) if {
	count(i) == count(_max)
	i > _max
}

_above_max(i, t) if {
	i == _max
	contains(t, ".")
}

_int_or_zero("") := "0"

_int_or_zero(s) := s if s != ""

# _digits is the number without its point and leading zeros ("0" for zero).
_digits(p) := _int_or_zero(trim_left(concat("", [p.int, p.frac]), "0"))

# _nano is digits × 10^e as decimal text, a non-zero value finer than 1n
# rounded up (away from zero) to the next 1n: Kubernetes keeps nine
# decimals at most.
_nano("0", _) := "0"

_nano(d, e) := _text_of(d, e) if {
	d != "0"
	e >= -9
}

_nano(d, e) := _text_of(_nano_up(d, e), -9) if {
	d != "0"
	e < -9
}

# _nano_up keeps the digits down to 1n and adds one if any were dropped.
_nano_up(d, e) := "1" if count(d) <= -9 - e

_nano_up(d, e) := kept if {
	keep := count(d) - (-9 - e)
	keep > 0
	head := substring(d, 0, keep)
	kept := _bump(head, trim_left(substring(d, keep, -1), "0"))
}

_bump(head, "") := head

_bump(head, rest) := sprintf("%v", [to_number(head) + 1]) if rest != ""

# _text_of writes digits × 10^e out in decimal; an exponent past 400 is
# beyond float64 anyway and has no text.
_text_of(d, e) := concat("", [d, _zeros(e)]) if {
	e >= 0
	e <= 400
}

_text_of(d, e) := concat("", [_int_or_zero(trim_left(substring(padded, 0, count(padded) + e), "0")), ".", substring(padded, count(padded) + e, -1)]) if {
	e < 0
	padded := concat("", [_zeros(0 - e), d])
}

_zeros(n) := concat("", [z | some _ in numbers.range(1, n); z := "0"]) if n > 0

_zeros(0) := ""
