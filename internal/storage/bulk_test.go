package storage

import (
	"context"
	"testing"

	"github.com/linli/linli/internal/linli"
)

// TestBulkRowsAreTheOnesTheServicesKeepUsing builds a community, a family of three children and
// a two-seat class in bulk, enrols the children (two confirmed, one in line), and then uses the
// normal services on those rows: a fourth child booked through the booking path is second in
// line, and a cancellation promotes the first in line. The counters, lines, grids and households
// the bulk wrote are the ones the services read.
func TestBulkRowsAreTheOnesTheServicesKeepUsing(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	admin := &linli.Actor{User: linli.User{ID: "admin", IsAdmin: true}}
	day := linli.DateOf(d.Now(), linli.ChinaTime).AddDays(3)
	var community, household, parent, session string
	var kids []string
	err := d.Bulk(ctx, admin, func(b *Bulk) error {
		c, err := b.Community("幸福里社区", "和平区", "沈阳市", "")
		if err != nil {
			return err
		}
		community = c.ID
		grid, err := b.Grid(c.ID, "第一网格")
		if err != nil {
			return err
		}
		building, err := b.Building(c.ID, grid, "1 号楼")
		if err != nil {
			return err
		}
		label, needs := "1 单元 302 室", []string{"elderly_alone"}
		if household, err = b.Household(c.ID, building, linli.HouseholdChange{Label: &label, Needs: &needs}); err != nil {
			return err
		}
		if parent, err = b.User("陈静", "13912345678", "-"); err != nil {
			return err
		}
		for _, name := range []string{"陈一", "陈二", "陈三", "陈四"} {
			kid, err := b.Child(parent, name, day.AddDays(-8*365))
			if err != nil {
				return err
			}
			kids = append(kids, kid)
		}
		kind, title, capacity := linli.KindHolidayClass, "科学实验", 2
		res, err := b.Program(c.ID, linli.ProgramChange{Kind: &kind, Title: &title, Capacity: &capacity, StaffIDs: &[]string{},
			Schedule: &linli.Schedule{StartDate: day, EndDate: day, StartTime: linli.Clock{Hour: 9}, EndTime: linli.Clock{Hour: 11}, DayFilter: "all_days"}})
		if err != nil {
			return err
		}
		sessions, err := b.Sessions(res.Program.ID)
		if err != nil || len(sessions) != 1 {
			t.Fatalf("sessions %v, %v", sessions, err)
		}
		session = sessions[0].ID
		return b.Enrol(session, kids[:3])
	})
	if err != nil {
		t.Fatal(err)
	}
	cs := Communities{d}
	if grids, _, err := cs.FindGrids(ctx, admin, community, linli.Page{}); err != nil || len(grids) != 1 || grids[0].Name != "第一网格" {
		t.Fatalf("grids %v, %v", grids, err)
	}
	if h, err := cs.FindHousehold(ctx, admin, household); err != nil || h.Label != "1 单元 302 室" || len(h.Needs) != 1 {
		t.Fatalf("household %+v, %v", h, err)
	}
	guardian := &linli.Actor{User: linli.User{ID: parent}}
	booked, err := Bookings{d}.Book(ctx, guardian, linli.Given(linli.BookingRequest{ChildID: kids[3], SessionID: session}))
	if err != nil || len(booked) != 1 || booked[0].Status != linli.BookingWaitlisted || booked[0].WaitlistPosition != 2 {
		t.Fatalf("the fourth child: %+v, %v (want second in line)", booked, err)
	}
	var first string
	if err := d.read.QueryRow(`SELECT id FROM bookings WHERE session_id = ? AND child_id = ?`, session, kids[0]).Scan(&first); err != nil {
		t.Fatal(err)
	}
	if err := (Bookings{d}).CancelBooking(ctx, guardian, first); err != nil {
		t.Fatal(err)
	}
	var confirmed, waitlisted, waiting, third string
	d.read.QueryRow(`SELECT s.confirmed, s.waitlisted, l.waiting FROM sessions s JOIN session_lines l ON l.session_id = s.id WHERE s.id = ?`,
		session).Scan(&confirmed, &waitlisted, &waiting)
	d.read.QueryRow(`SELECT status FROM bookings WHERE session_id = ? AND child_id = ?`, session, kids[2]).Scan(&third)
	if confirmed != "2" || waitlisted != "1" || waiting != "1" || third != linli.BookingConfirmed {
		t.Fatalf("after the cancellation: %s confirmed, %s waitlisted, %s in line; the third child %s", confirmed, waitlisted, waiting, third)
	}
	if err := d.Bulk(ctx, admin, func(b *Bulk) error { return b.Enrol(session, kids[3:]) }); err == nil {
		t.Fatal("a bulk enrolment into a session with bookings was accepted")
	}
}
