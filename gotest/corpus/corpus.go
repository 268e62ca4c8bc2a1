// Package corpus writes realistic Kubernetes manifests for benchmarks:
// workloads of every kind with one to four containers, Services,
// ConfigMaps and Namespaces, some compliant and some not, the same for the
// same seed.
package corpus

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
)

var workloadKinds = []string{"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod", "ReplicationController"}

// Document renders the i-th document of the corpus for a seed.
func Document(seed int64, i int) string {
	r := rand.New(rand.NewSource(seed*1_000_003 + int64(i)))
	ns := fmt.Sprintf("team-%d", i%17)
	name := fmt.Sprintf("app-%d", i)
	switch k := r.Intn(10); {
	case k < 6:
		return workload(r, workloadKinds[r.Intn(len(workloadKinds))], name, ns)
	case k < 8:
		return fmt.Sprintf(`apiVersion: v1
kind: Service
metadata:
  name: %s
  namespace: %s
  labels:
    app.kubernetes.io/name: %s
spec:
  selector:
    app.kubernetes.io/name: %s
  ports:
    - port: 80
      targetPort: 8080
`, name, ns, name, name)
	case k < 9:
		return fmt.Sprintf(`apiVersion: v1
kind: ConfigMap
metadata:
  name: %s-config
  namespace: %s
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "a,b,c"
`, name, ns)
	default:
		return fmt.Sprintf(`apiVersion: v1
kind: Namespace
metadata:
  name: %s-%d
  labels:
    team: team-%d
    pod-security.kubernetes.io/enforce: baseline
`, ns, i, i%17)
	}
}

func workload(r *rand.Rand, kind, name, ns string) string {
	good := r.Intn(3) > 0 // two thirds compliant
	var b strings.Builder
	api := map[string]string{"Pod": "v1", "ReplicationController": "v1", "Job": "batch/v1", "CronJob": "batch/v1"}[kind]
	if api == "" {
		api = "apps/v1"
	}
	fmt.Fprintf(&b, "apiVersion: %s\nkind: %s\nmetadata:\n  name: %s\n  namespace: %s\n  labels:\n    app.kubernetes.io/name: %s\n    app.kubernetes.io/version: \"1.%d.0\"\n", api, kind, name, ns, name, r.Intn(9))
	indent := ""
	switch kind {
	case "Pod":
		b.WriteString("spec:\n")
		indent = "  "
	case "CronJob":
		b.WriteString("spec:\n  schedule: \"*/5 * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        metadata:\n          labels:\n            app.kubernetes.io/name: " + name + "\n        spec:\n")
		indent = "          "
	default:
		b.WriteString("spec:\n")
		if kind != "Job" && kind != "DaemonSet" {
			fmt.Fprintf(&b, "  replicas: %d\n", 1+r.Intn(4))
		}
		// A ReplicationController's selector is a plain label map.
		selector := "  selector:\n    matchLabels:\n      app.kubernetes.io/name: "
		if kind == "ReplicationController" {
			selector = "  selector:\n    app.kubernetes.io/name: "
		}
		b.WriteString(selector + name + "\n  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: " + name + "\n    spec:\n")
		indent = "      "
	}
	if kind == "Job" || kind == "CronJob" {
		b.WriteString(indent + "restartPolicy: OnFailure\n")
	}
	b.WriteString(indent + "securityContext:\n" + indent + "  runAsNonRoot: true\n" + indent + "  seccompProfile:\n" + indent + "    type: RuntimeDefault\n")
	if r.Intn(4) == 0 {
		b.WriteString(indent + "initContainers:\n")
		container(&b, r, indent, "init", good)
	}
	b.WriteString(indent + "containers:\n")
	for c := 0; c < 1+r.Intn(4); c++ {
		container(&b, r, indent, fmt.Sprintf("c%d", c), good || c > 0)
	}
	return b.String()
}

func container(b *strings.Builder, r *rand.Rand, indent, name string, good bool) {
	image := fmt.Sprintf("registry.example.com/team/%s:1.%d.%d", name, r.Intn(20), r.Intn(20))
	if !good && r.Intn(2) == 0 {
		image = "nginx:latest"
	}
	fmt.Fprintf(b, "%s  - name: %s\n%s    image: %s\n", indent, name, indent, image)
	fmt.Fprintf(b, "%s    ports:\n%s      - containerPort: 8080\n", indent, indent)
	fmt.Fprintf(b, "%s    env:\n%s      - name: LOG_LEVEL\n%s        value: info\n", indent, indent, indent)
	if good || r.Intn(2) == 0 {
		fmt.Fprintf(b, "%s    resources:\n%s      requests: {cpu: 100m, memory: 128Mi}\n%s      limits: {cpu: 500m, memory: 256Mi}\n", indent, indent, indent)
	}
	if good {
		fmt.Fprintf(b, "%s    livenessProbe:\n%s      httpGet: {path: /healthz, port: 8080}\n", indent, indent)
		fmt.Fprintf(b, "%s    readinessProbe:\n%s      httpGet: {path: /ready, port: 8080}\n", indent, indent)
	}
	fmt.Fprintf(b, "%s    securityContext:\n%s      allowPrivilegeEscalation: false\n%s      readOnlyRootFilesystem: true\n%s      capabilities:\n%s        drop: [ALL]\n", indent, indent, indent, indent, indent)
}

// Dense renders the i-th document of the dense corpus: workloads written
// the way hurried manifests are (a mutable tag, a password in the
// environment, a host path, root for half of them, the service account
// token mounted), each with about
// twelve findings under the default catalog, where Document's average
// about six. A finding-heavy corpus weighs what a policy engine spends
// building messages, not only what it spends matching.
func Dense(seed int64, i int) string {
	r := rand.New(rand.NewSource(seed*1_000_033 + int64(i)))
	kind := workloadKinds[r.Intn(3)] // Deployment, StatefulSet or DaemonSet
	name := fmt.Sprintf("svc-%d", i)
	var b strings.Builder
	fmt.Fprintf(&b, "apiVersion: apps/v1\nkind: %s\nmetadata:\n  name: %s\n  namespace: team-%d\nspec:\n", kind, name, i%23)
	if kind != "DaemonSet" {
		fmt.Fprintf(&b, "  replicas: %d\n", 1+r.Intn(3))
	}
	b.WriteString("  selector:\n    matchLabels:\n      app: " + name + "\n  template:\n    metadata:\n      labels:\n        app: " + name + "\n    spec:\n")
	if r.Intn(3) == 0 {
		b.WriteString("      hostNetwork: true\n")
	}
	b.WriteString("      securityContext:\n        seccompProfile: {type: RuntimeDefault}\n")
	b.WriteString("      volumes:\n      - name: data\n        hostPath: {path: /var/lib/" + name + "}\n      containers:\n")
	image := []string{"nginx", "redis:latest", "busybox:1.36", "registry.example.com/team/app:dev"}[r.Intn(4)]
	fmt.Fprintf(&b, "      - name: app\n        image: %s\n        ports:\n        - containerPort: 8080\n", image)
	b.WriteString("        env:\n        - name: DB_PASSWORD\n          value: hunter2\n        volumeMounts:\n        - {name: data, mountPath: /data}\n")
	b.WriteString("        resources:\n          requests: {cpu: 100m, memory: 128Mi, ephemeral-storage: 1Gi}\n          limits: {cpu: 500m, memory: 256Mi, ephemeral-storage: 2Gi}\n")
	b.WriteString("        readinessProbe:\n          httpGet: {path: /ready, port: 8080}\n        livenessProbe:\n          httpGet: {path: /healthz, port: 8080}\n")
	if r.Intn(2) == 0 {
		b.WriteString("        securityContext:\n          runAsUser: 0\n")
	} else {
		b.WriteString("        securityContext:\n          runAsNonRoot: true\n          allowPrivilegeEscalation: false\n          capabilities: {drop: [ALL]}\n")
	}
	return b.String()
}

// Write writes n documents into dir, perFile documents to a file.
func Write(dir string, n, perFile int, seed int64) error {
	return write(dir, n, perFile, seed, Document)
}

// WriteDense writes n documents of the dense corpus into dir.
func WriteDense(dir string, n, perFile int, seed int64) error {
	return write(dir, n, perFile, seed, Dense)
}

func write(dir string, n, perFile int, seed int64, doc func(int64, int) string) error {
	if perFile <= 0 {
		perFile = 1
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for start := 0; start < n; start += perFile {
		var b strings.Builder
		for i := start; i < start+perFile && i < n; i++ {
			if i > start {
				b.WriteString("---\n")
			}
			b.WriteString(doc(seed, i))
		}
		file := filepath.Join(dir, fmt.Sprintf("m%06d.yaml", start/perFile))
		if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}
