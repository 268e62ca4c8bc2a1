# METADATA
# title: StatefulSets give each pod its own volume
# description: >-
#   A StatefulSet's pod template mounts no persistentVolumeClaim volume: a
#   claim named in the template is one claim shared by every replica, so the
#   replicas overwrite each other's data (or, with ReadWriteOnce, all but one
#   fail to start on other nodes). Declare the storage in
#   spec.volumeClaimTemplates instead, so each pod gets its own claim
#   (data-db-0, data-db-1, ...) that follows it across restarts, backed for
#   example by a cloud disk. A pod volume with the name of a
#   volumeClaimTemplate is not shared: the StatefulSet controller replaces
#   it with the pod's own claim, whatever the template said.
# custom:
#   section: 二.7 存储使用 (B)
#   input: kubernetes
#   kinds: [StatefulSet]
#   action: deny
package shipshape.kubernetes.statefulset_volume_claim_templates

import data.lib.exemptions
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "statefulset-volume-claim-templates", findings)

findings contains finding if {
	obj := input.review.object
	obj.kind == "StatefulSet"
	some i, vol in object.get(workload.pod_spec(obj), "volumes", [])
	claim := vol.persistentVolumeClaim.claimName
	not vol.name in claim_template_names(obj)
	finding := {
		"msg": sprintf("%s: volume %s uses the claim %s, one claim shared by every replica; move it to spec.volumeClaimTemplates so each pod gets its own volume", [workload.describe(obj), vol.name, claim]),
		"details": {"field": sprintf("spec.template.spec.volumes[%d].persistentVolumeClaim", [i])},
	}
}

# claim_template_names are the names of the volumeClaimTemplates: the
# controller gives each pod a volume of that name bound to its own claim.
claim_template_names(obj) := {name |
	some t in object.get(obj, ["spec", "volumeClaimTemplates"], [])
	name := t.metadata.name
}
