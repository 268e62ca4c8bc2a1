package audit

import (
	"fmt"

	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/tools/clientcmd"
)

// Cluster is a connection to one cluster.
type Cluster struct {
	Dynamic   dynamic.Interface
	Discovery Discovery
	// Name is the kubeconfig context and the server it points at.
	Name string
}

// Connect reads a kubeconfig as kubectl does (kubeconfig "" means
// $KUBECONFIG, else ~/.kube/config) and connects to the cluster of
// context (the current one when "").
func Connect(kubeconfig, context string) (*Cluster, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = kubeconfig
	cc := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{CurrentContext: context})
	raw, err := cc.RawConfig()
	if err != nil {
		return nil, fmt.Errorf("reading the kubeconfig: %w", err)
	}
	cfg, err := cc.ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("kubeconfig: %w", err)
	}
	// A listing is a burst of requests, one per page of each kind: the
	// client's default of 5 a second would be most of the run.
	cfg.QPS, cfg.Burst = 50, 100
	cfg.UserAgent = "shipshape-audit"
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	disc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return nil, err
	}
	name := context
	if name == "" {
		name = raw.CurrentContext
	}
	return &Cluster{Dynamic: dyn, Discovery: disc, Name: fmt.Sprintf("%s (%s)", name, cfg.Host)}, nil
}
