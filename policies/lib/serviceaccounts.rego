# METADATA
# title: ServiceAccount helpers
# description: >-
#   The ServiceAccount a workload's pods run as, as the API server's
#   ServiceAccount admission sets it: spec.serviceAccountName, else the
#   deprecated spec.serviceAccount, else default.
package lib.serviceaccounts

import data.lib.workload

name(obj) := n if {
	n := workload.pod_spec(obj).serviceAccountName
	n != ""
} else := n if {
	n := workload.pod_spec(obj).serviceAccount
	n != ""
} else := "default"
