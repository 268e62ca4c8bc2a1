# shipshape: every target a newcomer needs.
GO ?= go
# Peer tools are built once per machine from their own modules (tools/).
OPA = $$(./tools/build opa)
# The binary ships without the symbol table and DWARF (-s -w: 90 MB to 65 MB,
# same start-up time; stack traces and CPU profiles keep function names)
# and without this machine's paths. `make bench` times it built this way.
LDFLAGS ?= -s -w

.PHONY: all build generate fmt vet test check-generated bench bench-start precision e2e bench-audit

all: generate test

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/shipshape ./cmd/shipshape

# Rebuild templates/ and bundles/ from policies/.
generate:
	$(GO) run ./cmd/shipshape build

# Format Go and Rego sources.
fmt:
	gofmt -w cmd internal gotest policies
	$(OPA) fmt -w policies

vet:
	$(GO) vet ./...

check-generated:
	$(GO) run ./cmd/shipshape build --verify

# Every test: Go unit tests, the policy harness (embedded evaluator,
# Gatekeeper's engine, gator verify), Rego unit tests and generated-file checks.
test: vet
	@./tools/build opa conftest >/dev/null
	@test -z "$$(gofmt -l cmd internal gotest policies)" || { echo "gofmt needed:"; gofmt -l cmd internal gotest policies; exit 1; }
	$(GO) test -timeout 40m ./...

# Benchmarks, one table: in-process numbers (docs/s, allocs per document,
# peak heap, Gatekeeper review latency), then the binary against gator and
# conftest on one corpus in the same run, the cold start and the binary size.
bench:
	$(GO) run ./gotest/benchreport -ldflags '$(LDFLAGS)'

# The binary's size and start-up rows of `make bench` alone (about a minute):
# cold start on one small file (median, p90), --help, where a cold start's
# CPU goes. docs/performance.md says what they measure.
bench-start:
	$(GO) run ./gotest/benchreport -start-only -ldflags '$(LDFLAGS)'

# Precision on the realistic corpus (gotest/testdata/precision/): the
# findings must be exactly expected.txt; prints findings and deny findings
# per object, per check.
precision:
	$(GO) test ./gotest/ -run 'TestPrecisionCorpus' -bench 'BenchmarkPrecision' -benchtime 1x -count=1 -v

# The real-cluster test: etcd, kube-apiserver and Gatekeeper built once per
# machine by tools/build (before go test, so its timeout is not spent
# compiling; cold about 10 minutes of wall time on 2 cores), then
# templates/ applied with kubectl's kustomize and checked through admission.
e2e:
	tools/build etcd kube-apiserver kubectl gatekeeper >/dev/null
	SHIPSHAPE_E2E=1 $(GO) test ./gotest/e2e/ -count=1 -timeout 40m

# shipshape audit against the real test cluster loaded with generated
# objects: objects/s and peak RSS (gotest/e2e/auditbench_test.go).
bench-audit:
	tools/build etcd kube-apiserver kubectl gatekeeper >/dev/null
	SHIPSHAPE_E2E=1 SHIPSHAPE_AUDIT_BENCH=$${SIZES:-10000,50000} $(GO) test ./gotest/e2e/ -run 'TestAuditBenchmark' -count=1 -timeout 90m -v
