package inputs

import "sort"

// clusterScoped lists the built-in kinds that live outside namespaces.
var clusterScoped = map[string]bool{
	"Namespace": true, "Node": true, "PersistentVolume": true, "ClusterRole": true,
	"ClusterRoleBinding": true, "PriorityClass": true, "StorageClass": true, "CSIDriver": true,
	"CSINode": true, "VolumeAttachment": true, "CustomResourceDefinition": true,
	"APIService": true, "MutatingWebhookConfiguration": true, "ValidatingWebhookConfiguration": true,
	"ValidatingAdmissionPolicy": true, "ValidatingAdmissionPolicyBinding": true,
	"IngressClass": true, "RuntimeClass": true, "PodSecurityPolicy": true,
	"CertificateSigningRequest": true, "FlowSchema": true, "PriorityLevelConfiguration": true,
	"ComponentStatus": true, "ConstraintTemplate": true, "Config": true, "ClusterPlan": true,
}

// ClusterScoped tells whether a kind lives outside namespaces. Constraint
// kinds (group constraints.gatekeeper.sh) are cluster-scoped too.
func ClusterScoped(apiVersion, kind string) bool {
	if clusterScoped[kind] {
		return true
	}
	return len(apiVersion) > 26 && apiVersion[:26] == "constraints.gatekeeper.sh/"
}

// DefaultNamespace puts namespaced objects that name no namespace into ns,
// as kubectl apply -n ns would. With ns "" (the run was not told the
// target namespace) they go into default, as kubectl does with a context
// that names none, and are marked NamespaceAssumed.
func DefaultNamespace(docs []Document, ns string) {
	assumed := ns == ""
	if assumed {
		ns = "default"
	}
	for i := range docs {
		d := &docs[i]
		if d.Input != KindKubernetes {
			continue
		}
		api, _ := d.Object["apiVersion"].(string)
		kind, _ := d.Object["kind"].(string)
		if ClusterScoped(api, kind) {
			continue
		}
		meta, ok := d.Object["metadata"].(map[string]any)
		if !ok {
			meta = map[string]any{}
			d.Object["metadata"] = meta
		}
		if s, _ := meta["namespace"].(string); s == "" {
			meta["namespace"] = ns
			d.NamespaceAssumed = assumed
		}
	}
}

// ClusterScopedKinds lists the built-in cluster-scoped kinds, sorted.
func ClusterScopedKinds() []string {
	out := make([]string, 0, len(clusterScoped))
	for k := range clusterScoped {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
