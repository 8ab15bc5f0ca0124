package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/testclock"
)

// seedRush stores a holiday class with one session of the given seats tomorrow (by d.Now), open for
// booking, and n families of one child each; it returns the session and the guardians and children.
func seedRush(tb testing.TB, d *DB, seats, n int) (string, []*linli.Actor, []string) {
	tb.Helper()
	ctx := context.Background()
	admin := &linli.Actor{User: linli.User{ID: "admin", IsAdmin: true}}
	name := "幸福里社区"
	c, err := Communities{d}.CreateCommunity(ctx, admin, linli.Given(linli.CommunityChange{Name: &name}))
	if err != nil {
		tb.Fatal(err)
	}
	day := linli.DateOf(d.Now(), c.Location()).AddDays(1)
	kind, title := linli.KindHolidayClass, "科学实验"
	p, err := Planning{d}.CreateProgram(ctx, admin, c.ID, linli.Given(linli.ProgramChange{Kind: &kind, Title: &title, Capacity: &seats,
		StaffIDs: &[]string{}, Schedule: &linli.Schedule{StartDate: day, EndDate: day, StartTime: linli.Clock{Hour: 9},
			EndTime: linli.Clock{Hour: 11}, DayFilter: "all_days"}}))
	if err != nil {
		tb.Fatal(err)
	}
	var session string
	if err := d.read.QueryRow(`SELECT id FROM sessions WHERE program_id = ?`, p.Program.ID).Scan(&session); err != nil {
		tb.Fatal(err)
	}
	tx, err := d.write.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	now := fmtTime(d.Now())
	parents, children := make([]*linli.Actor, n), make([]string, n)
	for i := range n {
		user, child := uuid.NewString(), uuid.NewString()
		for _, s := range [][]any{
			{`INSERT INTO users (id, name, login, password_hash, created_at, updated_at) VALUES (?, ?, ?, '-', ?, ?)`, user, "家长", user, now, now},
			{`INSERT INTO children (id, name, birth_date, created_by, created_at, updated_at) VALUES (?, '孩子', '2018-01-01', ?, ?, ?)`, child, user, now, now},
			{`INSERT INTO child_guardians (child_id, user_id, added_by, added_at) VALUES (?, ?, ?, ?)`, child, user, user, now},
		} {
			if _, err := tx.Exec(s[0].(string), s[1:]...); err != nil {
				tb.Fatal(err)
			}
		}
		parents[i], children[i] = &linli.Actor{User: linli.User{ID: user}}, child
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	return session, parents, children
}

func TestBookingCountersFollowEveryChange(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	session, parents, kids := seedRush(t, d, 2, 5)
	book := func(i int) linli.Booking {
		out, err := Bookings{d}.Book(ctx, parents[i], linli.Given(linli.BookingRequest{ChildID: kids[i], SessionID: session}))
		if err != nil {
			t.Fatal(err)
		}
		return out[0]
	}
	var bs []linli.Booking
	for i := range kids {
		bs = append(bs, book(i))
	}
	check := func(confirmed, waitlisted, waiting int) {
		t.Helper()
		var c, w, l int
		d.read.QueryRow(`SELECT s.confirmed, s.waitlisted, l.waiting FROM sessions s JOIN session_lines l ON l.session_id = s.id WHERE s.id = ?`, session).Scan(&c, &w, &l)
		if c != confirmed || w != waitlisted || l != waiting {
			t.Fatalf("counters %d/%d/%d, want %d/%d/%d", c, w, l, confirmed, waitlisted, waiting)
		}
	}
	check(2, 3, 3)
	if err := (Bookings{d}).CancelBooking(ctx, parents[3], bs[3].ID); err != nil { // one in line leaves
		t.Fatal(err)
	}
	check(2, 2, 2)
	if err := (Bookings{d}).CancelBooking(ctx, parents[0], bs[0].ID); err != nil { // a seat frees: #2 moves up
		t.Fatal(err)
	}
	check(2, 1, 1)
	err := d.inTx(ctx, func(tx *Tx) error { return cancelSessionTx(ctx, tx, session, "暴雨", linli.CancelByPerson) })
	if err != nil {
		t.Fatal(err)
	}
	check(0, 0, 0)
	var ended int
	d.read.QueryRow(`SELECT COUNT(*) FROM bookings WHERE status = 'session_cancelled'`).Scan(&ended)
	if ended != 3 {
		t.Fatalf("%d bookings ended with the session, want 3", ended)
	}
}

// BenchmarkBookingBatch books one child per operation from many goroutines at once, through
// the group commit, into one session: the cost of a booking on this disk under contention.
func BenchmarkBookingBatch(b *testing.B) {
	d, err := Open(context.Background(), filepath.Join(b.TempDir(), "linli.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	d.Now = testclock.Started(b).Now
	session, parents, kids := seedRush(b, d, 30, b.N)
	var next atomic.Int64
	b.SetParallelism(64)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1) - 1
			if _, err := (Bookings{d}).Book(context.Background(), parents[i], linli.Given(linli.BookingRequest{ChildID: kids[i], SessionID: session})); err != nil {
				panic(fmt.Sprint("booking: ", err))
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "bookings/s")
}
