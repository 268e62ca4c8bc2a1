# METADATA
# title: Pods and containers set a securityContext
# description: >-
#   A container with no securityContext at all runs as the image says: its
#   user (often root), every default capability, a writable root file
#   system, privilege escalation allowed. The other checks name each field;
#   this one says where nothing was considered at all, so a reviewer sees it
#   even where a field-level check is switched off. Every pod spec and every
#   container (init and ephemeral ones too) sets a securityContext that is
#   not empty. A Windows pod's securityContext is checked the same way.
# custom:
#   section: 三.1 容器安全 (F)
#   input: kubernetes
#   kinds: [workloads]
#   action: warn
package shipshape.kubernetes.security_context_set

import data.lib.exemptions
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "security-context-set", findings)

findings contains finding if {
	obj := input.review.object
	workload.is_workload(obj)
	count(object.get(workload.pod_spec(obj), "securityContext", {})) == 0
	path := sprintf("%s.securityContext", [workload.pod_spec_path(obj)])
	finding := {
		"msg": sprintf("%s sets no pod securityContext; set %s (runAsNonRoot, runAsUser, seccompProfile, fsGroup)", [workload.describe(obj), path]),
		"details": {"field": path},
	}
}

findings contains finding if {
	obj := input.review.object
	some c in workload.containers(obj)
	count(object.get(c.container, "securityContext", {})) == 0
	finding := {
		"msg": sprintf("%s: %s sets no securityContext; set %s.securityContext (allowPrivilegeEscalation: false, capabilities.drop: [ALL], readOnlyRootFilesystem: true)", [workload.describe(obj), workload.container_label(c), c.path]),
		"details": {"field": sprintf("%s.securityContext", [c.path])},
	}
}
