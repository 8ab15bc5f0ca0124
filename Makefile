# make test: everything CI runs. Tests that need node or Chromium skip with a message where those
# tools are missing, and fail instead under LINLI_REQUIRE_ALL=1 (as .ci/run sets it).
GO ?= go

.PHONY: test vet icalcheck run bench

test: vet icalcheck
	$(GO) test -race -timeout 30m ./...

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l cmd internal db static)" || (gofmt -l cmd internal db static; echo "gofmt would change the files above"; exit 1)

# The independent feed parser (ical.js, pinned) is installed only where node and npm exist.
icalcheck:
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && [ -f test/icalcheck/package-lock.json ]; then \
		cd test/icalcheck && npm ci --no-audit --no-fund --loglevel=error; \
	else echo "node or npm not found: the ical.js feed check will be skipped"; fi

run:
	$(GO) run ./cmd/linli --demo

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
