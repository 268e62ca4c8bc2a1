package e2e

import (
	"bytes"
	"testing"

	"sigs.k8s.io/yaml"
)

// The generator is deterministic per seed, and each document decodes (as
// kubectl decodes) to a Pod or PodList named as Generated says.
func TestGenerate(t *testing.T) {
	for _, seed := range []int64{1, 2, 99} {
		a, b := Generate(seed, 30, "ns"), Generate(seed, 30, "ns")
		for i := range a {
			if !bytes.Equal(a[i].YAML, b[i].YAML) || a[i].Shape != b[i].Shape {
				t.Fatalf("seed %d doc %d: two runs differ", seed, i)
			}
			var obj struct {
				Kind     string
				Metadata struct{ Name string }
				Items    []struct{ Metadata struct{ Name string } }
			}
			if err := yaml.Unmarshal(a[i].YAML, &obj); err != nil {
				t.Fatalf("seed %d %s (%s): %v\n%s", seed, a[i].Name, a[i].Shape, err, a[i].YAML)
			}
			name := obj.Metadata.Name
			if obj.Kind == "PodList" && len(obj.Items) == 1 {
				name = obj.Items[0].Metadata.Name
			} else if obj.Kind != "Pod" {
				t.Fatalf("seed %d %s: kind %q", seed, a[i].Name, obj.Kind)
			}
			if name != a[i].Name {
				t.Fatalf("seed %d: name %q, want %q", seed, name, a[i].Name)
			}
			var pod struct {
				Spec  podSpec
				Items []struct{ Spec podSpec }
			}
			if err := yaml.Unmarshal(a[i].YAML, &pod); err != nil {
				t.Fatal(err)
			}
			for _, it := range pod.Items {
				pod.Spec.Containers = append(pod.Spec.Containers, it.Spec.Containers...)
			}
			for _, c := range pod.Spec.Containers {
				if sc := c.SecurityContext; sc.Privileged != nil && *sc.Privileged && sc.AllowPrivilegeEscalation != nil && !*sc.AllowPrivilegeEscalation {
					t.Errorf("seed %d %s: privileged with allowPrivilegeEscalation false, which the API server refuses", seed, a[i].Name)
				}
			}
		}
	}
}

type podSpec struct {
	Containers []struct {
		SecurityContext struct{ Privileged, AllowPrivilegeEscalation *bool }
	}
}
