# make test: everything CI runs. Tests that need node or Chromium skip with a message where those
# tools are missing, and fail instead under LINLI_REQUIRE_ALL=1 (as .ci/run sets it).
GO ?= go

# Each native fuzz target runs for FUZZTIME (go test -fuzz takes one target per run).
FUZZTIME ?= 10s
FUZZ_TARGETS = \
	./internal/api:FuzzRequestBodies \
	./internal/api:FuzzChildBodies \
	./internal/api:FuzzAttendanceBodies \
	./internal/calendar:FuzzParseHolidayCN \
	./internal/schedule:FuzzExpand \
	./internal/ical:FuzzEncodeText \
	./internal/api:FuzzPlanningBodies \
	./internal/api:FuzzBookingBodies \
	./internal/api:FuzzVolunteerBodies

.PHONY: test vet icalcheck fuzz run bench

test: vet icalcheck
	$(GO) test -race -timeout 30m ./...
	$(MAKE) --no-print-directory fuzz

fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$name ($$pkg) for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	done

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
