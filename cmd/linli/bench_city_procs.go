package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/linli/linli/internal/storage"
)

// instanceStats are what a running server tells of itself on /metrics (which it serves to
// loopback clients): the CPU time it has used and its resident memory, for the servers the
// bench did not start (--url).
type instanceStats struct {
	cpu      time.Duration
	resident int64 // bytes
}

// readInstance reads process_cpu_seconds_total and process_resident_memory_bytes from base's
// /metrics; ok is false when the server does not answer them.
func (l *cityLoad) readInstance(ctx context.Context, base string) (instanceStats, bool) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/metrics", nil)
	if err != nil {
		return instanceStats{}, false
	}
	r, err := l.client.Do(req)
	if err != nil {
		return instanceStats{}, false
	}
	defer r.Body.Close()
	if r.StatusCode != http.StatusOK {
		return instanceStats{}, false
	}
	var s instanceStats
	found := 0
	sc := bufio.NewScanner(r.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil {
			continue
		}
		switch name {
		case "process_cpu_seconds_total":
			s.cpu, found = time.Duration(f*float64(time.Second)), found+1
		case "process_resident_memory_bytes":
			s.resident, found = int64(f), found+1
		}
	}
	return s, found == 2
}

// readInstances reads every --url server's statistics; ok is false when one does not answer.
func (l *cityLoad) readInstances(ctx context.Context) ([]instanceStats, bool) {
	out := make([]instanceStats, len(l.urls))
	for i, u := range l.urls {
		s, ok := l.readInstance(ctx, u)
		if !ok {
			return nil, false
		}
		out[i] = s
	}
	return out, true
}

// postgresCPU is the CPU time used so far by the processes of this machine named postgres (the
// PostgreSQL server's backends and helpers) when the load runs on PostgreSQL, or 0 on SQLite,
// with no such process or no /proc. Backends that
// end during a run take their time with them; the servers' pools keep theirs open.
func (l *cityLoad) postgresCPU() time.Duration {
	if !storage.IsPostgres(l.db) {
		return 0
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	var total time.Duration
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		comm, err := os.ReadFile("/proc/" + e.Name() + "/comm")
		if err != nil || strings.TrimSpace(string(comm)) != "postgres" {
			continue
		}
		total += procCPU(e.Name())
	}
	return total
}

// describeInstances is the memory line of servers read through /metrics.
func describeInstances(after []instanceStats) string {
	parts := make([]string, len(after))
	for i, s := range after {
		parts[i] = fmt.Sprintf("%.0f MB", float64(s.resident)/1e6)
	}
	if len(after) == 1 {
		return parts[0] + " resident (from its /metrics)"
	}
	return fmt.Sprintf("%s resident (%d instances, from their /metrics)", strings.Join(parts, ", "), len(after))
}
