# METADATA
# title: Containers run as a non-root user
# description: >-
#   Every container (init and ephemeral ones too) runs with runAsNonRoot: true
#   or a non-zero runAsUser, set on the container or inherited from the pod's
#   securityContext; where both set a field the container's value wins, as in
#   Kubernetes. runAsUser: 0 is reported even next to runAsNonRoot: true,
#   since the kubelet would then refuse to start the container. Root in a
#   container is root on the node once any isolation fails. Set
#   securityContext.runAsNonRoot: true and a non-zero runAsUser on the pod,
#   or on the container that differs. Windows pods are checked too, as the
#   Pod Security Standards do; they cannot set runAsUser, so runAsNonRoot is
#   their way to comply.
# custom:
#   section: 三.1 容器安全 (D)
#   input: kubernetes
#   kinds: [workloads]
#   action: deny
package shipshape.kubernetes.run_as_non_root

import data.lib.exemptions
import data.lib.security
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "run-as-non-root", findings)

# An explicit runAsUser: 0, wherever it comes from.
findings contains finding if {
	obj := input.review.object
	some c in workload.containers(obj)
	user := security.setting(obj, c, "runAsUser")
	user.value == 0
	finding := {
		"msg": sprintf("%s: %s runs as root through %s: 0; set a non-zero runAsUser (e.g. 10001) and runAsNonRoot: true", [workload.describe(obj), workload.container_label(c), user.path]),
		"details": {"field": user.path},
	}
}

# Neither runAsNonRoot: true nor a non-zero runAsUser: the image's user,
# root by default, decides.
findings contains finding if {
	obj := input.review.object
	some c in workload.containers(obj)
	not non_root_user(obj, c)
	not root_user(obj, c)
	not non_root_required(obj, c)
	finding := {
		"msg": sprintf("%s: %s may run as root: %s; %s", [workload.describe(obj), workload.container_label(c), why(obj, c), fix(obj)]),
		"details": {"field": field(obj, c)},
	}
}

non_root_required(obj, c) if security.value(obj, c, "runAsNonRoot") == true

non_root_user(obj, c) if {
	user := security.value(obj, c, "runAsUser")
	is_number(user)
	user > 0
}

root_user(obj, c) if security.value(obj, c, "runAsUser") == 0

why(obj, c) := sprintf("%s is false", [security.setting(obj, c, "runAsNonRoot").path])

why(obj, c) := "securityContext sets neither runAsNonRoot nor runAsUser" if not security.setting(obj, c, "runAsNonRoot")

field(obj, c) := security.setting(obj, c, "runAsNonRoot").path

field(obj, c) := sprintf("%s.securityContext.runAsNonRoot", [c.path]) if not security.setting(obj, c, "runAsNonRoot")

fix(obj) := "set securityContext.runAsNonRoot: true (Windows pods cannot set runAsUser)" if workload.windows(obj)

fix(obj) := "set securityContext.runAsNonRoot: true and a non-zero runAsUser on the pod or the container" if not workload.windows(obj)
