package demo

import (
	"fmt"
	"slices"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// seedJourneys adds, on dates placed from the demo's clock (db.Now), what the first month's
// journeys need to show: a Sunday picture-book class whose first session is full with a child
// waiting (陈静's 陈小阳) and whose second gave that child the seat 刘洋 freed (an unread notice
// for 陈静); and Sunday-afternoon library shifts still open, 吴敏 on the first two, 周强 on none.
func (s *seeder) seedJourneys(db *storage.DB) {
	if s.err != nil {
		return
	}
	loc := s.community.Location()
	today := linli.DateOf(db.Now(), loc)
	sunday := today.AddDays(2)
	for sunday.ISOWeekday() != 7 {
		sunday = sunday.AddDays(1)
	}
	planning, bookings, vs := storage.Planning{DB: db}, storage.Bookings{DB: db}, storage.Volunteers{DB: db}
	venues, _, err := s.cs.FindVenues(s.ctx, s.community.ID, linli.Page{})
	if err != nil {
		s.err = err
		return
	}
	room := venues[slices.IndexFunc(venues, func(v linli.Venue) bool { return v.Name == "社区活动室" })].ID
	class, err := planning.CreateProgram(s.ctx, s.admin, s.community.ID, linli.Given(program{kind: linli.KindEvent, title: "亲子绘本共读",
		category: "reading", venue: room, staff: []string{s.users["13800000004"].ID}, ages: [2]int{4, 12}, capacity: 2,
		description: "周日上午的小班绘本共读，每次两个孩子，满员后可以候补。",
		schedule: linli.Schedule{StartDate: sunday, EndDate: sunday.AddDays(7), StartTime: clock("09:30"), EndTime: clock("11:00"),
			Weekdays: []int{7}, DayFilter: "all_days"}}.change()))
	if err != nil {
		s.err = err
		return
	}
	sessions, _, err := planning.FindSessions(s.ctx, s.admin, linli.SessionFilter{ProgramID: class.Program.ID, From: sunday, Page: linli.Page{Limit: 10}})
	if err == nil && len(sessions) != 2 {
		err = fmt.Errorf("demo: the picture-book class has %d sessions, want 2", len(sessions))
	}
	if err != nil {
		s.err = err
		return
	}
	chen, liu := s.parentAndChildren(db, "13800000007"), s.parentAndChildren(db, "13800000008")
	if s.err != nil {
		return
	}
	for i, sess := range sessions {
		var freed string
		for _, b := range []struct {
			who   *linli.Actor
			child string
		}{{liu.actor, liu.children["刘一鸣"]}, {chen.actor, chen.children["陈小雨"]}, {chen.actor, chen.children["陈小阳"]}} {
			made, err := bookings.Book(s.ctx, b.who, linli.Given(linli.BookingRequest{ChildID: b.child, SessionID: sess.ID}))
			if err != nil {
				s.err = err
				return
			}
			if b.who == liu.actor {
				freed = made[0].ID
			}
		}
		if i == 1 {
			s.err = bookings.CancelBooking(s.ctx, liu.actor, freed) // 陈小阳 moves up; 陈静 is told
		}
	}
	if s.err != nil {
		return
	}
	shift, err := planning.CreateProgram(s.ctx, s.admin, s.community.ID, linli.Given(program{kind: linli.KindVolunteerShift, title: "社区图书角整理",
		category: "reading", capacity: 4, description: "整理捐赠图书、登记借阅，在党群服务中心一层图书角。",
		schedule: linli.Schedule{StartDate: sunday, EndDate: sunday.AddDays(35), StartTime: clock("14:00"), EndTime: clock("16:00"),
			Weekdays: []int{7}, DayFilter: "all_days"}}.change()))
	if err != nil {
		s.err = err
		return
	}
	shifts, _, err := planning.FindSessions(s.ctx, s.admin, linli.SessionFilter{ProgramID: shift.Program.ID, From: sunday, Page: linli.Page{Limit: 10}})
	if err != nil {
		s.err = err
		return
	}
	for _, sess := range shifts[:min(2, len(shifts))] {
		if _, s.err = vs.SignUp(s.ctx, s.admin, sess.ID, linli.Given(linli.SignupRequest{UserID: s.users["13800000006"].ID})); s.err != nil {
			return
		}
	}
}

// family is a demo parent and their children by name.
type family struct {
	actor    *linli.Actor
	children map[string]string
}

// parentAndChildren returns the demo parent with the login and their children's ids by name.
func (s *seeder) parentAndChildren(db *storage.DB, login string) family {
	f := family{actor: &linli.Actor{User: *s.users[login]}, children: map[string]string{}}
	kids, _, err := storage.Children{DB: db}.FindChildren(s.ctx, f.actor, linli.Given(linli.Page{Limit: 50}))
	s.err = err
	for _, c := range kids {
		f.children[c.Name] = c.ID
	}
	return f
}
