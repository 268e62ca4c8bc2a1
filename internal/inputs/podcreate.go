package inputs

import "strings"

// appArmorAnnotationPrefix is the deprecated per-container AppArmor
// annotation (container.apparmor.security.beta.kubernetes.io/<container>).
const appArmorAnnotationPrefix = "container.apparmor.security.beta.kubernetes.io/"

// podAsCreated changes a v1 Pod as the API server does on create before any
// validating admission webhook sees it, in the ways that change what the
// policies judge (kube-apiserver v1.36, checked against the real server by
// gotest/e2e TestPodCreateMatchesAPIServer):
//   - defaulting (SetDefaults_Pod): a container's requests default to its
//     limits, resource by resource; with hostNetwork every container port
//     without a hostPort gets hostPort = containerPort;
//   - the Pod strategy's AppArmor version skew: a container's deprecated
//     annotation becomes its securityContext.appArmorProfile when the field
//     is unset, the value is valid and differs from the pod-level profile.
//
// Only Pods: the API server applies none of this to pod templates.
func podAsCreated(obj map[string]any) {
	if obj["apiVersion"] != "v1" || obj["kind"] != "Pod" {
		return
	}
	spec, _ := obj["spec"].(map[string]any)
	if spec == nil {
		return
	}
	for _, list := range []string{"containers", "initContainers"} {
		for _, c := range objects(spec[list]) {
			requestsFromLimits(c)
			if spec["hostNetwork"] == true {
				hostPortsFromContainerPorts(c)
			}
		}
	}
	if os, _ := spec["os"].(map[string]any); os != nil && os["name"] == "windows" {
		return
	}
	meta, _ := obj["metadata"].(map[string]any)
	annotations, _ := meta["annotations"].(map[string]any)
	var podProfile map[string]any
	if sc, _ := spec["securityContext"].(map[string]any); sc != nil {
		podProfile, _ = sc["appArmorProfile"].(map[string]any)
	}
	for _, list := range []string{"containers", "initContainers", "ephemeralContainers"} {
		for _, c := range objects(spec[list]) {
			name, _ := c["name"].(string)
			value, ok := annotations[appArmorAnnotationPrefix+name].(string)
			if !ok {
				continue
			}
			sc, _ := c["securityContext"].(map[string]any)
			if sc != nil && sc["appArmorProfile"] != nil {
				continue
			}
			profile := appArmorProfileOf(value)
			if profile == nil || sameProfile(profile, podProfile) {
				continue
			}
			if sc == nil {
				sc = map[string]any{}
				c["securityContext"] = sc
			}
			sc["appArmorProfile"] = profile
		}
	}
}

func requestsFromLimits(c map[string]any) {
	res, _ := c["resources"].(map[string]any)
	limits, _ := res["limits"].(map[string]any)
	if limits == nil {
		return
	}
	requests, _ := res["requests"].(map[string]any)
	if requests == nil {
		requests = map[string]any{}
		res["requests"] = requests
	}
	for k, v := range limits {
		if _, set := requests[k]; !set {
			requests[k] = v
		}
	}
}

func hostPortsFromContainerPorts(c map[string]any) {
	for _, p := range objects(c["ports"]) {
		if hp, set := p["hostPort"]; !set || isZero(hp) {
			if cp, ok := p["containerPort"]; ok {
				p["hostPort"] = cp
			}
		}
	}
}

// appArmorProfileOf is the field the API server derives from an annotation
// value, nil for a value it cannot derive one from.
func appArmorProfileOf(value string) map[string]any {
	switch {
	case value == "unconfined":
		return map[string]any{"type": "Unconfined"}
	case value == "runtime/default":
		return map[string]any{"type": "RuntimeDefault"}
	case strings.HasPrefix(value, "localhost/") && len(value) > len("localhost/"):
		return map[string]any{"type": "Localhost", "localhostProfile": strings.TrimPrefix(value, "localhost/")}
	}
	return nil
}

func sameProfile(a, b map[string]any) bool {
	if b == nil {
		return false
	}
	return a["type"] == b["type"] && a["localhostProfile"] == b["localhostProfile"]
}

func objects(v any) []map[string]any {
	list, _ := v.([]any)
	out := make([]map[string]any, 0, len(list))
	for _, x := range list {
		if m, ok := x.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func isZero(v any) bool {
	switch n := v.(type) {
	case int64:
		return n == 0
	case float64:
		return n == 0
	case int:
		return n == 0
	}
	return false
}
