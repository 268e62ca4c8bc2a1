// Package e2e runs shipshape's templates in a real cluster: etcd,
// kube-apiserver and Gatekeeper's manager started on 127.0.0.1 from the
// pinned builds of tools/, with certificates generated here. The tests are
// skipped unless SHIPSHAPE_E2E is set (make e2e sets it).
package e2e

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Timeouts, measured on a loaded 2-core machine and then given a wide margin:
// etcd is ready in under 1 s, kube-apiserver in 6-10 s, Gatekeeper's
// webhook in 5-15 s, templates created and Constraints enforced in 10-30 s.
const (
	etcdReady       = 60 * time.Second
	apiserverReady  = 180 * time.Second
	gatekeeperReady = 180 * time.Second
	templatesReady  = 240 * time.Second
)

// Tools are the paths of the pinned binaries (tools/build prints them).
type Tools struct{ Etcd, APIServer, Kubectl, Gatekeeper string }

// Cluster is a running etcd, kube-apiserver and Gatekeeper.
type Cluster struct {
	Dir        string // certificates, data, logs, kubeconfig
	Kubeconfig string
	Tools      Tools
	procs      []*exec.Cmd
	mu         sync.Mutex
	client     *http.Client
	server     string
	namespaces map[string]bool // created by EnsureNamespace without labels
}

// Options tune Gatekeeper for a test.
type Options struct {
	AuditInterval time.Duration // 0: audit off
}

// RepoRoot is the repository's top folder.
func RepoRoot() string {
	wd, _ := os.Getwd()
	for d := wd; d != "/"; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			if _, err := os.Stat(filepath.Join(d, "tools", "build")); err == nil {
				return d
			}
		}
	}
	return wd
}

// BuildTools runs tools/build (which reuses the per-machine cache).
func BuildTools() (Tools, error) {
	cmd := exec.Command(filepath.Join(RepoRoot(), "tools", "build"), "etcd", "kube-apiserver", "kubectl", "gatekeeper")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return Tools{}, fmt.Errorf("tools/build: %w\n%s", err, stderr.String())
	}
	p := strings.Fields(string(out))
	if len(p) != 4 {
		return Tools{}, fmt.Errorf("tools/build printed %q, want four paths", out)
	}
	return Tools{Etcd: p[0], APIServer: p[1], Kubectl: p[2], Gatekeeper: p[3]}, nil
}

// Start brings up the cluster in dir. On error, whatever was started is
// already stopped.
func Start(ctx context.Context, dir string, tools Tools, opt Options) (c *Cluster, err error) {
	c = &Cluster{Dir: dir, Tools: tools}
	started := c // the error returns below set c to nil
	defer func() {
		if err != nil {
			started.Stop()
			err = fmt.Errorf("%w (logs in %s)", err, dir)
		}
	}()
	if err := c.writeCerts(); err != nil {
		return nil, err
	}
	ports, err := freePorts(6)
	if err != nil {
		return nil, err
	}
	etcdPort, peerPort, apiPort, hookPort, healthPort, metricsPort := ports[0], ports[1], ports[2], ports[3], ports[4], ports[5]

	etcdURL := "http://127.0.0.1:" + strconv.Itoa(etcdPort)
	peerURL := "http://127.0.0.1:" + strconv.Itoa(peerPort)
	if err := c.spawn("etcd", tools.Etcd, nil,
		"--data-dir", filepath.Join(dir, "etcd"),
		"--listen-client-urls", etcdURL, "--advertise-client-urls", etcdURL,
		"--listen-peer-urls", peerURL, "--initial-advertise-peer-urls", peerURL,
		"--initial-cluster", "default="+peerURL, "--listen-metrics-urls", "",
		"--quota-backend-bytes", strconv.Itoa(1<<30)); err != nil {
		return nil, err
	}
	if err := waitFor(ctx, etcdReady, "etcd /health", func() error { return httpOK(http.DefaultClient, etcdURL+"/health") }); err != nil {
		return nil, err
	}

	p := func(name string) string { return filepath.Join(dir, name) }
	c.server = "https://127.0.0.1:" + strconv.Itoa(apiPort)
	if err := c.spawn("kube-apiserver", tools.APIServer, nil,
		"--etcd-servers", etcdURL,
		"--bind-address", "127.0.0.1", "--advertise-address", "127.0.0.1",
		"--secure-port", strconv.Itoa(apiPort),
		"--tls-cert-file", p("apiserver.crt"), "--tls-private-key-file", p("apiserver.key"),
		"--client-ca-file", p("ca.crt"),
		"--service-account-key-file", p("sa.key"), "--service-account-signing-key-file", p("sa.key"),
		"--service-account-issuer", "https://kubernetes.default.svc",
		"--service-cluster-ip-range", "10.0.0.0/24",
		"--authorization-mode", "RBAC",
		"--allow-privileged=true", // as kubeadm sets it; without it the API server itself refuses privileged and hostProcess containers
		"--enable-admission-plugins", "NamespaceLifecycle,ServiceAccount,ValidatingAdmissionWebhook",
		// Without a controller manager nothing removes the protection
		// finalizer, and a deleted claim would stay Terminating for the
		// next case that creates it.
		"--disable-admission-plugins", "StorageObjectInUseProtection",
		"--enable-priority-and-fairness=false",
		"--cert-dir", p("apiserver-certs")); err != nil {
		return nil, err
	}
	if err := c.writeKubeconfig(); err != nil {
		return nil, err
	}
	if err := waitFor(ctx, apiserverReady, "kube-apiserver /readyz", func() error { return httpOK(c.client, c.server+"/readyz") }); err != nil {
		return nil, err
	}

	// Gatekeeper's CRDs, its namespace, the placeholder Pod it owns status
	// objects with, and its webhook pointing at 127.0.0.1.
	crds, err := gatekeeperCRDs()
	if err != nil {
		return nil, err
	}
	if _, err := c.KubectlIn(ctx, crds, "apply", "--server-side", "-f", "-"); err != nil {
		return nil, fmt.Errorf("gatekeeper CRDs: %w", err)
	}
	if err := c.EnsureNamespace(ctx, "gatekeeper-system", map[string]string{"admission.gatekeeper.sh/ignore": "no-self-managing"}); err != nil {
		return nil, err
	}
	pod := `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"gatekeeper-placeholder","namespace":"gatekeeper-system"},` +
		`"spec":{"containers":[{"name":"manager","image":"gatekeeper:placeholder"}]}}`
	if _, err := c.KubectlIn(ctx, []byte(pod), "apply", "-f", "-"); err != nil {
		return nil, fmt.Errorf("placeholder pod: %w", err)
	}
	args := []string{
		"--kubeconfig", c.Kubeconfig,
		"--port", strconv.Itoa(hookPort), "--host", "127.0.0.1",
		"--health-addr", "127.0.0.1:" + strconv.Itoa(healthPort), "--metrics-addr", "0",
		"--prometheus-port", strconv.Itoa(metricsPort), // its default, 8888, would clash with a second cluster on the machine
		"--cert-dir", p("webhook"), "--disable-cert-rotation",
		"--operation", "webhook", "--operation", "status", "--operation", "generate",
		"--log-level", "INFO", "--shutdown-delay", "0",
		"--enable-k8s-native-validation=false",
	}
	if opt.AuditInterval > 0 {
		// Gatekeeper empties this folder before each audit and fails the
		// audit when it does not exist.
		if err := os.MkdirAll(p("audit-cache"), 0o700); err != nil {
			return nil, err
		}
		args = append(args, "--operation", "audit",
			"--audit-interval", strconv.Itoa(int(opt.AuditInterval.Seconds())),
			"--constraint-violations-limit", "500",
			"--api-cache-dir", p("audit-cache"))
	}
	env := []string{"POD_NAME=gatekeeper-placeholder", "POD_NAMESPACE=gatekeeper-system", "CONTAINER_NAME=manager", "KUBECONFIG=" + c.Kubeconfig}
	if err := c.spawn("gatekeeper", tools.Gatekeeper, env, args...); err != nil {
		return nil, err
	}
	hook := fmt.Sprintf("https://127.0.0.1:%d", hookPort)
	if err := waitFor(ctx, gatekeeperReady, "gatekeeper /readyz", func() error {
		return httpOK(http.DefaultClient, fmt.Sprintf("http://127.0.0.1:%d/readyz", healthPort))
	}); err != nil {
		return nil, err
	}
	if err := c.applyWebhook(ctx, hook+"/v1/admit"); err != nil {
		return nil, err
	}
	return c, nil
}

// spawn starts a process in its own process group, output to dir/name.log.
func (c *Cluster) spawn(name, bin string, env []string, args ...string) error {
	log, err := os.Create(filepath.Join(c.Dir, name+".log"))
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		log.Close()
		return fmt.Errorf("start %s: %w", name, err)
	}
	c.mu.Lock()
	c.procs = append(c.procs, cmd)
	c.mu.Unlock()
	go func() { _ = cmd.Wait(); log.Close() }()
	return nil
}

// Stop kills every process group the cluster started, last first. It is
// safe to call more than once and from a signal handler's goroutine.
func (c *Cluster) Stop() {
	c.mu.Lock()
	procs := c.procs
	c.procs = nil
	c.mu.Unlock()
	for i := len(procs) - 1; i >= 0; i-- {
		pid := procs[i].Process.Pid
		_ = syscall.Kill(-pid, syscall.SIGTERM)
		deadline := time.Now().Add(5 * time.Second)
		for syscall.Kill(pid, 0) == nil && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		_ = syscall.Kill(-pid, syscall.SIGKILL)
	}
}

// Log returns the tail of a component's log, for error messages.
func (c *Cluster) Log(name string, lines int) string {
	data, _ := os.ReadFile(filepath.Join(c.Dir, name+".log"))
	all := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

// Kubectl runs kubectl against the cluster and returns stdout; the error
// carries stderr.
func (c *Cluster) Kubectl(ctx context.Context, args ...string) (string, error) {
	return c.KubectlIn(ctx, nil, args...)
}

// KubectlIn is Kubectl with stdin.
func (c *Cluster) KubectlIn(ctx context.Context, stdin []byte, args ...string) (string, error) {
	out, stderr, err := c.KubectlFull(ctx, stdin, args...)
	if err != nil {
		return out, fmt.Errorf("kubectl %s: %w: %s", strings.Join(args, " "), err, stderr)
	}
	return out, nil
}

// KubectlFull returns stdout and stderr separately (warnings are on stderr).
func (c *Cluster) KubectlFull(ctx context.Context, stdin []byte, args ...string) (string, string, error) {
	cmd := exec.CommandContext(ctx, c.Tools.Kubectl, append([]string{"--kubeconfig", c.Kubeconfig}, args...)...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.String(), stderr.String(), err
}

// EnsureNamespace creates a namespace (labels merged in) and its default
// ServiceAccount: no controller manager runs to create it, and the
// ServiceAccount admission plugin refuses Pods without it.
func (c *Cluster) EnsureNamespace(ctx context.Context, name string, labels map[string]string) error {
	if len(labels) == 0 && c.namespaces[name] {
		return nil
	}
	ns := map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": name, "labels": labels}}
	sa := map[string]any{"apiVersion": "v1", "kind": "ServiceAccount", "metadata": map[string]any{"name": "default", "namespace": name}}
	for _, o := range []any{ns, sa} {
		data, _ := json.Marshal(o)
		if _, err := c.KubectlIn(ctx, data, "apply", "-f", "-"); err != nil {
			return err
		}
	}
	if c.namespaces == nil {
		c.namespaces = map[string]bool{}
	}
	c.namespaces[name] = true
	return nil
}

func (c *Cluster) applyWebhook(ctx context.Context, url string) error {
	ca, err := os.ReadFile(filepath.Join(c.Dir, "ca.crt"))
	if err != nil {
		return err
	}
	hook := map[string]any{
		"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration",
		"metadata": map[string]any{"name": "gatekeeper-validating-webhook-configuration"},
		"webhooks": []any{map[string]any{
			"name":                    "validation.gatekeeper.sh",
			"clientConfig":            map[string]any{"url": url, "caBundle": base64.StdEncoding.EncodeToString(ca)},
			"failurePolicy":           "Fail",
			"sideEffects":             "None",
			"admissionReviewVersions": []string{"v1"},
			"timeoutSeconds":          10,
			"namespaceSelector": map[string]any{"matchExpressions": []any{map[string]any{
				"key": "admission.gatekeeper.sh/ignore", "operator": "DoesNotExist"}}},
			"rules": []any{map[string]any{
				"apiGroups": []string{"*"}, "apiVersions": []string{"*"}, "resources": []string{"*"},
				"operations": []string{"CREATE", "UPDATE"}, "scope": "*"}},
		}},
	}
	data, _ := json.Marshal(hook)
	if _, err := c.KubectlIn(ctx, data, "apply", "-f", "-"); err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	return nil
}

// gatekeeperCRDs are the CustomResourceDefinition documents of the
// gatekeeper module's deploy/gatekeeper.yaml.
func gatekeeperCRDs() ([]byte, error) {
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/open-policy-agent/gatekeeper/v3")
	cmd.Dir = filepath.Join(RepoRoot(), "tools", "gatekeeper")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("locate the gatekeeper module: %w", err)
	}
	file := filepath.Join(strings.TrimSpace(string(out)), "deploy", "gatekeeper.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var crds [][]byte
	for _, doc := range bytes.Split(data, []byte("\n---")) {
		if bytes.Contains(doc, []byte("\nkind: CustomResourceDefinition\n")) {
			crds = append(crds, doc)
		}
	}
	if len(crds) == 0 {
		return nil, fmt.Errorf("%s: no CustomResourceDefinition documents", file)
	}
	return bytes.Join(crds, []byte("\n---")), nil
}

func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func httpOK(client *http.Client, url string) error {
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	return nil
}

// waitFor polls check every 250 ms until it succeeds or timeout passes; the
// error names what was awaited, how long, and the last failure.
func waitFor(ctx context.Context, timeout time.Duration, what string, check func() error) error {
	start := time.Now()
	deadline := start.Add(timeout)
	var last error
	for {
		if last = check(); last == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready after %s: %v", what, timeout, last)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: %w (last: %v)", what, ctx.Err(), last)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// Certificates: one CA signs the API server's serving cert, the webhook's
// serving cert and the admin client cert (system:masters).
func (c *Cluster) writeCerts() error {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "shipshape-e2e-ca"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	caCert, _ := x509.ParseCertificate(caDER)
	if err := writePEM(filepath.Join(c.Dir, "ca.crt"), "CERTIFICATE", caDER); err != nil {
		return err
	}
	issue := func(serial int64, cn string, org []string, usage x509.ExtKeyUsage, certFile, keyFile string) error {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return err
		}
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: cn, Organization: org},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{usage},
		}
		if usage == x509.ExtKeyUsageServerAuth {
			tmpl.IPAddresses = []net.IP{net.ParseIP("127.0.0.1")}
			tmpl.DNSNames = []string{"localhost"}
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
		if err != nil {
			return err
		}
		kder, err := x509.MarshalECPrivateKey(key)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(certFile), 0o700); err != nil {
			return err
		}
		if err := writePEM(certFile, "CERTIFICATE", der); err != nil {
			return err
		}
		return writePEM(keyFile, "EC PRIVATE KEY", kder)
	}
	p := func(name string) string { return filepath.Join(c.Dir, name) }
	if err := issue(2, "kube-apiserver", nil, x509.ExtKeyUsageServerAuth, p("apiserver.crt"), p("apiserver.key")); err != nil {
		return err
	}
	if err := issue(3, "gatekeeper-webhook", nil, x509.ExtKeyUsageServerAuth, p("webhook/tls.crt"), p("webhook/tls.key")); err != nil {
		return err
	}
	if err := issue(4, "shipshape-e2e-admin", []string{"system:masters"}, x509.ExtKeyUsageClientAuth, p("admin.crt"), p("admin.key")); err != nil {
		return err
	}
	saKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	saDER, err := x509.MarshalECPrivateKey(saKey)
	if err != nil {
		return err
	}
	return writePEM(p("sa.key"), "EC PRIVATE KEY", saDER)
}

func (c *Cluster) writeKubeconfig() error {
	p := func(name string) string { return filepath.Join(c.Dir, name) }
	c.Kubeconfig = p("kubeconfig")
	kc := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster: {server: %q, certificate-authority: %q}
users:
- name: admin
  user: {client-certificate: %q, client-key: %q}
contexts:
- name: e2e
  context: {cluster: e2e, user: admin}
current-context: e2e
`, c.server, p("ca.crt"), p("admin.crt"), p("admin.key"))
	if err := os.WriteFile(c.Kubeconfig, []byte(kc), 0o600); err != nil {
		return err
	}
	cert, err := tls.LoadX509KeyPair(p("admin.crt"), p("admin.key"))
	if err != nil {
		return err
	}
	caPEM, err := os.ReadFile(p("ca.crt"))
	if err != nil {
		return err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return errors.New("ca.crt: no certificate")
	}
	c.client = &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cert}}}}
	return nil
}

func writePEM(file, typ string, der []byte) error {
	return os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600)
}
