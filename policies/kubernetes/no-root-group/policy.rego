# METADATA
# title: Containers do not run with the root group
# description: >-
#   runAsNonRoot says nothing about the group: a container with runAsGroup 0
#   runs with gid 0, which reads and writes every file of the image and of
#   mounted volumes that is group-root (most images make theirs so), and
#   fsGroup 0 makes every file of the pod's volumes owned by group root.
#   Set a non-zero runAsGroup and fsGroup (and no 0 in supplementalGroups).
#   runAsGroup is read as the container runs with it: its own value, else
#   the pod's.
# custom:
#   section: 三.1 容器安全 (F)
#   input: kubernetes
#   kinds: [workloads]
#   action: warn
package shipshape.kubernetes.no_root_group

import data.lib.exemptions
import data.lib.security
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "no-root-group", findings)

findings contains finding if {
	obj := input.review.object
	some c in workload.containers(obj)
	s := security.setting(obj, c, "runAsGroup")
	s.value == 0
	finding := {
		"msg": sprintf("%s: %s runs with group root (%s: 0); set a non-zero runAsGroup", [workload.describe(obj), workload.container_label(c), s.path]),
		"details": {"field": s.path},
	}
}

findings contains finding if {
	obj := input.review.object
	security.pod_setting(obj, "fsGroup") == 0
	path := sprintf("%s.securityContext.fsGroup", [workload.pod_spec_path(obj)])
	finding := {
		"msg": sprintf("%s makes its volumes owned by group root (%s: 0); set a non-zero fsGroup", [workload.describe(obj), path]),
		"details": {"field": path},
	}
}

findings contains finding if {
	obj := input.review.object
	some i, g in object.get(workload.pod_spec(obj), "securityContext", {}).supplementalGroups
	g == 0
	path := sprintf("%s.securityContext.supplementalGroups[%d]", [workload.pod_spec_path(obj), i])
	finding := {
		"msg": sprintf("%s adds group root to its containers (%s: 0); remove it", [workload.describe(obj), path]),
		"details": {"field": path},
	}
}
