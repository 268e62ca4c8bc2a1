package lib.network_test

import data.lib.network
import data.lib.workload

np(spec) := {"kind": "NetworkPolicy", "metadata": {"name": "p"}, "spec": spec}

test_policy_types if {
	network.policy_types(np({"podSelector": {}})) == {"Ingress"}
	network.policy_types(np({"podSelector": {}, "egress": [{}]})) == {"Ingress", "Egress"}
	network.policy_types(np({"podSelector": {}, "policyTypes": ["Egress"]})) == {"Egress"}
}

test_default_deny if {
	network.default_deny(np({"podSelector": {}}), "Ingress")
	not network.default_deny(np({"podSelector": {}}), "Egress")
	network.default_deny(np({"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}), "Egress")
	not network.default_deny(np({"podSelector": {}, "ingress": [{}]}), "Ingress")
	not network.default_deny(np({"podSelector": {"matchLabels": {"app": "web"}}}), "Ingress")
}

test_rule_reaches if {
	network.rule_reaches({}, "169.254.169.254", 80)
	network.rule_reaches({"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}]}, "169.254.169.254", 80)
	not network.rule_reaches({"to": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["169.254.0.0/16"]}}]}, "169.254.169.254", 80)
	not network.rule_reaches({"to": [{"podSelector": {}}]}, "169.254.169.254", 80)
	not network.rule_reaches({"ports": [{"port": 53, "protocol": "UDP"}, {"port": 53}]}, "169.254.169.254", 80)
	network.rule_reaches({"ports": [{"port": 1, "endPort": 1024}]}, "169.254.169.254", 80)
	network.rule_reaches({"ports": [{"protocol": "TCP"}]}, "169.254.169.254", 80)
}

test_workload_groups_cover_every_workload_kind if {
	{k | some k, _ in network.workload_groups} == workload.workload_kinds
}

test_custom_resources if {
	network.custom_resources("db") with data.inventory as {"namespace": {"db": {"postgresql.cnpg.io/v1": {"Cluster": {"main": {}}}}}}
	not network.custom_resources("db") with data.inventory as {"namespace": {"db": {"apps/v1": {"Deployment": {}}, "networking.k8s.io/v1": {"NetworkPolicy": {}}}}}
}
