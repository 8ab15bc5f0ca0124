package storage

import (
	"context"
	"testing"

	"github.com/linli/linli/internal/linli"
)

// TestALongLineOfBusyChildrenLetsTheNextFreeOneIn frees a seat of a class whose line is 39 long,
// where the first 35 in line are confirmed in another class at the same time: the 36th gets the
// seat, however far down the line the first child who may take it waits.
func TestALongLineOfBusyChildrenLetsTheNextFreeOneIn(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	session, parents, kids := seedRush(t, d, 1, 40)
	day := linli.DateOf(d.Now(), location(linli.DefaultTimezone)).AddDays(1)
	p := createClass(t, d, communityOf(t, d, session), day, linli.Clock{Hour: 10}, linli.Clock{Hour: 12}, 40, nil, nil)
	var other string
	if err := d.read.QueryRow(`SELECT id FROM sessions WHERE program_id = ?`, p.ID).Scan(&other); err != nil {
		t.Fatal(err)
	}
	book := func(i int, session string) linli.Booking {
		t.Helper()
		out, err := Bookings{d}.Book(ctx, parents[i], linli.Given(linli.BookingRequest{ChildID: kids[i], SessionID: session}))
		if err != nil {
			t.Fatal(err)
		}
		return out[0]
	}
	line := make([]linli.Booking, 40)
	for i := range 40 {
		line[i] = book(i, session)
	}
	for i := 1; i <= 35; i++ {
		if b := book(i, other); b.Status != linli.BookingConfirmed {
			t.Fatalf("child %d is %s in the other class, want confirmed", i, b.Status)
		}
	}
	if err := (Bookings{d}).CancelBooking(ctx, parents[0], line[0].ID); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < 40; i++ {
		var status string
		if err := d.read.QueryRow(`SELECT status FROM bookings WHERE id = ?`, line[i].ID).Scan(&status); err != nil {
			t.Fatal(err)
		}
		want := linli.BookingWaitlisted
		if i == 36 {
			want = linli.BookingConfirmed
		}
		if status != want {
			t.Errorf("child %d in line is %s, want %s", i, status, want)
		}
	}
}

// testAdmin is a server administrator for storage tests.
var testAdmin = &linli.Actor{User: linli.User{ID: "admin", IsAdmin: true}}

// communityOf returns the community of a session.
func communityOf(t *testing.T, d *DB, session string) string {
	t.Helper()
	var community string
	if err := d.read.QueryRow(`SELECT community_id FROM sessions WHERE id = ?`, session).Scan(&community); err != nil {
		t.Fatal(err)
	}
	return community
}

// createClass creates a holiday class 书法 of one session on day, from start to end, with seats,
// in venue (nil for none) taught by staff.
func createClass(t *testing.T, d *DB, community string, day linli.Date, start, end linli.Clock, seats int, venue *string, staff []string) *linli.Program {
	t.Helper()
	kind, title := linli.KindHolidayClass, "书法"
	if staff == nil {
		staff = []string{}
	}
	p, err := Planning{d}.CreateProgram(context.Background(), testAdmin, community, linli.Given(linli.ProgramChange{Kind: &kind, Title: &title,
		Capacity: &seats, VenueID: venue, StaffIDs: &staff,
		Schedule: &linli.Schedule{StartDate: day, EndDate: day, StartTime: start, EndTime: end, DayFilter: "all_days"}}))
	if err != nil {
		t.Fatal(err)
	}
	return p.Program
}
