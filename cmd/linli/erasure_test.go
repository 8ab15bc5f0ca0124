package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

// erasureClient calls a server process as one signed-in person.
type erasureClient struct {
	t    *testing.T
	base string
	c    *http.Client
}

// call sends a JSON request and returns the status and body.
func (e *erasureClient) call(method, path string, body any) (int, []byte) {
	e.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, e.base+path, r)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := e.c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// must calls and checks the status, returning the body.
func (e *erasureClient) must(status int, method, path string, body any) []byte {
	e.t.Helper()
	got, b := e.call(method, path, body)
	if got != status {
		e.t.Fatalf("%s %s: %d, want %d: %s", method, path, got, status, b)
	}
	return b
}

// filesHold returns which of want the database file, its write-ahead log and its rollback journal hold.
func filesHold(t *testing.T, db string, want []string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, suffix := range []string{"", "-wal", "-journal"} {
		b, err := os.ReadFile(db + suffix)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range want {
			if bytes.Contains(b, []byte(s)) {
				out[filepath.Base(db)+suffix] = append(out[filepath.Base(db)+suffix], s)
			}
		}
	}
	return out
}

// TestErasureSurvivesShutdown: a real server process; a parent registers a child with notes,
// a pickup person and a delegation, then deletes it, and a volunteer deletes their account; the
// server stops on SIGTERM. Neither the database file nor its -wal or -journal holds a byte of the
// child's name, notes or pickup phone numbers, nor of the adult's name or login.
func TestErasureSurvivesShutdown(t *testing.T) {
	db := filepath.Join(t.TempDir(), "linli.db")
	p := startProcess(t, db)
	client := func(login, name string) *erasureClient {
		jar, _ := cookiejar.New(nil)
		e := &erasureClient{t: t, base: p.URL + "/api/v1", c: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
		e.must(http.StatusCreated, "POST", "/auth/register", map[string]string{"name": name, "login": login, "password": "a-long-password"})
		e.must(http.StatusOK, "POST", "/auth/login", map[string]string{"login": login, "password": "a-long-password"})
		return e
	}
	parent := client("13800000007", "欧阳静")
	var child struct{ Child struct{ ID string } }
	json.Unmarshal(parent.must(http.StatusCreated, "POST", "/children", map[string]any{"name": "欧阳子涵", "birth_date": "2018-03-01",
		"notes": "芒果过敏要带药", "consent_policy_version": linli.ChildPolicyVersion}), &child)
	base := "/children/" + child.Child.ID
	parent.must(http.StatusCreated, "POST", base+"/pickups", map[string]any{"name": "司马光明", "relation": "外公", "phone": "13966660001"})
	parent.must(http.StatusCreated, "POST", base+"/pickup-delegations", map[string]any{"name": "诸葛阿姨", "phone": "13966660002",
		"date": linli.TodayInChina(serverClock()).AddDays(1).String()})
	leaving := client("13966660009", "即将离开的邻居")
	erased := []string{"欧阳子涵", "芒果过敏要带药", "13966660001", "13966660002", "司马光明", "诸葛阿姨", "即将离开的邻居", "13966660009"}
	all := []string{}
	for _, found := range filesHold(t, db, erased) {
		all = append(all, found...)
	}
	if len(all) < len(erased) {
		t.Fatalf("before the deletions the files hold only %q of %q: the test cannot tell erasure from absence", all, erased)
	}

	parent.must(http.StatusNoContent, "DELETE", base, nil)
	leaving.must(http.StatusNoContent, "DELETE", "/me", map[string]string{"password": "a-long-password"})
	p.terminate(t)
	if found := filesHold(t, db, erased); len(found) > 0 {
		t.Fatalf("after the deletions and the shutdown the files still hold %q", found)
	}
	if found := filesHold(t, db, []string{"欧阳静"}); len(found) == 0 {
		t.Fatal("the parent's name is gone too: the check reads the wrong files")
	}
}
