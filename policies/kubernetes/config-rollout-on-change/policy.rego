# METADATA
# title: Workloads roll when their configuration changes
# description: >-
#   A workload that reads ConfigMaps or Secrets (env valueFrom, envFrom,
#   configMap, secret and projected volumes) rolls its pods when they change:
#   environment variables never pick up a change, and mounted files change at
#   an unknown moment, so a rolling update is the only controlled way to apply
#   new configuration. Either the pod template carries an annotation whose key
#   starts with annotationPrefix (checksum/config holding a hash of the
#   content, as Helm charts do), or every ConfigMap it reads is immutable and
#   hash-suffixed (kustomize's configMapGenerator with immutable true: new
#   content, new name, new rollout). Hash-suffixed means the name ends in a
#   kustomize hash (-, then 10 of bcdfghkmt2456789) or in 8 or more hex
#   digits. ConfigMaps are read from data.inventory (sync ConfigMaps); a
#   hash-suffixed ConfigMap that is not there is reported as its own finding,
#   marked "not found in the inventory", which the offline CLI reports at
#   warn level (details.severity). Secrets are not synced (Gatekeeper would
#   cache every Secret of the cluster), so a hash-suffixed Secret name counts
#   as rolling by itself.
# custom:
#   section: 三.配置 configmap/secret (C)
#   input: kubernetes
#   kinds: [Deployment, StatefulSet, DaemonSet]
#   action: warn
#   parameters:
#     annotationPrefix:
#       type: string
#       description: Prefix of the pod-template annotation that carries a hash of the configuration.
#       default: checksum/
#   sync:
#     - v1/ConfigMap
package shipshape.kubernetes.config_rollout_on_change

import data.lib.exemptions
import data.lib.inventory
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "config-rollout-on-change", findings)

findings contains finding if {
	obj := input.review.object
	not has_checksum(obj)
	static := sort({label |
		some ref in references(obj)
		some label in not_rolling(obj, ref)
	})
	count(static) > 0
	finding := {
		"msg": sprintf("%s reads %s, but nothing rolls its pods when they change; add a pod-template annotation %sconfig holding a hash of their content, or use immutable, hash-suffixed ConfigMaps (kustomize configMapGenerator)", [workload.describe(obj), concat(", ", static), input.parameters.annotationPrefix]),
		"details": {"field": sprintf("%s.metadata.annotations", [template_path(obj)]), "references": static},
	}
}

findings contains finding if {
	obj := input.review.object
	not has_checksum(obj)
	some name in {ref.name |
		some ref in references(obj)
		ref.kind == "ConfigMap"
	}
	hash_suffixed(name)
	count(configmaps(obj, name)) == 0
	field := min({ref.field |
		some ref in references(obj)
		ref.kind == "ConfigMap"
		ref.name == name
	})
	finding := inventory.not_found(workload.describe(obj), sprintf("its ConfigMap %s/%s", [inventory.namespace_of(obj), name]), field)
}

has_checksum(obj) if {
	some key, _ in object.get(workload.pod_metadata(obj), "annotations", {})
	startswith(key, input.parameters.annotationPrefix)
}

template_path(obj) := trim_suffix(workload.pod_spec_path(obj), ".spec")

configmaps(obj, name) := inventory.namespaced(inventory.namespace_of(obj), "", "ConfigMap", name)

# not_rolling names a reference that does not roll the pods by itself.
not_rolling(_, ref) := {sprintf("%s %s", [ref.kind, ref.name])} if not hash_suffixed(ref.name)

not_rolling(obj, ref) := {sprintf("ConfigMap %s (not immutable)", [ref.name])} if {
	ref.kind == "ConfigMap"
	hash_suffixed(ref.name)
	some cm in configmaps(obj, ref.name)
	not cm.immutable == true
}

hash_suffixed(name) if regex.match(`-([bcdfghkmt2456789]{10}|[0-9a-f]{8,})$`, name)

# references lists {"kind", "name", "field"} of every ConfigMap and Secret
# the pod template reads.
references(obj) := {ref |
	some ref in env_references(obj)
} | {ref |
	some ref in volume_references(obj)
}

env_references(obj) := {ref |
	some c in workload.containers(obj)
	some i, env in object.get(c.container, "env", [])
	some key, kind in {"configMapKeyRef": "ConfigMap", "secretKeyRef": "Secret"}
	name := env.valueFrom[key].name
	ref := {"kind": kind, "name": name, "field": sprintf("%s.env[%d].valueFrom.%s.name", [c.path, i, key])}
} | {ref |
	some c in workload.containers(obj)
	some i, from in object.get(c.container, "envFrom", [])
	some key, kind in {"configMapRef": "ConfigMap", "secretRef": "Secret"}
	name := from[key].name
	ref := {"kind": kind, "name": name, "field": sprintf("%s.envFrom[%d].%s.name", [c.path, i, key])}
}

volume_references(obj) := ({ref |
	some i, vol in object.get(workload.pod_spec(obj), "volumes", [])
	name := vol.configMap.name
	ref := {"kind": "ConfigMap", "name": name, "field": sprintf("%s.volumes[%d].configMap.name", [workload.pod_spec_path(obj), i])}
} | {ref |
	some i, vol in object.get(workload.pod_spec(obj), "volumes", [])
	name := vol.secret.secretName
	ref := {"kind": "Secret", "name": name, "field": sprintf("%s.volumes[%d].secret.secretName", [workload.pod_spec_path(obj), i])}
}) | {ref |
	some i, vol in object.get(workload.pod_spec(obj), "volumes", [])
	some j, source in vol.projected.sources
	some key, kind in {"configMap": "ConfigMap", "secret": "Secret"}
	name := source[key].name
	ref := {"kind": kind, "name": name, "field": sprintf("%s.volumes[%d].projected.sources[%d].%s.name", [workload.pod_spec_path(obj), i, j, key])}
}
