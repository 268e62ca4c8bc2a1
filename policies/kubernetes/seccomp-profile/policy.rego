# METADATA
# title: Containers run under the RuntimeDefault or a Localhost seccomp profile
# description: >-
#   Every container of every list runs with securityContext.seccompProfile.type
#   RuntimeDefault or Localhost, set on the pod (for all its containers) or on
#   the container, whose own value wins. Unconfined and no profile at all are
#   both denied: without a filter a container may call every system call,
#   and kernel exploits start there (Pod Security Standards, baseline and
#   restricted, Seccomp). Pods with spec.os.name windows need no profile, as
#   the standard says. The legacy annotations
#   seccomp.security.alpha.kubernetes.io/pod and
#   container.seccomp.security.alpha.kubernetes.io/<name> are denied when
#   they say unconfined and never count as a profile, since current
#   Kubernetes ignores them. Fix: set
#   spec.securityContext.seccompProfile.type RuntimeDefault on the pod.
# custom:
#   section: 三.容器安全 PodSecurityPolicy (E)
#   input: kubernetes
#   kinds: [workloads]
#   action: deny
package shipshape.kubernetes.seccomp_profile

import data.lib.exemptions
import data.lib.security
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "seccomp-profile", findings)

allowed_types := {"RuntimeDefault", "Localhost"}

pod_annotation := "seccomp.security.alpha.kubernetes.io/pod"

container_annotation_prefix := "container.seccomp.security.alpha.kubernetes.io/"

# A profile other than RuntimeDefault or Localhost, from the pod or the container.
findings contains finding if {
	obj := input.review.object
	some c in workload.containers(obj)
	s := security.setting(obj, c, "seccompProfile")
	profile_type := object.get(s.value, "type", "")
	not profile_type in allowed_types
	finding := {
		"msg": sprintf("%s: %s runs with seccomp profile type %q (%s.type); set it to RuntimeDefault or Localhost", [workload.describe(obj), workload.container_label(c), profile_type, s.path]),
		"details": {"field": sprintf("%s.type", [s.path])},
	}
}

# No profile on the container nor on the pod.
findings contains finding if {
	obj := input.review.object
	not windows(obj)
	some c in workload.containers(obj)
	not security.setting(obj, c, "seccompProfile")
	finding := {
		"msg": sprintf("%s: %s has no seccomp profile; set %s.securityContext.seccompProfile.type to RuntimeDefault (or Localhost), or set it on the container", [workload.describe(obj), workload.container_label(c), workload.pod_spec_path(obj)]),
		"details": {"field": sprintf("%s.securityContext.seccompProfile", [c.path])},
	}
}

# Legacy annotations that turn the filter off.
findings contains finding if {
	obj := input.review.object
	workload.is_workload(obj)
	some key, value in legacy_annotations(obj)
	lower(value) == "unconfined"
	finding := {
		"msg": sprintf("%s: annotation %s is %q, which turns seccomp off where it is still honoured; remove it and set %s.securityContext.seccompProfile.type to RuntimeDefault", [workload.describe(obj), key, value, workload.pod_spec_path(obj)]),
		"details": {"field": sprintf("%s.annotations.%s", [workload.pod_metadata_path(obj), key])},
	}
}

legacy_annotations(obj) := {key: value |
	some key, value in object.get(workload.pod_metadata(obj), "annotations", {})
	legacy_key(key)
}

legacy_key(key) if key == pod_annotation

legacy_key(key) if startswith(key, container_annotation_prefix)

windows(obj) if workload.pod_spec(obj).os.name == "windows"
