# shipshape: every target a newcomer needs.
GO ?= go
# Peer tools are built once per machine from their own modules (tools/).
OPA = $$(./tools/build opa)
# The binary ships without the symbol table and DWARF (-s -w: 90 MB to 65 MB,
# same start-up time; stack traces and CPU profiles keep function names)
# and without this machine's paths. `make bench` times it built this way.
LDFLAGS ?= -s -w
# Without cgo: kustomize's plugin loader imports Go's plugin package, which
# with cgo forces external linking (+30 MB); the CLI needs no C.

.PHONY: help all build generate fmt vet test test-policies check-generated bench bench-start precision e2e bench-audit

# `make help` prints each target with the text after its `##`: that text is
# the one place a target's one-line summary is written.
help: ## list the targets, one line each
	@grep -E '^[a-zA-Z0-9_-]+:.*## ' $(firstword $(MAKEFILE_LIST)) | sed -E 's/^([a-zA-Z0-9_-]+):.*## /\1\t/' | awk -F'\t' '{printf "  %-16s %s\n", $$1, $$2}'

all: generate test ## generate, then run every test

build: ## build the CLI into bin/shipshape (stripped, as it ships)
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/shipshape ./cmd/shipshape

generate: ## rebuild templates/, bundles/ and docs/policies.md from policies/
	$(GO) run ./cmd/shipshape build

fmt: ## format Go and Rego sources (gofmt, opa fmt)
	gofmt -w cmd internal gotest policies
	$(OPA) fmt -w policies

vet: ## go vet ./...
	$(GO) vet ./...

check-generated: ## fail when the generated files are stale
	$(GO) run ./cmd/shipshape build --verify

# The policy author's loop, in seconds: the Rego unit tests with the opa
# binary (samples/ and suite.yaml are not data, so they are left out), then
# `shipshape test` on policies/ as on disk: the unit tests again through the
# embedded evaluator's capabilities, and every suite.yaml case.
test-policies: ## Rego unit tests (opa test) and every suite through the embedded evaluator
	$(OPA) test --ignore samples --ignore suite.yaml policies
	$(GO) run ./cmd/shipshape test --policies policies

# Every test: Go unit tests, the policy harness (embedded evaluator,
# Gatekeeper's engine, gator verify), Rego unit tests and generated-file checks.
test: vet ## every test (timeout 40m)
	@./tools/build opa conftest >/dev/null
	@test -z "$$(gofmt -l cmd internal gotest policies)" || { echo "gofmt needed:"; gofmt -l cmd internal gotest policies; exit 1; }
	$(GO) test -timeout 40m ./...

# Benchmarks, one table: in-process numbers (docs/s, allocs per document,
# peak heap, Gatekeeper review latency), then the binary against gator and
# conftest on one corpus in the same run, the cold start and the binary size.
bench: ## the benchmark table: shipshape, gator and conftest on one corpus, cold start, binary size
	CGO_ENABLED=0 $(GO) run ./gotest/benchreport -ldflags '$(LDFLAGS)'

# docs/performance.md says what these rows measure.
bench-start: ## the binary's size and start-up rows of make bench alone (about a minute)
	CGO_ENABLED=0 $(GO) run ./gotest/benchreport -start-only -ldflags '$(LDFLAGS)'

# Precision on the realistic corpus (gotest/testdata/precision/): the
# findings must be exactly expected.txt; prints findings and deny findings
# per object, per check.
precision: ## exact findings on the realistic corpus, per object and per check
	$(GO) test ./gotest/ -run 'TestPrecisionCorpus' -bench 'BenchmarkPrecision' -benchtime 1x -count=1 -v

# The real-cluster test: etcd, kube-apiserver and Gatekeeper built once per
# machine by tools/build (before go test, so its timeout is not spent
# compiling; cold about 10 minutes of wall time on 2 cores), then
# templates/ applied with kubectl's kustomize and checked through admission.
e2e: ## the templates through admission in a real cluster (SHIPSHAPE_E2E=1)
	tools/build etcd kube-apiserver kubectl gatekeeper >/dev/null
	SHIPSHAPE_E2E=1 $(GO) test ./gotest/e2e/ -count=1 -timeout 40m

# shipshape audit against the real test cluster loaded with generated
# objects: objects/s and peak RSS (gotest/e2e/auditbench_test.go).
bench-audit: ## shipshape audit against the real test cluster: objects/s, peak RSS
	tools/build etcd kube-apiserver kubectl gatekeeper >/dev/null
	SHIPSHAPE_E2E=1 SHIPSHAPE_AUDIT_BENCH=$${SIZES:-10000,50000} $(GO) test ./gotest/e2e/ -run 'TestAuditBenchmark' -count=1 -timeout 90m -v
