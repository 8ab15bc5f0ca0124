package main

import (
	"database/sql"
	"fmt"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver of the raw rate on PostgreSQL
	"github.com/linli/linli/internal/storage"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// cpuTimes is the CPU time (user + system) the bench process and the server process it started
// have used; server is 0 when unknown (no server process, or no /proc).
type cpuTimes struct{ client, server time.Duration }

// clockTick is the unit of /proc/PID/stat's times on Linux (USER_HZ, 100 on every common build).
const clockTick = 10 * time.Millisecond

// cpu reads the CPU time used so far (Linux; 0 elsewhere).
func (r *rush) cpu() cpuTimes {
	c := cpuTimes{client: procCPU("self")}
	if r.serverPID != 0 {
		c.server = procCPU(strconv.Itoa(r.serverPID))
	}
	return c
}

// procCPU returns the user and system time of process pid from /proc/PID/stat, or 0.
func procCPU(pid string) time.Duration {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses and may hold spaces: utime and
	// stime are the 12th and 13th of them.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+s) * clockTick
}

func (c cpuTimes) sub(d cpuTimes) cpuTimes { return cpuTimes{c.client - d.client, c.server - d.server} }

func (c cpuTimes) per(n int) cpuTimes {
	return cpuTimes{c.client / time.Duration(n), c.server / time.Duration(n)}
}

// reportCPU prints the median CPU time per booking of the bursts: the server's (with --http,
// when it was started here) and the client's. Unlike the rates, it hardly moves with the load
// of a shared machine, so it compares two versions of the server.
func (r *rush) reportCPU(w io.Writer, per []cpuTimes) {
	us := func(get func(cpuTimes) time.Duration) float64 {
		xs := make([]float64, len(per))
		for i, c := range per {
			xs[i] = float64(get(c)) / float64(time.Microsecond)
		}
		slices.Sort(xs)
		return xs[len(xs)/2]
	}
	client := us(func(c cpuTimes) time.Duration { return c.client })
	if r.serverPID == 0 {
		fmt.Fprintf(w, "CPU per booking (median): %.0f µs in this process\n", client)
		return
	}
	fmt.Fprintf(w, "CPU per booking (median): server %.0f µs, client %.0f µs\n", us(func(c cpuTimes) time.Duration { return c.server }), client)
}

// rawRate measures n single-row durable booking transactions, one after another, on the database
// the rush runs on: a fresh SQLite file at scratch with the server's settings (WAL,
// synchronous=FULL, BEGIN IMMEDIATE), or, when db is a PostgreSQL URL, tables of a scratch schema
// of that database (dropped after), with its own durability settings.
func rawRate(db, scratch string, n int) (float64, error) {
	if storage.IsPostgres(db) {
		return rawRatePostgres(db, n)
	}
	pool, err := sql.Open("sqlite3", "file:"+scratch+"?_journal_mode=WAL&_synchronous=FULL&_txlock=immediate&_busy_timeout=10000")
	if err != nil {
		return 0, err
	}
	defer os.Remove(scratch)
	defer pool.Close()
	pool.SetMaxOpenConns(1)
	if _, err := pool.Exec(rawTables + `; INSERT INTO sessions (id, capacity) VALUES ('s', 1000000000)`); err != nil {
		return 0, err
	}
	return rawLoop(pool, n, `UPDATE sessions SET confirmed = confirmed + 1 WHERE id = ? AND confirmed < capacity`,
		`INSERT INTO bookings (id, session_id, child_id, created_at) VALUES (?, ?, ?, ?)`)
}

// rawTables are the two tables of the raw rate: a session's counter and its bookings.
const rawTables = `CREATE TABLE sessions (id TEXT PRIMARY KEY, capacity INTEGER NOT NULL, confirmed INTEGER NOT NULL DEFAULT 0);
		CREATE TABLE bookings (id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(id), child_id TEXT NOT NULL, created_at TEXT NOT NULL)`

// rawRatePostgres is rawRate on PostgreSQL, in a schema of its own on one connection.
func rawRatePostgres(db string, n int) (float64, error) {
	pool, err := sql.Open("pgx", db)
	if err != nil {
		return 0, err
	}
	defer pool.Close()
	pool.SetMaxOpenConns(1)
	schema := "linli_bench_raw_" + strings.ReplaceAll(uuid.NewString()[:8], "-", "")
	if _, err := pool.Exec(`CREATE SCHEMA ` + schema + `; SET search_path = ` + schema + `; ` + rawTables +
		`; INSERT INTO sessions (id, capacity) VALUES ('s', 1000000000)`); err != nil {
		return 0, err
	}
	defer pool.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	return rawLoop(pool, n, `UPDATE sessions SET confirmed = confirmed + 1 WHERE id = $1 AND confirmed < capacity`,
		`INSERT INTO bookings (id, session_id, child_id, created_at) VALUES ($1, $2, $3, $4)`)
}

// rawLoop runs n transactions of update and insert, one after another, and returns their rate.
func rawLoop(pool *sql.DB, n int, update, insert string) (float64, error) {
	t0 := time.Now()
	for i := range n {
		tx, err := pool.Begin()
		if err != nil {
			return 0, err
		}
		res, err := tx.Exec(update, "s")
		if err == nil {
			if k, _ := res.RowsAffected(); k == 1 {
				_, err = tx.Exec(insert, uuid.NewString(), "s", fmt.Sprint(i), time.Now().UTC().Format(time.RFC3339Nano))
			}
		}
		if err != nil {
			tx.Rollback()
			return 0, err
		}
		if err := tx.Commit(); err != nil {
			return 0, err
		}
	}
	return float64(n) / time.Since(t0).Seconds(), nil
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
