#!/bin/sh
# Measures the feeds (docs/bench.md "feeds"): runs the feed benchmarks of internal/api on one
# machine and prints requests per second and the two ratios the feeds must reach: a cached feed
# ≥ 5× as fast as one rebuilt on every request, and the 304 answer ≥ 0.5× the requests per second
# of a bare hello-world handler on the same listener. The ratio to the server's own trivial
# handler (GET /healthz, behind the same router and middleware as the feeds) is printed for
# context. The benchmarks run ROUNDS times (default 5), interleaved so that a change of the
# machine's load hits them alike, BENCHTIME (default 2s) each; each figure is the best round.
# The gzip benchmarks (a client sending Accept-Encoding: gzip) print their ratios and the feed's
# size with and without gzip.
set -eu
cd "$(dirname "$0")/../.."
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go test -c -o "$bin/api.test" ./internal/api
cd internal/api
for _ in $(seq "${ROUNDS:-5}"); do
	"$bin/api.test" -test.run '^$' -test.bench '^Benchmark(HelloWorld(Routed)?|Feed(Cached|Rebuild|304)(Gzip)?)$' \
		-test.benchtime "${BENCHTIME:-2s}" -test.benchmem
done | awk '
	/^Benchmark/ {
		print
		name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
		if (!(name in ns) || $3 < ns[name]) ns[name] = $3
		for (i = 4; i < NF; i++) if ($(i + 1) == "identity-B" || $(i + 1) == "gzip-B") size[$(i + 1)] = $i
	}
	END {
		for (k in ns) rps[k] = 1e9 / ns[k]
		printf "\nrequests/s (best round)   hello world %.0f   /healthz %.0f   304 %.0f   cached %.0f   rebuilt %.0f\n", rps["HelloWorld"], rps["HelloWorldRouted"], rps["Feed304"], rps["FeedCached"], rps["FeedRebuild"]
		printf "cached / rebuilt = %.1f (target ≥ 5)\n", rps["FeedCached"] / rps["FeedRebuild"]
		printf "304 / hello world = %.2f (target ≥ 0.5)\n", rps["Feed304"] / rps["HelloWorld"]
		printf "304 / /healthz = %.2f (context: the same router and middleware)\n", rps["Feed304"] / rps["HelloWorldRouted"]
		if ("FeedCachedGzip" in rps) {
			printf "gzip: cached %.0f/s (%.2f× hello world, %.2f× cached without gzip), 304 %.0f/s (%.2f× hello world)\n", rps["FeedCachedGzip"], rps["FeedCachedGzip"] / rps["HelloWorld"], rps["FeedCachedGzip"] / rps["FeedCached"], rps["Feed304Gzip"], rps["Feed304Gzip"] / rps["HelloWorld"]
			printf "feed size: %d octets, gzip %d (%.1f×); compressing a rebuilt feed: %.0f µs\n", size["identity-B"], size["gzip-B"], size["identity-B"] / size["gzip-B"], (ns["FeedRebuildGzip"] - ns["FeedRebuild"]) / 1000
		}
	}'
