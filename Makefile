# make test: everything CI runs. Tests that need node or Chromium skip with a message where those
# tools are missing, and fail instead under LINLI_REQUIRE_ALL=1 (as .ci/run sets it).
GO ?= go

# Each native fuzz target runs for a number of executions, about ten seconds on a 2-core machine
# (go test -fuzz takes one target per run). Counts, not durations: with a duration, Go 1.26's fuzz
# coordinator can fail a clean run with "context deadline exceeded" at the deadline
# (golang/go#75804, fixed in Go 1.27). FUZZSCALE multiplies every count: `make fuzz FUZZSCALE=10`.
FUZZSCALE ?= 1
FUZZ_TARGETS = \
	./internal/api:FuzzRequestBodies:20000 \
	./internal/api:FuzzChildBodies:20000 \
	./internal/api:FuzzAttendanceBodies:20000 \
	./internal/api:FuzzPlanningBodies:20000 \
	./internal/api:FuzzBookingBodies:20000 \
	./internal/api:FuzzVolunteerBodies:20000 \
	./internal/api:FuzzOfficeBodies:20000 \
	./internal/calendar:FuzzParseHolidayCN:500000 \
	./internal/schedule:FuzzExpand:300000 \
	./internal/ical:FuzzEncodeText:40000

.PHONY: test test-postgres vet icalcheck fuzz run bench

# The packages whose tests keep data run once more on PostgreSQL when LINLI_TEST_POSTGRES names a
# server (postgres://user@127.0.0.1:5432/postgres; each test gets a database of its own there).
# The command's and the browser's tests that need PostgreSQL read LINLI_TEST_POSTGRES themselves.
DB_PACKAGES = ./internal/storage/... ./internal/api ./internal/notify ./internal/demo

test: vet icalcheck
	$(GO) test -race -timeout 30m ./...
	$(MAKE) --no-print-directory test-postgres
	$(MAKE) --no-print-directory fuzz

test-postgres:
	@if [ -n "$$LINLI_TEST_POSTGRES" ]; then \
		echo "the database tests again, on PostgreSQL"; \
		LINLI_TEST_DATABASE=postgres $(GO) test -race -timeout 40m $(DB_PACKAGES) || exit 1; \
	elif [ -n "$$LINLI_REQUIRE_ALL" ]; then \
		echo "LINLI_REQUIRE_ALL is set but LINLI_TEST_POSTGRES names no PostgreSQL server"; exit 1; \
	else echo "LINLI_TEST_POSTGRES is not set: the tests on PostgreSQL are skipped (docs/postgres.md)"; fi

fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; rest=$${t#*:}; name=$${rest%%:*}; n=$$(( $${rest##*:} * $(FUZZSCALE) )); \
		echo "fuzz $$name ($$pkg): $$n executions"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $${n}x $$pkg || exit 1; \
	done

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l cmd internal db static test)" || (gofmt -l cmd internal db static test; echo "gofmt would change the files above"; exit 1)

# The independent feed parser (ical.js, pinned) is installed only where node and npm exist.
icalcheck:
	@if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && [ -f test/icalcheck/package-lock.json ]; then \
		cd test/icalcheck && npm ci --no-audit --no-fund --loglevel=error; \
	else echo "node or npm not found: the ical.js feed check will be skipped"; fi

run:
	$(GO) run ./cmd/linli --demo

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
