package shipshape.kubernetes.pull_policy_mutable_tags_test

import data.shipshape.kubernetes.pull_policy_mutable_tags.violation

pod(container) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [object.union({"name": "a"}, container)]}}

review(obj) := {"review": {"object": obj}, "parameters": {"mutableTags": ["latest", "stable"]}}

test_mutable_tag_not_always_pulled if {
	vs := violation with input as review(pod({"image": "nginx:latest", "imagePullPolicy": "IfNotPresent"}))
	[v.msg | some v in vs] == ["Pod p: container a uses the mutable tag latest with imagePullPolicy IfNotPresent, so each node runs whichever image it pulled first; set imagePullPolicy: Always, or pin the image by digest"]
	vs2 := violation with input as review(pod({"image": "registry.example.com/app:stable"}))
	[v.msg | some v in vs2] == ["Pod p: container a uses the mutable tag stable with imagePullPolicy IfNotPresent, so each node runs whichever image it pulled first; set imagePullPolicy: Always, or pin the image by digest"]
	vs3 := violation with input as review(pod({"image": "nginx", "imagePullPolicy": "Never"}))
	[v.msg | some v in vs3] == ["Pod p: container a uses the mutable tag (none, so latest) with imagePullPolicy Never, so each node runs whichever image it pulled first; set imagePullPolicy: Always, or pin the image by digest"]
}

test_defaults_and_pinned_pass if {
	# The API server defaults latest and no tag to Always.
	count(violation) == 0 with input as review(pod({"image": "nginx:latest"}))
	count(violation) == 0 with input as review(pod({"image": "nginx"}))
	count(violation) == 0 with input as review(pod({"image": "nginx:1.27.0", "imagePullPolicy": "IfNotPresent"}))
	count(violation) == 0 with input as review(pod({"image": "nginx:latest@sha256:0000000000000000000000000000000000000000000000000000000000000000", "imagePullPolicy": "IfNotPresent"}))
	count(violation) == 0 with input as review(pod({"image": "registry.example.com:5000/app:stable", "imagePullPolicy": "Always"}))
}
