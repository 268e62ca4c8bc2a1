# METADATA
# title: Containers keep an AppArmor profile
# description: >-
#   No container runs AppArmor Unconfined. The field
#   securityContext.appArmorProfile.type, set on the pod for all its
#   containers or on the container (whose own value wins), may only be
#   RuntimeDefault or Localhost; the legacy pod annotation
#   container.apparmor.security.beta.kubernetes.io/<container> may only be
#   runtime/default or localhost/<profile>. Leaving both unset is fine: the
#   runtime applies its default profile. Unconfined removes the mandatory
#   access control that stops a compromised process from reaching files and
#   capabilities it has no business with (Pod Security Standards, baseline,
#   AppArmor). Fix: remove the override or set the type to RuntimeDefault.
# custom:
#   section: 三.容器安全 PodSecurityPolicy (E)
#   input: kubernetes
#   kinds: [workloads]
#   action: deny
package shipshape.kubernetes.apparmor_profile

import data.lib.exemptions
import data.lib.security
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "apparmor-profile", findings)

allowed_types := {"RuntimeDefault", "Localhost"}

annotation_prefix := "container.apparmor.security.beta.kubernetes.io/"

# The field, from the container or else the pod.
findings contains finding if {
	obj := input.review.object
	some c in workload.containers(obj)
	s := security.setting(obj, c, "appArmorProfile")
	profile_type := object.get(s.value, "type", "")
	not profile_type in allowed_types
	not annotation_says(obj, c.container.name, profile_type)
	finding := {
		"msg": sprintf("%s: %s runs with AppArmor profile type %q (%s.type); set it to RuntimeDefault or Localhost, or remove it", [workload.describe(obj), workload.container_label(c), profile_type, s.path]),
		"details": {"field": sprintf("%s.type", [s.path])},
	}
}

# The legacy annotation, one per container name.
findings contains finding if {
	obj := input.review.object
	workload.is_workload(obj)
	some key, value in object.get(workload.pod_metadata(obj), "annotations", {})
	startswith(key, annotation_prefix)
	not allowed_annotation_value(value)
	name := substring(key, count(annotation_prefix), -1)
	finding := {
		"msg": sprintf("%s: annotation %s sets AppArmor profile %q for container %s; remove it, or use securityContext.appArmorProfile.type RuntimeDefault (or Localhost) on the container", [workload.describe(obj), key, value, name]),
		"details": {"field": sprintf("%s.annotations.%s", [workload.pod_metadata_path(obj), key])},
	}
}

allowed_annotation_value("")

allowed_annotation_value("runtime/default")

allowed_annotation_value(value) if startswith(value, "localhost/")

# The API server copies a Pod's annotation into the container's field on
# create; the annotation's finding already says it, once, before and after.
annotation_says(obj, name, "Unconfined") if {
	object.get(workload.pod_metadata(obj), ["annotations", concat("", [annotation_prefix, name])], "") == "unconfined"
}
