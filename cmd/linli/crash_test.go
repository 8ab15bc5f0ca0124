package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/linli/linli/internal/storage"
)

// TestCrashDuringRushLosesNoBooking runs the registration rush against a real server process,
// kills it with SIGKILL mid-rush, restarts it on the same database, and checks that every booking
// answered 201 before the kill is there with the status it was answered with, that the database
// passes integrity_check, and that every session's counters equal its rows.
func TestCrashDuringRushLosesNoBooking(t *testing.T) {
	const families, killAfter = 800, 150
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "linli.db")
	r := &rush{families: families, seats: 30, out: io.Discard}
	db, err := r.seed(ctx, path, 1)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	p := startProcess(t, path)
	client := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: families}}

	type answered struct{ id, status string }
	var mu sync.Mutex
	var acked []answered
	killed := make(chan struct{})
	var killOnce sync.Once
	kill := func() {
		killOnce.Do(func() {
			p.cmd.Process.Signal(syscall.SIGKILL)
			close(killed)
		})
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range families {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			body, _ := json.Marshal(map[string]string{"child_id": r.kids[i], "session_id": r.sessions[0]})
			req, _ := http.NewRequest(http.MethodPost, p.URL+"/api/v1/bookings", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.AddCookie(&http.Cookie{Name: "linli_session", Value: r.cookies[i]})
			<-start
			resp, err := client.Do(req)
			if err != nil {
				return // the process died before answering: nothing was promised
			}
			defer resp.Body.Close()
			var out struct {
				Bookings []struct{ ID, Status string }
			}
			if resp.StatusCode != http.StatusCreated || json.NewDecoder(resp.Body).Decode(&out) != nil || len(out.Bookings) != 1 {
				if resp.StatusCode >= 500 {
					t.Errorf("status %d before the kill", resp.StatusCode)
				}
				return
			}
			mu.Lock()
			acked = append(acked, answered{out.Bookings[0].ID, out.Bookings[0].Status})
			n := len(acked)
			mu.Unlock()
			if n >= killAfter {
				kill()
			}
		}(i)
	}
	close(start)
	select {
	case <-killed:
	case <-time.After(60 * time.Second):
		kill()
		t.Log("the rush ended before the kill point")
	}
	wg.Wait()
	<-p.done
	p.done <- nil
	mu.Lock()
	promised := append([]answered(nil), acked...)
	mu.Unlock()
	if len(promised) < killAfter {
		t.Fatalf("only %d bookings were answered before the kill", len(promised))
	}

	p2 := startProcess(t, path)
	p2.cmd.Process.Signal(syscall.SIGTERM)
	<-p2.done
	p2.done <- nil

	if _, err := storage.Verify(ctx, path); err != nil {
		t.Fatal(err)
	}
	db, err = storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	lost := 0
	for _, a := range promised {
		var status string
		if err := db.ReadPool().QueryRow(`SELECT status FROM bookings WHERE id = ?`, a.id).Scan(&status); err != nil || status != a.status {
			lost++
			t.Errorf("booking %s answered %s before the kill: now %q (%v)", a.id, a.status, status, err)
		}
	}
	rows, err := db.ReadPool().Query(`SELECT s.id, s.confirmed, s.waitlisted, s.capacity,
		(SELECT COUNT(*) FROM bookings b WHERE b.session_id = s.id AND b.status = 'confirmed'),
		(SELECT COUNT(*) FROM bookings b WHERE b.session_id = s.id AND b.status = 'waitlisted') FROM sessions s`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var confirmed, waitlisted, capacity, confirmedRows, waitlistedRows int
		rows.Scan(&id, &confirmed, &waitlisted, &capacity, &confirmedRows, &waitlistedRows)
		if confirmed != confirmedRows || waitlisted != waitlistedRows || confirmed > capacity {
			t.Errorf("session %s: counters %d/%d, rows %d/%d, capacity %d", id, confirmed, waitlisted, confirmedRows, waitlistedRows, capacity)
		}
	}
	t.Logf("killed after %d acknowledged bookings; %d lost", len(promised), lost)
}
