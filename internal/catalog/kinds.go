package catalog

import (
	"fmt"
	"sort"
	"strings"
)

// apiGroups maps the kinds policies match to their API group, so METADATA
// can name kinds alone.
var apiGroups = map[string]string{
	// Documents that are not Kubernetes objects: a kubeconfig's Config
	// (v1), and the kinds shipshape makes of Dockerfiles and cluster plans.
	"Config": "", "Dockerfile": "shipshape.dev", "ClusterPlan": "shipshape.dev",
	"Pod": "", "ReplicationController": "", "Namespace": "", "Service": "", "ConfigMap": "",
	"Secret": "", "PersistentVolumeClaim": "", "PersistentVolume": "", "ResourceQuota": "",
	"LimitRange": "", "Node": "", "ServiceAccount": "",
	"Deployment": "apps", "StatefulSet": "apps", "DaemonSet": "apps", "ReplicaSet": "apps",
	"Job": "batch", "CronJob": "batch",
	"HorizontalPodAutoscaler": "autoscaling",
	"Ingress":                 "networking.k8s.io", "NetworkPolicy": "networking.k8s.io", "IngressClass": "networking.k8s.io",
	"PriorityClass": "scheduling.k8s.io",
	"Role":          "rbac.authorization.k8s.io", "ClusterRole": "rbac.authorization.k8s.io",
	"RoleBinding": "rbac.authorization.k8s.io", "ClusterRoleBinding": "rbac.authorization.k8s.io",
	"PodDisruptionBudget": "policy",
	"StorageClass":        "storage.k8s.io",
}

// WorkloadKinds are the kinds that run pods; "workloads" in METADATA stands for them.
var WorkloadKinds = []string{"Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"}

// APIGroup returns the API group of a kind the catalog knows.
func APIGroup(kind string) (string, bool) {
	g, ok := apiGroups[kind]
	return g, ok
}

func kindGroups(v any) ([]KindGroup, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("must be a list of kind names, got %T", v)
	}
	byGroup := map[string][]string{}
	seen := map[string]bool{}
	add := func(kind string) error {
		g, ok := apiGroups[kind]
		if !ok {
			return fmt.Errorf("unknown kind %q (add its API group to internal/catalog/kinds.go)", kind)
		}
		if !seen[kind] {
			seen[kind] = true
			byGroup[g] = append(byGroup[g], kind)
		}
		return nil
	}
	for _, item := range list {
		name, ok := item.(string)
		if !ok {
			return nil, fmt.Errorf("kind names are strings, got %T", item)
		}
		if name == "workloads" {
			for _, k := range WorkloadKinds {
				if err := add(k); err != nil {
					return nil, err
				}
			}
			continue
		}
		if err := add(name); err != nil {
			return nil, err
		}
	}
	groups := make([]string, 0, len(byGroup))
	for g := range byGroup {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	out := make([]KindGroup, 0, len(groups))
	for _, g := range groups {
		kinds := byGroup[g]
		sort.Strings(kinds)
		out = append(out, KindGroup{APIGroups: []string{g}, Kinds: kinds})
	}
	return out, nil
}

// syncKinds reads custom.sync: a list of "group/version/Kind" or "version/Kind".
func syncKinds(v any) ([]GVK, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("must be a list like [apps/v1/Deployment, v1/Namespace], got %T", v)
	}
	var out []GVK
	for _, item := range list {
		s, _ := item.(string)
		var g GVK
		parts := strings.Split(s, "/")
		switch len(parts) {
		case 2:
			g = GVK{Version: parts[0], Kind: parts[1]}
		case 3:
			g = GVK{Group: parts[0], Version: parts[1], Kind: parts[2]}
		default:
			return nil, fmt.Errorf("%q is not group/version/Kind", s)
		}
		out = append(out, g)
	}
	return out, nil
}
