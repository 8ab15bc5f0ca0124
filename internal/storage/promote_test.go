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
	var community string
	if err := d.read.QueryRow(`SELECT community_id FROM sessions WHERE id = ?`, session).Scan(&community); err != nil {
		t.Fatal(err)
	}
	admin := &linli.Actor{User: linli.User{ID: "admin", IsAdmin: true}}
	day := linli.DateOf(d.Now(), location(linli.DefaultTimezone)).AddDays(1)
	kind, title, seats := linli.KindHolidayClass, "书法", 40
	p, err := Planning{d}.CreateProgram(ctx, admin, community, linli.Given(linli.ProgramChange{Kind: &kind, Title: &title, Capacity: &seats,
		StaffIDs: &[]string{}, Schedule: &linli.Schedule{StartDate: day, EndDate: day, StartTime: linli.Clock{Hour: 10},
			EndTime: linli.Clock{Hour: 12}, DayFilter: "all_days"}}))
	if err != nil {
		t.Fatal(err)
	}
	var other string
	if err := d.read.QueryRow(`SELECT id FROM sessions WHERE program_id = ?`, p.Program.ID).Scan(&other); err != nil {
		t.Fatal(err)
	}
	book := func(i int, session string) linli.Booking {
		t.Helper()
		out, err := Bookings{d}.Book(ctx, parents[i], linli.BookingRequest{ChildID: kids[i], SessionID: session})
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
