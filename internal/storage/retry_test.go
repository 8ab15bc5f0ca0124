package storage

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/linli/linli/internal/linli"
)

// failEveryFirstAttempt makes the first attempt of each PostgreSQL write of d fail with a
// serialization failure, as when another instance's transaction got in its way, so that inTx runs
// its closure a second time. It returns the number of writes run again so far.
func failEveryFirstAttempt(t *testing.T, d *DB) (retries func() int) {
	t.Helper()
	if d.dialect != dialectPostgres {
		t.Skip("only PostgreSQL runs a write again (SERIALIZABLE); SQLite's single writer never has to: run with LINLI_TEST_DATABASE=postgres")
	}
	var n atomic.Int64
	d.beforeCommit = func(attempt int) error {
		if attempt > 0 {
			return nil
		}
		n.Add(1)
		return &pgconn.PgError{Code: pgSerializationFailure, Message: "could not serialize access (test)"}
	}
	t.Cleanup(func() { d.beforeCommit = nil })
	return func() int { return int(n.Load()) }
}

// TestRetriedWritesDoNotRepeatWhatTheyAnswer runs writes whose first attempt fails: what each
// answers (the deliveries a worker claimed, the concerns a visit log raised) holds each thing once.
func TestRetriedWritesDoNotRepeatWhatTheyAnswer(t *testing.T) {
	w := newNoticeWorld(t)
	en := w.user("Emma", "emma@linli.test", linli.LocaleEN)
	if _, err := (Notifications{w.d}).CreateWebhook(w.ctx, w.admin, linli.Given(linli.NewWebhook{URL: "https://gw.example.cn/", Events: []string{linli.NoticeVisitTomorrow}, Secret: "0123456789abcdef"})); err != nil {
		t.Fatal(err)
	}
	n := linli.Notice{Kind: linli.NoticeVisitTomorrow, Recipients: []string{w.staff.ID, en.ID, w.admin.User.ID}, SessionID: w.session.ID, Once: true, Data: sessionNotice(w.session)}
	if err := w.d.inTx(w.ctx, func(tx *Tx) error { return notifyTx(w.ctx, tx, n) }); err != nil {
		t.Fatal(err)
	}
	retries := failEveryFirstAttempt(t, w.d)

	claimed, err := Outbox{w.d}.ClaimDeliveries(w.ctx, "worker-1", time.Minute, 10)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, d := range claimed {
		if seen[d.ID] {
			t.Errorf("delivery %s claimed twice in one answer", d.ID)
		}
		seen[d.ID] = true
	}
	if len(claimed) != 3 || len(seen) != 3 {
		t.Errorf("claimed %d deliveries (%d distinct); want the 3 due, once each", len(claimed), len(seen))
	}

	c, at, h := w.session.CommunityID, "2026-07-06T02:00:00.000000Z", newID()
	w.exec(`INSERT INTO grids (id, community_id, name, created_at) VALUES ('g1', ?, '一网格', ?)`, c, at)
	w.exec(`INSERT INTO buildings (id, grid_id, community_id, name, created_at) VALUES ('b1', 'g1', ?, '3号楼', ?)`, c, at)
	w.exec(`INSERT INTO households (id, building_id, community_id, label, created_at, updated_at) VALUES (?, 'b1', ?, '3-201', ?, ?)`, h, c, at, at)
	w.exec(`INSERT INTO visit_plans (id, household_id, community_id, program_id, cadence, created_at, updated_at) VALUES (?, ?, ?, ?, 'once', ?, ?)`,
		newID(), h, c, w.session.ProgramID, at, at)
	w.d.Now = func() time.Time { return time.Date(2026, 7, 8, 9, 0, 0, 0, time.UTC) } // the visit began at 08:30 UTC
	minutes := 40
	log, err := Volunteers{w.d}.LogVisit(w.ctx, &linli.Actor{User: *w.staff}, w.session.ID, linli.Given(linli.VisitLogEntry{
		Outcome: linli.VisitDone, Minutes: &minutes,
		Concerns: []linli.NewConcern{{Category: "repairs", Text: "水龙头漏水"}, {Category: "health", Text: "腿脚不便"}}}))
	if err != nil {
		t.Fatal(err)
	}
	var stored int
	w.d.read.QueryRow(`SELECT COUNT(*) FROM concerns WHERE session_id = ?`, w.session.ID).Scan(&stored)
	if len(log.Concerns) != 2 || stored != 2 {
		t.Errorf("the visit log answers %d concerns, %d stored; want the 2 raised, once each", len(log.Concerns), stored)
	}
	if retries() < 2 {
		t.Fatalf("%d writes were run again; the test proves nothing", retries())
	}
}

// secondInstance opens the database of d a second time, as another server sharing it would.
func secondInstance(t *testing.T, d *DB) *DB {
	t.Helper()
	dsn := d.Path
	if d.dialect == dialectPostgres {
		var name string
		if err := d.read.QueryRow(`SELECT current_database()`).Scan(&name); err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(os.Getenv("LINLI_TEST_POSTGRES"))
		if err != nil {
			t.Fatal(err)
		}
		u.Path = "/" + name
		dsn = u.String()
	}
	other := openTestAt(t, dsn)
	other.Now = d.Now
	return other
}

// TestTwoInstancesWorkersSendEachNoticeOnce runs the notification workers of two servers on one
// database at once: the day-before reminders are written once per person, neither scan fails on
// the other's notices, and every webhook delivery is claimed by exactly one worker.
func TestTwoInstancesWorkersSendEachNoticeOnce(t *testing.T) {
	w := newNoticeWorld(t)
	if _, err := (Notifications{w.d}).CreateWebhook(w.ctx, w.admin, linli.Given(linli.NewWebhook{URL: "https://gw.example.cn/", Events: []string{linli.NoticeVisitTomorrow}, Secret: "0123456789abcdef"})); err != nil {
		t.Fatal(err)
	}
	crew := []string{w.staff.ID}
	for i := range 11 {
		u := w.user(fmt.Sprintf("志愿者%d", i), fmt.Sprintf("1390000%04d", i), linli.LocaleZH)
		w.exec(`INSERT INTO session_staff (session_id, user_id, teacher_type, starts_at, ends_at) SELECT id, ?, 'resident_volunteer', starts_at, ends_at FROM sessions WHERE id = ?`,
			u.ID, w.session.ID)
		crew = append(crew, u.ID)
	}
	w.d.Now = func() time.Time { return time.Date(2026, 7, 7, 10, 0, 0, 0, time.UTC) } // the day before, 18:00 in Shanghai
	instances := []*DB{w.d, secondInstance(t, w.d)}

	var wg sync.WaitGroup
	errs := make([]error, 2*3)
	for round := range 3 {
		for i, d := range instances {
			wg.Go(func() { errs[round*2+i] = Outbox{d}.ScanDue(w.ctx, 0) })
		}
		wg.Wait()
	}
	for _, err := range errs {
		if err != nil {
			t.Errorf("scan: %v", err)
		}
	}
	var notices, people int
	w.d.read.QueryRow(`SELECT COUNT(*), COUNT(DISTINCT user_id) FROM notifications WHERE kind = ?`, linli.NoticeVisitTomorrow).Scan(&notices, &people)
	if notices != len(crew) || people != len(crew) {
		t.Errorf("%d reminders to %d people; want one to each of the %d on the visit", notices, people, len(crew))
	}

	var mu sync.Mutex
	claims := map[string]int{}
	for i, d := range instances {
		wg.Go(func() {
			for {
				got, err := Outbox{d}.ClaimDeliveries(w.ctx, fmt.Sprintf("worker-%d", i), time.Minute, 5)
				if err != nil {
					t.Errorf("claim: %v", err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, x := range got {
					claims[x.ID]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for id, n := range claims {
		if n != 1 {
			t.Errorf("delivery %s claimed %d times", id, n)
		}
	}
	if len(claims) != len(crew) {
		t.Errorf("%d deliveries claimed; want %d, one per reminder", len(claims), len(crew))
	}
}

// TestWorkersPassOverRowsAnotherHolds holds, in another transaction as another instance's worker
// would, the row of a session owed reminders and then the row of one of their 4 deliveries: a scan
// neither waits nor fails and writes the reminders once the row is free; a claim takes the 3 other
// deliveries at once and the held one afterwards.
func TestWorkersPassOverRowsAnotherHolds(t *testing.T) {
	w := newNoticeWorld(t)
	if w.d.dialect != dialectPostgres {
		t.Skip("rows are locked one by one only on PostgreSQL; SQLite's single writer serves one worker at a time: run with LINLI_TEST_DATABASE=postgres")
	}
	if _, err := (Notifications{w.d}).CreateWebhook(w.ctx, w.admin, linli.Given(linli.NewWebhook{URL: "https://gw.example.cn/", Events: []string{linli.NoticeVisitTomorrow}, Secret: "0123456789abcdef"})); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		u := w.user(fmt.Sprintf("志愿者%d", i), fmt.Sprintf("1390000%04d", i), linli.LocaleZH)
		w.exec(`INSERT INTO session_staff (session_id, user_id, teacher_type, starts_at, ends_at) SELECT id, ?, 'resident_volunteer', starts_at, ends_at FROM sessions WHERE id = ?`,
			u.ID, w.session.ID)
	}
	w.d.Now = func() time.Time { return time.Date(2026, 7, 7, 10, 0, 0, 0, time.UTC) }
	ctx, cancel := context.WithTimeout(w.ctx, 20*time.Second)
	defer cancel()
	other, err := w.d.write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec(`SELECT id FROM sessions WHERE id = ? FOR UPDATE`, w.session.ID); err != nil {
		t.Fatal(err)
	}
	if err := (Outbox{w.d}).ScanDue(ctx, 0); err != nil {
		t.Fatalf("scan with the session held elsewhere: %v", err)
	}
	if in := w.inbox(w.staff); len(in) != 0 {
		t.Fatalf("%d reminders written while another worker held the session", len(in))
	}
	other.Rollback()
	if err := (Outbox{w.d}).ScanDue(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if in := w.inbox(w.staff); len(in) != 1 {
		t.Fatalf("%d reminders once the session is free; want 1", len(in))
	}

	var held string
	w.d.read.QueryRow(`SELECT id FROM webhook_deliveries ORDER BY id LIMIT 1`).Scan(&held)
	other, err = w.d.write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Rollback()
	if _, err := other.Exec(`SELECT id FROM webhook_deliveries WHERE id = ? FOR UPDATE`, held); err != nil {
		t.Fatal(err)
	}
	got, err := Outbox{w.d}.ClaimDeliveries(ctx, "worker-1", time.Minute, 10)
	if err != nil || len(got) != 3 || slices.ContainsFunc(got, func(d linli.OutgoingDelivery) bool { return d.ID == held }) {
		t.Fatalf("claimed %d deliveries (%v) with one held elsewhere; want the 3 others at once", len(got), err)
	}
	other.Rollback()
	if got, err = (Outbox{w.d}).ClaimDeliveries(ctx, "worker-1", time.Minute, 10); err != nil || len(got) != 1 || got[0].ID != held {
		t.Fatalf("claimed %d deliveries (%v) once it is free; want the one held before", len(got), err)
	}
}
