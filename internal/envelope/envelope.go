// Package envelope wraps a document in the input Gatekeeper gives a
// ConstraintTemplate: input.review shaped as Gatekeeper serialises its
// admission request for an object, and input.parameters.
package envelope

import "strings"

// Operation is the admission operation offline checks stand for: the
// object is about to be created (or applied).
const Operation = "CREATE"

// Review builds input.review for obj, the JSON form of Gatekeeper's review
// of an object (its AdmissionRequest fields plus namespaceObject). ns is the
// object's Namespace as an object, or nil when unknown or cluster-scoped.
func Review(obj map[string]any, ns map[string]any) map[string]any {
	apiVersion, _ := obj["apiVersion"].(string)
	kind, _ := obj["kind"].(string)
	group, version := SplitAPIVersion(apiVersion)
	review := map[string]any{
		"uid":       "",
		"kind":      map[string]any{"group": group, "version": version, "kind": kind},
		"resource":  map[string]any{"group": "", "version": "", "resource": ""},
		"operation": Operation,
		"userInfo":  map[string]any{},
		"object":    obj,
		"oldObject": nil,
		"options":   nil,
	}
	meta, _ := obj["metadata"].(map[string]any)
	if name, _ := meta["name"].(string); name != "" {
		review["name"] = name
	}
	if namespace, _ := meta["namespace"].(string); namespace != "" {
		review["namespace"] = namespace
	}
	if ns != nil {
		review["namespaceObject"] = ns
	} else {
		review["namespaceObject"] = nil
	}
	return review
}

// SplitAPIVersion splits "apps/v1" into "apps" and "v1"; "v1" has no group.
func SplitAPIVersion(apiVersion string) (group, version string) {
	if i := strings.LastIndex(apiVersion, "/"); i >= 0 {
		return apiVersion[:i], apiVersion[i+1:]
	}
	return "", apiVersion
}
