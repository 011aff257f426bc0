# monobase — build and test entry points. `make test` is what CI runs.
GO ?= go
export CGO_ENABLED ?= 0

.PHONY: build test lint race fuzz-smoke bench dashboard

build:
	$(GO) build -trimpath -ldflags='-s -w' -o monobase ./cmd/monobase

test: lint race fuzz-smoke

lint:
	@bad=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$bad" ]; then echo "gofmt needed:"; echo "$$bad"; exit 1; fi
	$(GO) vet ./...

# Every package under the race detector (it needs cgo; the binary the
# end-to-end tests start is still built with CGO off).
race:
	CGO_ENABLED=1 $(GO) test -race -count=1 ./...

# A short run of each fuzz target on top of the kept corpus.
fuzz-smoke:
	$(GO) test -run='^$$' -fuzz=FuzzParseCompile -fuzztime=10s ./rules

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./rules ./resolvers ./resolvers/gqlexec ./graph .

# Rebuild the dashboard (playground/dashboard/dist, committed and embedded).
dashboard:
	cd playground/dashboard && npm ci --no-audit --no-fund && npm run build
