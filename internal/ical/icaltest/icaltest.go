// Package icaltest runs the independent check of a feed with ical.js (test/icalcheck/check.mjs,
// ICAL.md §5) for tests outside package ical: what a real client's parser finds in a feed.
package icaltest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/linli/linli/internal/testtool"
)

// Occurrence is one occurrence ical.js finds: a JSON line of check.mjs (null reads as "").
type Occurrence struct {
	UID          string `json:"uid"`
	RecurrenceID string `json:"recurrenceId"`
	Status       string `json:"status"`
	AllDay       bool   `json:"allDay"`
	TZID         string `json:"tzid"`
	StartUTC     string `json:"startUTC"` // RFC 3339 in UTC, e.g. 2025-04-05T01:00:00Z
	EndUTC       string `json:"endUTC"`
}

// dir is test/icalcheck, found from this file so that tests run from any directory.
func dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "test", "icalcheck")
}

var npmCI struct {
	once sync.Once
	err  error
	out  []byte
}

// Node returns the path of node once the pinned ical.js is installed in test/icalcheck (running
// npm ci there if needed). Without node or npm it skips t, or fails it under LINLI_REQUIRE_ALL=1.
func Node(t testing.TB) string {
	t.Helper()
	node := testtool.Path(t, "node")
	var pkg struct{ Version string }
	if b, err := os.ReadFile(filepath.Join(dir(), "node_modules", "ical.js", "package.json")); err == nil &&
		json.Unmarshal(b, &pkg) == nil && pkg.Version == "2.2.1" {
		return node
	}
	npm := testtool.Path(t, "npm")
	npmCI.once.Do(func() {
		cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund")
		cmd.Dir = dir()
		npmCI.out, npmCI.err = cmd.CombinedOutput()
	})
	if npmCI.err != nil {
		testtool.Missing(t, "ical.js", "npm ci in test/icalcheck failed: "+npmCI.err.Error()+"\n"+string(npmCI.out))
	}
	return node
}

// Check runs check.mjs on feed with TZ=America/New_York, so that floating or missing-zone times
// would shift, and returns the occurrences it finds; t fails if the check rejects the feed.
func Check(t testing.TB, node string, feed []byte) []Occurrence {
	t.Helper()
	occs, stderr, ok := Run(t, node, feed)
	if !ok {
		t.Fatalf("ical.js rejected the feed: %s", stderr)
	}
	return occs
}

// Run runs check.mjs on feed with TZ=America/New_York and returns its occurrences, what it said
// on stderr and whether it accepted the feed (exited 0).
func Run(t testing.TB, node string, feed []byte) (occs []Occurrence, stderr string, ok bool) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "feed.ics")
	if err := os.WriteFile(path, feed, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "check.mjs", path)
	cmd.Dir = dir()
	cmd.Env = append(os.Environ(), "TZ=America/New_York")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if _, exited := err.(*exec.ExitError); err != nil && !exited {
		t.Fatalf("running node: %v", err)
	}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var o Occurrence
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			t.Fatalf("check.mjs printed %q: %v", sc.Text(), err)
		}
		occs = append(occs, o)
	}
	return occs, errOut.String(), err == nil
}
