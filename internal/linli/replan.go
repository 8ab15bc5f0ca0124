package linli

import (
	"slices"
	"time"
)

// Cancel reasons of sessions cancelled by a re-plan and by the deletion of their program.
const (
	ReasonLeftPlan       = "the date is no longer in the program's schedule"
	ReasonProgramDeleted = "the program was cancelled"
)

// Slot is one occurrence of a program's schedule: its community-local date and its instants.
type Slot struct {
	Date       Date
	Start, End time.Time
}

// PlanDiff is what re-planning does to a program's sessions.
type PlanDiff struct {
	Add    []Session // new sessions, without ids, in plan order
	Update []Session // sessions that follow a change of the program, or come back on a date that returned
	Cancel []Session // sessions whose date left the plan, status cancelled with ReasonLeftPlan
}

// Empty reports whether the diff changes nothing.
func (d PlanDiff) Empty() bool { return len(d.Add)+len(d.Update)+len(d.Cancel) == 0 }

// NewSession returns the scheduled session p plans for slot.
func NewSession(p *Program, slot Slot) Session {
	return Session{
		ProgramID: p.ID, CommunityID: p.CommunityID, Kind: p.Kind, Title: p.Title, Category: p.Category,
		StartsAt: slot.Start, EndsAt: slot.End, LocalDate: slot.Date, PlanDate: slot.Date,
		VenueID: p.Venue(), StaffIDs: slices.Clone(p.StaffIDs), Capacity: p.Capacity, Status: SessionScheduled,
	}
}

// Replan works out how the sessions of a program follow a change of the program from old to p
// (old is p itself when only the day calendar changed), where plan is p's schedule expanded,
// existing are all the program's sessions, now is the present and loc the community's zone.
//
// Past and delivered sessions never change, and their dates are taken. A scheduled future
// session whose plan date is still planned survives with its id: it takes the program's new
// times, venue, staff or capacity where the program changed them (so a single session moved or
// re-staffed by hand keeps that unless the program itself changes it), and its title and
// category. One whose date left the plan is cancelled. A future session a re-plan cancelled comes
// back when its date returns; one a person cancelled stays cancelled and keeps its date. Any
// other planned date still in the future gets a new session. A capacity below a session's
// confirmed seats is a conflict.
func Replan(old, p *Program, existing []Session, plan []Slot, now time.Time, loc *time.Location) (PlanDiff, error) {
	planned := make(map[Date]Slot, len(plan))
	for _, s := range plan {
		planned[s.Date] = s
	}
	taken := make(map[Date]bool, len(existing))
	var diff PlanDiff
	var returning []Session
	for _, s := range existing {
		slot, inPlan := planned[s.PlanDate]
		switch {
		case s.Frozen(now):
			taken[s.PlanDate] = true
		case s.Status == SessionScheduled && !inPlan:
			c := s
			c.changed = nil
			c.Status, c.CancelReason, c.CancelOrigin = SessionCancelled, ReasonLeftPlan, CancelByPlan
			c.mark("status")
			diff.Cancel = append(diff.Cancel, c)
		case s.Status == SessionScheduled:
			taken[s.PlanDate] = true
			u, err := follow(old, p, s, loc)
			if err != nil {
				return PlanDiff{}, err
			}
			if len(u.changed) > 0 {
				diff.Update = append(diff.Update, u)
			}
		case s.CancelOrigin != CancelByPlan:
			taken[s.PlanDate] = true
		case inPlan && slot.Start.After(now):
			returning = append(returning, s)
		}
	}
	for _, s := range returning {
		if taken[s.PlanDate] {
			continue
		}
		taken[s.PlanDate] = true
		u, err := revive(p, s, planned[s.PlanDate])
		if err != nil {
			return PlanDiff{}, err
		}
		diff.Update = append(diff.Update, u)
	}
	for _, slot := range plan {
		if !taken[slot.Date] && slot.Start.After(now) {
			diff.Add = append(diff.Add, NewSession(p, slot))
		}
	}
	return diff, nil
}

// follow returns s after the change of its program from old to p.
func follow(old, p *Program, s Session, loc *time.Location) (Session, error) {
	u := s
	u.changed = nil
	if old.Schedule.StartTime != p.Schedule.StartTime || old.Schedule.EndTime != p.Schedule.EndTime {
		start, end := u.LocalDate.At(p.Schedule.StartTime, loc), u.LocalDate.At(p.Schedule.EndTime, loc)
		if !start.Equal(u.StartsAt) || !end.Equal(u.EndsAt) {
			u.StartsAt, u.EndsAt = start, end
			u.mark("time")
		}
	}
	if old.Venue() != p.Venue() && u.VenueID != p.Venue() {
		u.VenueID = p.Venue()
		u.mark("venue")
	}
	if !slices.Equal(old.StaffIDs, p.StaffIDs) && !slices.Equal(u.StaffIDs, p.StaffIDs) {
		u.StaffIDs = slices.Clone(p.StaffIDs)
		u.mark("staff")
	}
	if old.Capacity != p.Capacity && u.Capacity != p.Capacity {
		if p.Capacity < u.Confirmed {
			return u, Errorf(EConflict, "session %s has %d confirmed seats, more than the new capacity %d", u.Label(), u.Confirmed, p.Capacity)
		}
		u.Capacity = p.Capacity
		u.mark("capacity")
	}
	if u.Title != p.Title || u.Category != p.Category {
		u.Title, u.Category = p.Title, p.Category
		u.mark("title")
	}
	return u, nil
}

// revive returns the cancelled session s scheduled again on slot, as p plans it today.
func revive(p *Program, s Session, slot Slot) (Session, error) {
	u := NewSession(p, slot)
	u.ID, u.Confirmed, u.Waitlisted, u.Sequence, u.PlanDate = s.ID, s.Confirmed, s.Waitlisted, s.Sequence, s.PlanDate
	if u.Capacity < u.Confirmed {
		return u, Errorf(EConflict, "session %s has %d confirmed seats, more than the capacity %d", s.Label(), u.Confirmed, u.Capacity)
	}
	for _, part := range []string{"status", "time", "venue", "staff", "capacity", "title"} {
		u.mark(part)
	}
	return u, nil
}

// CancelReason checks the reason a coordinator gives for discontinuing a program (at most 200
// characters, trimmed; "" keeps the usual one).
func CancelReason(reason string) (string, error) {
	return validateText("reason", reason, 200)
}
