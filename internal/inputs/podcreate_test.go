package inputs

import (
	"reflect"
	"testing"

	"sigs.k8s.io/yaml"
)

func TestPodAsCreated(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"requests default to limits", `
apiVersion: v1
kind: Pod
spec:
  containers:
  - name: a
    resources: {limits: {cpu: 500m, memory: 1Gi}, requests: {cpu: 100m}}
  initContainers:
  - name: b
    resources: {limits: {memory: 64Mi}}`, `
apiVersion: v1
kind: Pod
spec:
  containers:
  - name: a
    resources: {limits: {cpu: 500m, memory: 1Gi}, requests: {cpu: 100m, memory: 1Gi}}
  initContainers:
  - name: b
    resources: {limits: {memory: 64Mi}, requests: {memory: 64Mi}}`},
		{"host network ports", `
apiVersion: v1
kind: Pod
spec:
  hostNetwork: true
  containers:
  - name: a
    ports: [{containerPort: 80}, {containerPort: 443, hostPort: 8443}, {containerPort: 9, hostPort: 0}]`, `
apiVersion: v1
kind: Pod
spec:
  hostNetwork: true
  containers:
  - name: a
    ports: [{containerPort: 80, hostPort: 80}, {containerPort: 443, hostPort: 8443}, {containerPort: 9, hostPort: 9}]`},
		{"no host network, no host ports", `
apiVersion: v1
kind: Pod
spec:
  containers:
  - name: a
    ports: [{containerPort: 80}]`, `
apiVersion: v1
kind: Pod
spec:
  containers:
  - name: a
    ports: [{containerPort: 80}]`},
		{"apparmor annotations become fields", `
apiVersion: v1
kind: Pod
metadata:
  annotations:
    container.apparmor.security.beta.kubernetes.io/a: unconfined
    container.apparmor.security.beta.kubernetes.io/b: localhost/k8s-b
    container.apparmor.security.beta.kubernetes.io/c: runtime/default
    container.apparmor.security.beta.kubernetes.io/d: bogus
    container.apparmor.security.beta.kubernetes.io/e: unconfined
spec:
  securityContext: {appArmorProfile: {type: RuntimeDefault}}
  containers:
  - name: a
  - name: b
  - name: c
  - name: d
  - name: e
    securityContext: {appArmorProfile: {type: Localhost, localhostProfile: x}}`, `
apiVersion: v1
kind: Pod
metadata:
  annotations:
    container.apparmor.security.beta.kubernetes.io/a: unconfined
    container.apparmor.security.beta.kubernetes.io/b: localhost/k8s-b
    container.apparmor.security.beta.kubernetes.io/c: runtime/default
    container.apparmor.security.beta.kubernetes.io/d: bogus
    container.apparmor.security.beta.kubernetes.io/e: unconfined
spec:
  securityContext: {appArmorProfile: {type: RuntimeDefault}}
  containers:
  - name: a
    securityContext: {appArmorProfile: {type: Unconfined}}
  - name: b
    securityContext: {appArmorProfile: {type: Localhost, localhostProfile: k8s-b}}
  - name: c
  - name: d
  - name: e
    securityContext: {appArmorProfile: {type: Localhost, localhostProfile: x}}`},
		{"templates are left alone", `
apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      hostNetwork: true
      containers:
      - name: a
        ports: [{containerPort: 80}]
        resources: {limits: {cpu: 1}}`, `
apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      hostNetwork: true
      containers:
      - name: a
        ports: [{containerPort: 80}]
        resources: {limits: {cpu: 1}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got, want map[string]any
			if err := yaml.Unmarshal([]byte(tt.in), &got); err != nil {
				t.Fatal(err)
			}
			if err := yaml.Unmarshal([]byte(tt.want), &want); err != nil {
				t.Fatal(err)
			}
			podAsCreated(got)
			if !reflect.DeepEqual(got, want) {
				a, _ := yaml.Marshal(got)
				b, _ := yaml.Marshal(want)
				t.Errorf("got\n%s\nwant\n%s", a, b)
			}
		})
	}
}
