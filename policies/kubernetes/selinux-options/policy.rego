# METADATA
# title: SELinux options keep the container types and set no user or role
# description: >-
#   The seLinuxOptions a container runs with (its own, or else the pod's:
#   Kubernetes takes the container's object whole) name no type outside
#   container_t, container_init_t, container_kvm_t and container_engine_t,
#   and set no user and no role. A custom type, user or role can place the
#   process in a host domain that the container policy does not confine
#   (Pod Security Standards, baseline, SELinux). The level is not
#   restricted. Fix: remove seLinuxOptions.user and .role, and leave type
#   unset or pick one of the container types.
# custom:
#   section: 三.容器安全 PodSecurityPolicy (E)
#   input: kubernetes
#   kinds: [workloads]
#   action: deny
package shipshape.kubernetes.selinux_options

import data.lib.exemptions
import data.lib.security
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "selinux-options", findings)

allowed_types := {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}

findings contains finding if {
	obj := input.review.object
	some c in workload.containers(obj)
	s := security.setting(obj, c, "seLinuxOptions")
	selinux_type := object.get(s.value, "type", "")
	not selinux_type in allowed_types
	finding := {
		"msg": sprintf("%s: %s runs with SELinux type %q (%s.type); leave it unset or use container_t, container_init_t, container_kvm_t or container_engine_t", [workload.describe(obj), workload.container_label(c), selinux_type, s.path]),
		"details": {"field": sprintf("%s.type", [s.path])},
	}
}

findings contains finding if {
	obj := input.review.object
	some c in workload.containers(obj)
	s := security.setting(obj, c, "seLinuxOptions")
	some field in ["user", "role"]
	value := object.get(s.value, field, "")
	value != ""
	finding := {
		"msg": sprintf("%s: %s runs with a custom SELinux %s %q (%s.%s); remove it, the container policy sets the %s", [workload.describe(obj), workload.container_label(c), field, value, s.path, field, field]),
		"details": {"field": sprintf("%s.%s", [s.path, field])},
	}
}
