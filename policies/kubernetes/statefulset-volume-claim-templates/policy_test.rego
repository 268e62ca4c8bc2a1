package shipshape.kubernetes.statefulset_volume_claim_templates_test

import data.shipshape.kubernetes.statefulset_volume_claim_templates.violation

sts(volumes, templates) := {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"}, "spec": {
	"replicas": 3,
	"volumeClaimTemplates": templates,
	"template": {"spec": {"volumes": volumes, "containers": [{"name": "db", "volumeMounts": [{"name": "data", "mountPath": "/data"}]}]}},
}}

claim_template := {"metadata": {"name": "data"}, "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}}}}

test_claim_templates_pass if {
	count(violation) == 0 with input as {"review": {"object": sts([], [claim_template])}}
}

test_shared_claim_is_denied if {
	vs := violation with input as {"review": {"object": sts([{"name": "data", "persistentVolumeClaim": {"claimName": "db-data"}}], [])}}
	count(vs) == 1
	some v in vs
	v.msg == "StatefulSet db: volume data uses the claim db-data, one claim shared by every replica; move it to spec.volumeClaimTemplates so each pod gets its own volume"
	v.details.field == "spec.template.spec.volumes[0].persistentVolumeClaim"
}

test_shared_claim_next_to_templates_is_denied if {
	vols := [{"name": "config", "configMap": {"name": "db"}}, {"name": "backup", "persistentVolumeClaim": {"claimName": "backup"}}]
	vs := violation with input as {"review": {"object": sts(vols, [claim_template])}}
	count(vs) == 1
	some v in vs
	v.details.field == "spec.template.spec.volumes[1].persistentVolumeClaim"
}

test_each_shared_claim_reported if {
	vols := [{"name": "a", "persistentVolumeClaim": {"claimName": "a"}}, {"name": "b", "persistentVolumeClaim": {"claimName": "b", "readOnly": true}}]
	count(violation) == 2 with input as {"review": {"object": sts(vols, [])}}
}

test_stateless_statefulset_passes if {
	count(violation) == 0 with input as {"review": {"object": sts([{"name": "tmp", "emptyDir": {}}], [])}}
}

test_generic_ephemeral_volume_is_per_pod if {
	vol := {"name": "scratch", "ephemeral": {"volumeClaimTemplate": {"spec": {"accessModes": ["ReadWriteOnce"]}}}}
	count(violation) == 0 with input as {"review": {"object": sts([vol], [])}}
}

test_deployments_are_not_this_check if {
	obj := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": {"volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": "nas"}}]}}}}
	count(violation) == 0 with input as {"review": {"object": obj}}
}

test_exemption_with_reason_silences if {
	obj := object.union(sts([{"name": "data", "persistentVolumeClaim": {"claimName": "shared"}}], []), {"metadata": {"annotations": {"shipshape.dev/exempt.statefulset-volume-claim-templates": "read-only reference data on NAS shared on purpose"}}})
	count(violation) == 0 with input as {"review": {"object": obj}}
}

test_volume_named_like_a_claim_template_is_replaced_not_shared if {
	vols := [{"name": "data", "persistentVolumeClaim": {"claimName": "data"}}, {"name": "backup", "persistentVolumeClaim": {"claimName": "backup"}}]
	vs := violation with input as {"review": {"object": sts(vols, [claim_template])}}
	count(vs) == 1
	some v in vs
	v.msg == "StatefulSet db: volume backup uses the claim backup, one claim shared by every replica; move it to spec.volumeClaimTemplates so each pod gets its own volume"
	v.details.field == "spec.template.spec.volumes[1].persistentVolumeClaim"
}
