package linli

import (
	"slices"
	"testing"
	"time"
)

var replanLoc = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

func replanDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// replanProgram is an after-school program 16:30–18:00 in room r1 with teacher t1.
func replanProgram(edit ...func(*Program)) *Program {
	venue := "r1"
	p := &Program{ID: "p", CommunityID: "c", Kind: KindAfterSchool, Title: "四点半课堂", Category: CategoryOther, Capacity: 20,
		VenueID: &venue, StaffIDs: []string{"t1"},
		Schedule: Schedule{StartTime: Clock{16, 30}, EndTime: Clock{18, 0}}}
	for _, f := range edit {
		f(p)
	}
	return p
}

// replanPlan is p's plan on the given dates.
func replanPlan(p *Program, dates ...string) []Slot {
	var out []Slot
	for _, d := range dates {
		day := replanDate(d)
		out = append(out, Slot{Date: day, Start: day.At(p.Schedule.StartTime, replanLoc), End: day.At(p.Schedule.EndTime, replanLoc)})
	}
	return out
}

// replanSession is a session of replanProgram() on date with the given id and status.
func replanSession(id, date, status string, edit ...func(*Session)) Session {
	s := NewSession(replanProgram(), replanPlan(replanProgram(), date)[0])
	s.ID, s.Status = id, status
	if status == SessionCancelled {
		s.CancelOrigin = CancelByPlan
	}
	for _, f := range edit {
		f(&s)
	}
	return s
}

func ids(ss []Session) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.ID+"@"+s.PlanDate.String())
	}
	return out
}

func TestReplan(t *testing.T) {
	now := time.Date(2026, 9, 15, 12, 0, 0, 0, replanLoc)
	same := replanProgram()
	tests := []struct {
		name                string
		old, p              *Program
		existing            []Session
		plan                []string
		add, update, cancel []string
	}{
		{
			name: "nothing changed", old: same, p: same,
			existing: []Session{replanSession("a", "2026-09-14", SessionScheduled), replanSession("b", "2026-09-16", SessionScheduled)},
			plan:     []string{"2026-09-14", "2026-09-16"},
		},
		{
			name: "past and delivered sessions stay, even off the plan", old: same, p: same,
			existing: []Session{replanSession("a", "2026-09-14", SessionScheduled), replanSession("b", "2026-09-16", SessionDelivered)},
			plan:     []string{"2026-09-17"},
			add:      []string{"@2026-09-17"},
		},
		{
			name: "new dates only from now on", old: same, p: same,
			plan: []string{"2026-09-14", "2026-09-15", "2026-09-16"},
			add:  []string{"@2026-09-15", "@2026-09-16"},
		},
		{
			name: "a dropped future date is cancelled", old: same, p: same,
			existing: []Session{replanSession("a", "2026-09-16", SessionScheduled), replanSession("b", "2026-09-17", SessionScheduled)},
			plan:     []string{"2026-09-16"},
			cancel:   []string{"b@2026-09-17"},
		},
		{
			name: "a new time moves the future survivors, keeping their ids", old: same,
			p:        replanProgram(func(p *Program) { p.Schedule.StartTime = Clock{16, 0} }),
			existing: []Session{replanSession("a", "2026-09-14", SessionScheduled), replanSession("b", "2026-09-16", SessionScheduled)},
			plan:     []string{"2026-09-14", "2026-09-16"},
			update:   []string{"b@2026-09-16"},
		},
		{
			name: "a session cancelled by a person keeps its date", old: same, p: same,
			existing: []Session{replanSession("a", "2026-09-16", SessionCancelled, func(s *Session) { s.CancelOrigin = CancelByPerson })},
			plan:     []string{"2026-09-16"},
		},
		{
			name: "a session cancelled by a re-plan comes back with its date", old: same, p: same,
			existing: []Session{replanSession("a", "2026-09-16", SessionCancelled), replanSession("b", "2026-09-10", SessionCancelled)},
			plan:     []string{"2026-09-10", "2026-09-16"},
			update:   []string{"a@2026-09-16"},
		},
		{
			name: "a session moved by hand keeps its venue while the program's stays",
			old:  same, p: replanProgram(func(p *Program) { p.Title = "四点半课堂（秋）" }),
			existing: []Session{replanSession("a", "2026-09-16", SessionScheduled, func(s *Session) { s.VenueID = "r2" })},
			plan:     []string{"2026-09-16"},
			update:   []string{"a@2026-09-16"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Replan(tt.old, tt.p, tt.existing, replanPlan(tt.p, tt.plan...), now, replanLoc)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				what      string
				got, want []string
			}{{"add", ids(d.Add), tt.add}, {"update", ids(d.Update), tt.update}, {"cancel", ids(d.Cancel), tt.cancel}} {
				if !slices.Equal(c.got, c.want) {
					t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
				}
			}
		})
	}
}

func TestReplanDetails(t *testing.T) {
	now := time.Date(2026, 9, 15, 12, 0, 0, 0, replanLoc)
	old := replanProgram()
	moved := replanSession("a", "2026-09-16", SessionScheduled, func(s *Session) { s.VenueID = "r2" })
	p := replanProgram(func(p *Program) {
		p.Schedule.StartTime, p.Schedule.EndTime = Clock{16, 0}, Clock{17, 30}
		p.StaffIDs = []string{"t2"}
	})
	d, err := Replan(old, p, []Session{moved, replanSession("b", "2026-09-17", SessionScheduled)}, replanPlan(p, "2026-09-16"), now, replanLoc)
	if err != nil {
		t.Fatal(err)
	}
	u := d.Update[0]
	if want := time.Date(2026, 9, 16, 16, 0, 0, 0, replanLoc); !u.StartsAt.Equal(want) || !u.Changed("time") {
		t.Errorf("survivor starts %v, want %v", u.StartsAt, want)
	}
	if u.VenueID != "r2" || u.Changed("venue") {
		t.Errorf("survivor venue %q, want the hand-picked r2 kept", u.VenueID)
	}
	if !slices.Equal(u.StaffIDs, []string{"t2"}) || !u.Changed("staff") || u.Changed("capacity") {
		t.Errorf("survivor staff %v, changes %v", u.StaffIDs, u.changed)
	}
	c := d.Cancel[0]
	if c.Status != SessionCancelled || c.CancelOrigin != CancelByPlan || c.CancelReason != ReasonLeftPlan {
		t.Errorf("cancelled %+v", c)
	}

	full := replanSession("a", "2026-09-16", SessionScheduled, func(s *Session) { s.Confirmed = 15 })
	smaller := replanProgram(func(p *Program) { p.Capacity = 10 })
	if _, err := Replan(old, smaller, []Session{full}, replanPlan(smaller, "2026-09-16"), now, replanLoc); ErrorCode(err) != EConflict {
		t.Errorf("capacity below the confirmed seats: %v, want a conflict", err)
	}
}
