# METADATA
# title: One application version runs one image in every environment
# description: >-
#   Workloads labelled with the same app.kubernetes.io/name and
#   app.kubernetes.io/version run the same image in every namespace
#   (environment): an image rebuilt per environment is not the image that was
#   tested. Promote one image, ideally by digest, and keep what differs
#   between environments in ConfigMaps and Secrets. The labels are read from
#   the object or, failing that, its pod template. The workload is compared,
#   container by container, with the workloads of the same kind in the other
#   namespaces of data.inventory that are named like it or like its
#   app.kubernetes.io/name (environments deploy the same manifests under the
#   same names); those are found by key, one lookup per namespace, never by
#   comparing with every workload. A copy renamed per environment is not
#   compared. Environments are told apart by namespace: two clusters' dumps
#   that share namespace and name collapse into one object, so check them
#   with distinct namespaces.
# custom:
#   section: 二.5 Image使用 (B)
#   input: kubernetes
#   kinds: [Deployment, StatefulSet, DaemonSet, CronJob]
#   action: deny
#   sync:
#     - apps/v1/Deployment
#     - apps/v1/StatefulSet
#     - apps/v1/DaemonSet
#     - batch/v1/CronJob
package shipshape.kubernetes.same_image_across_environments

import data.lib.exemptions
import data.lib.inventory
import data.lib.workload

violation contains v if some v in exemptions.enforce(input.review.object, "same-image-across-environments", findings)

name_label := "app.kubernetes.io/name"

version_label := "app.kubernetes.io/version"

findings contains finding if {
	obj := input.review.object
	app := app_of(obj)
	some other in counterparts(obj, app)
	some c in workload.containers(obj)
	some oc in workload.containers(other)
	oc.list == c.list
	oc.name == c.name
	oc.container.image != c.container.image
	finding := {
		"msg": sprintf("%s (%s %s): %s runs image %q, but %s in namespace %s runs %q for the same version; build the image once and promote it (by digest) to every environment", [workload.describe(obj), app.name, app.version, workload.container_label(c), c.container.image, workload.describe(other), other.metadata.namespace, oc.container.image]),
		"details": {"field": sprintf("%s.image", [c.path]), "otherNamespace": other.metadata.namespace, "otherImage": oc.container.image},
	}
}

# app_of reads the application name and version from the object's labels,
# or from its pod template's.
app_of(obj) := app if {
	app := labels_app(object.get(obj.metadata, "labels", {}))
} else := labels_app(object.get(workload.pod_metadata(obj), "labels", {}))

labels_app(labels) := {"name": labels[name_label], "version": labels[version_label]}

# counterparts are the workloads of the same kind and application version in
# other namespaces, looked up by name (the object's own and the app's) at
# the object's own apiVersion. data.inventory is keyed by namespace first, so
# this walks the namespace keys once per name: one map lookup each, never the
# objects inside them.
counterparts(obj, app) := [other |
	own := inventory.namespace_of(obj)
	some name in {obj.metadata.name, app.name}
	other := data.inventory.namespace[ns][obj.apiVersion][obj.kind][name]
	ns != own
	app_of(other) == app
]
