package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/linli/linli/internal/testdb"
)

// TestCopyMovesAServiceToPostgres: the demo served from a SQLite file, with a parent subscribed
// to her calendar feed, is copied by `linli copy` into a new PostgreSQL database. Every table
// holds the same rows on both, value for value; the server on PostgreSQL (same feed secret, same
// public URL) answers the parent's old feed URL with the same calendar and her calendar app's
// ETag with 304; a coordinator writes (the identity sequences go on past the copied ids); and a
// second copy into the now used database is refused and changes nothing.
func TestCopyMovesAServiceToPostgres(t *testing.T) {
	dsn := testdb.PostgresDSN(t)
	dir := t.TempDir()
	file, secret := filepath.Join(dir, "linli.db"), filepath.Join(dir, "feed-secret")
	const public = "https://linli.example.cn"

	m := serveForCopy(t, file, secret, public, "--demo")
	parent := signIn(t, "http://"+m.Addr, "13800000007")
	feedURL := personalFeedURL(t, parent, "http://"+m.Addr)
	before, etag := fetchFeed(t, parent, strings.Replace(feedURL, public, "http://"+m.Addr, 1), "")
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}

	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"copy", "--db", file, "--to", dsn}, nil, &out, &errb); err != nil {
		t.Fatalf("copy: %v %s", err, errb.String())
	}
	if !strings.Contains(out.String(), "every table holds as many rows") || !strings.Contains(out.String(), "bookings") {
		t.Errorf("copy's report: %s", out.String())
	}
	sameRows(t, file, dsn)

	pg := serveForCopy(t, dsn, secret, public)
	base := "http://" + pg.Addr
	parent = signIn(t, base, "13800000007")
	local := strings.Replace(feedURL, public, base, 1)
	after, _ := fetchFeed(t, parent, local, "")
	if after != before {
		t.Errorf("the parent's feed differs after the move:\nSQLite:\n%.600s\nPostgreSQL:\n%.600s", before, after)
	}
	if _, _, status := fetchFeedStatus(t, parent, local, etag); status != http.StatusNotModified {
		t.Errorf("the calendar app's ETag on PostgreSQL: %d, want 304", status)
	}
	coordinator := signIn(t, base, "13800000001")
	var me struct {
		Memberships []struct {
			CommunityID string `json:"community_id"`
		} `json:"memberships"`
	}
	getJSONInto(t, coordinator, base+"/api/v1/me", &me)
	if len(me.Memberships) == 0 {
		t.Fatal("the coordinator has no community after the move")
	}
	r := postJSON(t, coordinator, base+"/api/v1/communities/"+me.Memberships[0].CommunityID+"/grids", map[string]string{"name": "搬家后的网格"})
	if r.StatusCode != http.StatusCreated {
		b, _ := io.ReadAll(r.Body)
		t.Fatalf("a write after the move: %d %s", r.StatusCode, b)
	}
	r.Body.Close()

	rowsBefore := tableRows(t, "pgx", dsn)
	out.Reset()
	err := run(context.Background(), []string{"copy", "--db", file, "--to", dsn}, nil, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "empty database") {
		t.Errorf("a second copy into a used database: %v", err)
	}
	if !maps.Equal(rowsBefore, tableRows(t, "pgx", dsn)) {
		t.Error("a refused copy changed the database")
	}
}

// serveForCopy starts linli serve on the database with the given feed secret and public URL.
func serveForCopy(t *testing.T, db, secret, public string, extra ...string) *Main {
	t.Helper()
	var out, errb bytes.Buffer
	m := NewMain(&out, &errb)
	args := append([]string{"--addr", "127.0.0.1:0", "--db", db, "--feed-secret-file", secret, "--public-url", public,
		"--argon2-memory-kib", "64", "--argon2-time", "1"}, extra...)
	if err := m.ParseFlags(args); err != nil {
		t.Fatal(err)
	}
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("serve %s: %v %s", db, err, errb.String())
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// signIn signs a demo person in and returns their client.
func signIn(t *testing.T, base, login string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	r := postJSON(t, c, base+"/api/v1/auth/login", map[string]string{"login": login, "password": "linli-demo"})
	if r.StatusCode != http.StatusOK {
		t.Fatalf("sign in %s: %d", login, r.StatusCode)
	}
	r.Body.Close()
	return c
}

// getJSONInto reads a JSON answer.
func getJSONInto(t *testing.T, c *http.Client, url string, v any) {
	t.Helper()
	r, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	if r.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", url, r.StatusCode)
	}
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

// personalFeedURL subscribes the signed-in person to their personal feed and returns its URL.
func personalFeedURL(t *testing.T, c *http.Client, base string) string {
	t.Helper()
	var feeds struct {
		Items []struct {
			Kind string `json:"kind"`
			URL  string `json:"url"`
		} `json:"items"`
	}
	getJSONInto(t, c, base+"/api/v1/me/feeds", &feeds)
	for _, f := range feeds.Items {
		if f.Kind == "personal" && f.URL != "" {
			return f.URL
		}
	}
	t.Fatal("no personal feed URL")
	return ""
}

// fetchFeed gets a feed as a calendar app does and returns its body and ETag.
func fetchFeed(t *testing.T, c *http.Client, url, etag string) (string, string) {
	t.Helper()
	body, tag, status := fetchFeedStatus(t, c, url, etag)
	if status != http.StatusOK {
		t.Fatalf("feed %d", status)
	}
	return body, tag
}

// fetchFeedStatus gets a feed with If-None-Match and returns its body, ETag and status.
func fetchFeedStatus(t *testing.T, c *http.Client, url, etag string) (string, string, int) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	r, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return string(b), r.Header.Get("ETag"), r.StatusCode
}

// sameRows compares every table of the SQLite file and the PostgreSQL database, row by row.
func sameRows(t *testing.T, file, dsn string) {
	t.Helper()
	lite, err := sql.Open("sqlite3", "file:"+file+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	pg, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	tables := queryStrings(t, pg, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
		AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name`)
	compared, nonEmpty := 0, 0
	for _, table := range tables {
		cols := strings.Join(queryStrings(t, pg, `SELECT column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, table), ", ")
		a, b := rowStrings(t, lite, table, cols), rowStrings(t, pg, table, cols)
		if !slices.Equal(a, b) {
			t.Errorf("%s: %d rows in SQLite, %d on PostgreSQL, or values differ; first SQLite row %v", table, len(a), len(b), first(a))
		}
		compared++
		if len(a) > 0 {
			nonEmpty++
		}
	}
	if compared < 50 || nonEmpty < 30 {
		t.Errorf("compared %d tables, %d with rows: the demo should fill most of them", compared, nonEmpty)
	}
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// rowStrings reads every row of a table as text, sorted.
func rowStrings(t *testing.T, db *sql.DB, table, cols string) []string {
	t.Helper()
	rows, err := db.Query(`SELECT ` + cols + ` FROM ` + table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := strings.Count(cols, ",") + 1
	var out []string
	for rows.Next() {
		vals := make([]any, n)
		ptrs := make([]any, n)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, n)
		for i, v := range vals {
			switch x := v.(type) {
			case []byte:
				parts[i] = fmt.Sprintf("%x", x)
			case nil:
				parts[i] = "NULL"
			default:
				parts[i] = fmt.Sprint(x)
			}
		}
		out = append(out, strings.Join(parts, "|"))
	}
	slices.Sort(out)
	return out
}

func queryStrings(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// tableRows counts the rows of every table.
func tableRows(t *testing.T, driver, dsn string) map[string]int {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]int{}
	for _, table := range queryStrings(t, db, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`) {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}
