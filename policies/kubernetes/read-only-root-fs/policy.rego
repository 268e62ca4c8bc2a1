# METADATA
# title: Containers have a read-only root filesystem
# description: >-
#   Every container, init container and ephemeral container sets
#   securityContext.readOnlyRootFilesystem: true. A writable root filesystem
#   lets an intruder drop tools and change binaries, and lets the application
#   hide state in the container that is lost on restart. Set the field to
#   true and mount an emptyDir (or a volume) where the process must write,
#   such as /tmp. The field exists only on containers. Pods with spec.os.name
#   windows are skipped: Kubernetes rejects the field on them.
# custom:
#   section: 三.1 容器安全 (D)
#   input: kubernetes
#   kinds: [workloads]
#   action: warn
package shipshape.kubernetes.read_only_root_fs

import data.lib.exemptions
import data.lib.security
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "read-only-root-fs", findings)

findings contains finding if {
	obj := input.review.object
	not workload.windows(obj)
	some c in workload.containers(obj)
	not read_only(obj, c)
	finding := {
		"msg": sprintf("%s: %s %s; set %s.securityContext.readOnlyRootFilesystem: true and mount an emptyDir where it must write", [workload.describe(obj), workload.container_label(c), state(obj, c), c.path]),
		"details": {"field": sprintf("%s.securityContext.readOnlyRootFilesystem", [c.path])},
	}
}

read_only(obj, c) if security.value(obj, c, "readOnlyRootFilesystem") == true

state(obj, c) := "has a writable root filesystem (readOnlyRootFilesystem is not set)" if not security.setting(obj, c, "readOnlyRootFilesystem")

state(obj, c) := sprintf("has a writable root filesystem (readOnlyRootFilesystem: %v)", [v]) if {
	v := security.value(obj, c, "readOnlyRootFilesystem")
	v != true
}
