package inputs

import (
	"sort"
	"strings"
)

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
	"MutatingAdmissionPolicy": true, "MutatingAdmissionPolicyBinding": true,
	"ClusterTrustBundle": true, "VolumeAttributesClass": true, "DeviceClass": true,
	"ResourceSlice": true, "IPAddress": true, "ServiceCIDR": true, "StorageVersion": true,
	"StorageVersionMigration": true, "TokenReview": true, "SubjectAccessReview": true,
	"SelfSubjectAccessReview": true, "SelfSubjectRulesReview": true, "SelfSubjectReview": true,
}

// ClusterScoped tells whether a kind lives outside namespaces. Constraint
// kinds (group constraints.gatekeeper.sh) are cluster-scoped too.
func ClusterScoped(apiVersion, kind string) bool {
	if clusterScoped[kind] {
		return true
	}
	return len(apiVersion) > 26 && apiVersion[:26] == "constraints.gatekeeper.sh/"
}

// DefaultNamespace places every Kubernetes object as the API server would:
// a cluster-scoped object has no namespace, whatever its metadata.namespace
// says (the API server clears it), and a namespaced object that names no
// namespace goes into ns, as kubectl apply -n ns would put it. With ns ""
// (the run was not told the target namespace) they go into default, as
// kubectl does with a context that names none, and are marked
// NamespaceAssumed. Scope comes from the kind: built-in kinds, and CRDs
// among docs by their spec.scope.
func DefaultNamespace(docs []Document, ns string) {
	assumed := ns == ""
	if assumed {
		ns = "default"
	}
	scopes := ScopesOf(docs)
	for i := range docs {
		d := &docs[i]
		if d.Input != KindKubernetes {
			continue
		}
		api, _ := d.Object["apiVersion"].(string)
		kind, _ := d.Object["kind"].(string)
		meta, ok := d.Object["metadata"].(map[string]any)
		if scopes.ClusterScoped(api, kind) {
			if ok {
				delete(meta, "namespace")
			}
			continue
		}
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

// Scopes knows which kinds are cluster-scoped: the built-in ones, and the
// custom resources whose CustomResourceDefinition is among the documents.
type Scopes struct {
	crds map[string]bool // "group/Kind" -> cluster-scoped
}

// ScopesOf reads the CRDs among docs.
func ScopesOf(docs []Document) Scopes {
	var s Scopes
	for _, d := range docs {
		if d.Input != KindKubernetes || d.Object["kind"] != "CustomResourceDefinition" {
			continue
		}
		spec, _ := d.Object["spec"].(map[string]any)
		group, _ := spec["group"].(string)
		names, _ := spec["names"].(map[string]any)
		kind, _ := names["kind"].(string)
		scope, _ := spec["scope"].(string)
		if group == "" || kind == "" {
			continue
		}
		if s.crds == nil {
			s.crds = map[string]bool{}
		}
		s.crds[group+"/"+kind] = scope == "Cluster"
	}
	return s
}

// ClusterScoped tells whether objects of this apiVersion and kind live
// outside namespaces.
func (s Scopes) ClusterScoped(apiVersion, kind string) bool {
	if s.crds != nil {
		group, _, found := strings.Cut(apiVersion, "/")
		if found {
			if cluster, ok := s.crds[group+"/"+kind]; ok {
				return cluster
			}
		}
	}
	return ClusterScoped(apiVersion, kind)
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
