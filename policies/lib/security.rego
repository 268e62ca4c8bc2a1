# METADATA
# title: Security context helpers
# description: >-
#   The securityContext a container actually runs with: fields Kubernetes
#   lets a pod set for all its containers (runAsNonRoot, runAsUser,
#   runAsGroup, seccompProfile, seLinuxOptions, appArmorProfile,
#   windowsOptions) are overridden by the container's own value.
package lib.security

import data.lib.workload

# Fields a pod-level securityContext sets for every container.
pod_level_fields := {"runAsNonRoot", "runAsUser", "runAsGroup", "seccompProfile", "seLinuxOptions", "appArmorProfile", "windowsOptions"}

# setting returns {"value", "path"} for a securityContext field of a
# container entry (from workload.containers): the container's own value
# when it sets one, the pod's otherwise; undefined when neither does.
# Values may be false: compare them (== true), never test them with `not`.
setting(obj, entry, field) := {"value": value, "path": sprintf("%s.securityContext.%s", [entry.path, field])} if {
	value := entry.container.securityContext[field]
} else := {"value": value, "path": sprintf("%s.securityContext.%s", [workload.pod_spec_path(obj), field])} if {
	field in pod_level_fields
	value := workload.pod_spec(obj).securityContext[field]
}

# value is setting(...).value.
value(obj, entry, field) := setting(obj, entry, field).value

# pod_setting returns the pod-level value of a field, if set.
pod_setting(obj, field) := workload.pod_spec(obj).securityContext[field]
