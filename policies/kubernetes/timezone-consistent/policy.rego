# METADATA
# title: Containers run in the host's (or the given) time zone
# description: >-
#   Every container and init container either sets the TZ environment
#   variable (to the given zone, when the timezone parameter names one) or
#   mounts the host's time zone at /etc/localtime from a hostPath volume
#   (/etc/localtime itself, or a file under /usr/share/zoneinfo, the given
#   zone's when one is named). Otherwise the container runs in UTC while the
#   node and the people reading its logs do not, and timestamps disagree.
#   Fix it with env TZ=Asia/Shanghai (for example): the advice is TZ only,
#   since a hostPath mount, though accepted here, is a volume type the
#   restricted profile does not allow. A TZ taken from valueFrom counts, as its value
#   cannot be seen here. Ephemeral (debug) containers are left out.
# custom:
#   section: 二.12 容器和主机时区一致 (B)
#   input: kubernetes
#   kinds: [workloads]
#   action: warn
#   parameters:
#     timezone:
#       type: string
#       description: The zone every container must use, e.g. Asia/Shanghai; empty accepts any zone.
#       default: ""
package shipshape.kubernetes.timezone_consistent

import data.lib.exemptions
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "timezone-consistent", findings)

zoneinfo := "/usr/share/zoneinfo/"

findings contains finding if {
	obj := input.review.object
	some c in checked_containers(obj)
	not has_zone(obj, c)
	count(literal_tz(c)) == 0
	finding := {
		"msg": sprintf("%s: %s sets no time zone; %s", [workload.describe(obj), workload.container_label(c), fix]),
		"details": {"field": sprintf("%s.env", [c.path])},
	}
}

findings contains finding if {
	obj := input.review.object
	some c in checked_containers(obj)
	not has_zone(obj, c)
	some i, tz in literal_tz(c)
	finding := {
		"msg": sprintf("%s: %s %s", [workload.describe(obj), workload.container_label(c), wrong_zone(tz)]),
		"details": {"field": sprintf("%s.env[%d].value", [c.path, i])},
	}
}

wrong_zone(tz) := sprintf("sets TZ=%q, not the cluster's zone %q; set TZ to %q", [tz, input.parameters.timezone, input.parameters.timezone]) if input.parameters.timezone != ""

wrong_zone(_) := sprintf("sets TZ to an empty value, which means UTC; %s", [fix]) if input.parameters.timezone == ""

fix := "set env TZ (e.g. TZ=Asia/Shanghai)" if input.parameters.timezone == ""

fix := sprintf("set env TZ=%s", [input.parameters.timezone]) if input.parameters.timezone != ""

checked_containers(obj) := [c |
	some c in workload.containers(obj)
	c.list != "ephemeralContainers"
]

# literal_tz maps the index of each TZ variable with a literal value to it.
literal_tz(c) := {i: tz |
	some i, e in object.get(c.container, "env", [])
	e.name == "TZ"
	tz := object.get(e, "value", "")
}

# A helper that holds or not has a default of false: OPA caches a function's
# value for the arguments but not its undefinedness, and the policies ask
# these again and again about one object.
default has_zone(_, _) := false

has_zone(_, c) if {
	some e in object.get(c.container, "env", [])
	e.name == "TZ"
	wanted_zone(trim_left(object.get(e, "value", ""), ":"))
}

has_zone(_, c) if {
	some e in object.get(c.container, "env", [])
	e.name == "TZ"
	e.valueFrom
}

has_zone(obj, c) if {
	some m in object.get(c.container, "volumeMounts", [])
	trim_right(m.mountPath, "/") == "/etc/localtime"
	some vol in object.get(workload.pod_spec(obj), "volumes", [])
	vol.name == m.name
	host_zone_file(vol.hostPath.path, object.get(m, "subPath", ""))
}

wanted_zone(tz) if {
	tz != ""
	input.parameters.timezone == ""
}

wanted_zone(tz) if {
	tz != ""
	tz == input.parameters.timezone
}

# The host's own setting is what the seed asks to match, whatever zone it is.
host_zone_file("/etc/localtime", "")

host_zone_file(path, "") if {
	startswith(path, zoneinfo)
	wanted_zone(substring(path, count(zoneinfo), -1))
}

# A directory mount of the zone database picks the zone through subPath.
host_zone_file(path, sub) if {
	sub != ""
	trim_right(path, "/") == trim_right(zoneinfo, "/")
	wanted_zone(sub)
}
