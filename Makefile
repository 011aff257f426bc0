# monobase — build and test entry points. `make test` is what CI runs.
GO ?= go
export CGO_ENABLED ?= 0

# Packages with goroutines run under the race detector (it needs cgo).
RACE_PKGS := . ./store/... ./auth/... ./resolvers/... ./rest/... ./graph/... ./realtime/...
PLAIN_PKGS := ./schema/... ./rules/... ./playground/... ./files/... ./cmd/... ./e2e/...

.PHONY: build test lint race unit fuzz-smoke bench

build:
	$(GO) build -trimpath -ldflags='-s -w' -o monobase ./cmd/monobase

test: lint race unit fuzz-smoke

lint:
	@bad=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$bad" ]; then echo "gofmt needed:"; echo "$$bad"; exit 1; fi
	$(GO) vet ./...

race:
	CGO_ENABLED=1 $(GO) test -race -count=1 $(RACE_PKGS)

unit:
	$(GO) test -count=1 $(PLAIN_PKGS)

# A short run of each fuzz target on top of the kept corpus.
fuzz-smoke:
	$(GO) test -run='^$$' -fuzz=FuzzParseCompile -fuzztime=10s ./rules

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./rules ./resolvers ./graph
