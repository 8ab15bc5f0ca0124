package linli

import (
	"fmt"
	"time"
)

// Attendance statuses: present and late children attended.
const (
	AttendancePresent = "present"
	AttendanceLate    = "late"
	AttendanceAbsent  = "absent"
)

// Who collected a child at check-out.
const (
	PickupByGuardian   = "guardian"
	PickupByPerson     = "pickup_person"
	PickupByDelegation = "delegation"
)

// WarningRatioExceeded warns that more children attend a session than its staff may look after
// (staff × the program's max_children_per_staff). It is a warning, never a refusal.
const WarningRatioExceeded = "ratio_exceeded"

// AttendanceOpensBefore is how long before its start a session takes attendance: children arrive
// a little early, but nobody is marked present for next week.
const AttendanceOpensBefore = time.Hour

// Attendance is one child's attendance of one session. PickedUpBy is the id of the guardian (a
// user), pickup person or delegation who collected the child, PickedUpKind says which, and
// PickedUpName is their name at check-out.
type Attendance struct {
	ChildID      string     `json:"child_id"`
	Status       string     `json:"status"`
	CheckIn      *time.Time `json:"check_in"`
	CheckOut     *time.Time `json:"check_out"`
	PickedUpBy   string     `json:"picked_up_by,omitempty"`
	PickedUpKind string     `json:"picked_up_kind,omitempty"`
	PickedUpName string     `json:"picked_up_name,omitempty"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// Attended reports whether the child attended: present or late.
func (r Attendance) Attended() bool {
	return r.Status == AttendancePresent || r.Status == AttendanceLate
}

// AttendanceInput is one record of PUT /sessions/{id}/attendance. Omitted fields keep what is
// stored; "" clears check_in, check_out or picked_up_by. Times are RFC 3339 instants or HH:MM on
// the session's date in the community's time zone.
type AttendanceInput struct {
	ChildID    string  `json:"child_id"`
	Status     string  `json:"status"`
	CheckIn    *string `json:"check_in"`
	CheckOut   *string `json:"check_out"`
	PickedUpBy *string `json:"picked_up_by"`
}

// AttendanceChange is the body of PUT /sessions/{id}/attendance.
type AttendanceChange struct {
	Records []AttendanceInput `json:"records"`
}

// MaxAttendanceRecords bounds one attendance change.
const MaxAttendanceRecords = MaxCapacity

// AttendanceResult answers an attendance change: every record of the session and its warnings.
type AttendanceResult struct {
	Attendance []Attendance `json:"attendance"`
	Warnings   []string     `json:"warnings"`
}

// Merge validates ch for session s, whose confirmed children are booked, and merges each record
// onto the stored one of its child (old), returning the merged records in the order of ch and,
// for each, whether its pickup must be checked (it sets a check-out or a pickup). A child not
// booked, a child named twice or a malformed value is 400 on records[i].field.
func (ch AttendanceChange) Merge(s *Session, booked map[string]bool, old map[string]Attendance, now time.Time) ([]Attendance, []bool, error) {
	if ch.Records == nil {
		return nil, nil, Invalid("records", "records is required")
	}
	if len(ch.Records) > MaxAttendanceRecords {
		return nil, nil, Invalid("records", "at most %d records at once", MaxAttendanceRecords)
	}
	out := make([]Attendance, len(ch.Records))
	check := make([]bool, len(ch.Records))
	seen := map[string]bool{}
	for i, in := range ch.Records {
		field := func(name string) string { return fmt.Sprintf("records[%d].%s", i, name) }
		if !booked[in.ChildID] {
			return nil, nil, Invalid(field("child_id"), "child %q is not booked into this session", in.ChildID)
		}
		if seen[in.ChildID] {
			return nil, nil, Invalid(field("child_id"), "child %q is named twice", in.ChildID)
		}
		seen[in.ChildID] = true
		r, ok := old[in.ChildID]
		if !ok {
			r = Attendance{ChildID: in.ChildID}
		}
		if err := in.mergeInto(&r, s, field); err != nil {
			return nil, nil, err
		}
		r.UpdatedAt = now
		out[i] = r
		check[i] = r.CheckOut != nil && (in.CheckOut != nil || in.PickedUpBy != nil)
	}
	return out, check, nil
}

// mergeInto writes in onto r. An absent child has no times and no pickup (whatever a form sent
// along is dropped, once it reads as a time); a pickup goes with a check-out, which is not before
// the check-in; clearing the check-out clears the pickup.
func (in AttendanceInput) mergeInto(r *Attendance, s *Session, field func(string) string) error {
	switch in.Status {
	case AttendancePresent, AttendanceLate, AttendanceAbsent:
		r.Status = in.Status
	default:
		return Invalid(field("status"), "status must be present, late or absent")
	}
	var err error
	if in.CheckIn != nil {
		if r.CheckIn, err = parseCheckTime(*in.CheckIn, s); err != nil {
			return Invalid(field("check_in"), "%s", err.Error())
		}
	}
	if in.CheckOut != nil {
		if r.CheckOut, err = parseCheckTime(*in.CheckOut, s); err != nil {
			return Invalid(field("check_out"), "%s", err.Error())
		}
	}
	if in.PickedUpBy != nil {
		r.PickedUpBy, r.PickedUpKind, r.PickedUpName = *in.PickedUpBy, "", ""
	}
	if r.Status == AttendanceAbsent {
		r.CheckIn, r.CheckOut, r.PickedUpBy, r.PickedUpKind, r.PickedUpName = nil, nil, "", "", ""
		return nil
	}
	if r.CheckIn != nil && r.CheckOut != nil && r.CheckOut.Before(*r.CheckIn) {
		return Invalid(field("check_out"), "check_out is before check_in")
	}
	if r.CheckOut == nil && r.PickedUpBy != "" {
		if in.PickedUpBy != nil {
			return Invalid(field("check_out"), "a child handed over needs a check_out time")
		}
		r.PickedUpBy, r.PickedUpKind, r.PickedUpName = "", "", ""
	}
	return nil
}

// parseCheckTime reads a check-in or check-out time: "" for none, an RFC 3339 instant, or HH:MM
// on the session's local date. It stays within a day of the session.
func parseCheckTime(v string, s *Session) (*time.Time, error) {
	if v == "" {
		return nil, nil
	}
	loc := s.StartsAt.Location()
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		c, cerr := ParseClock(v)
		if cerr != nil {
			return nil, fmt.Errorf("a time must be HH:MM or an RFC 3339 instant such as 2026-09-01T18:05:00+08:00")
		}
		t = s.LocalDate.At(c, loc)
	}
	if t.Before(s.StartsAt.Add(-24*time.Hour)) || t.After(s.EndsAt.Add(24*time.Hour)) {
		return nil, fmt.Errorf("the time is more than a day away from the session")
	}
	if CheckInstant("", t, loc) != nil {
		return nil, fmt.Errorf("the time must fall between the years %d and %d, in UTC and in the community's time zone", MinYear, MaxYear)
	}
	t = t.In(loc)
	return &t, nil
}

// PickupAuthority is who may collect a child on a date: its guardians, its pickup persons and
// the delegations of that date (delegations of other dates are ignored).
type PickupAuthority struct {
	Guardians   []Contact
	Persons     []PickupPerson
	Delegations []Delegation
}

// Contact is a person a roster shows with a phone number to call.
type Contact struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

// CheckPickup decides who collects a child checked out of a session of kind on date: by must be
// a guardian, a pickup person or a delegation of that date. After-school care hands a child over
// to such a person only (no one named is refused too); other kinds need nobody, but a person
// named must still be one of them. It returns the record's pickup fields, or 422
// pickup_not_authorized on field.
func CheckPickup(kind, by string, date Date, pa PickupAuthority, field string) (who, name string, err error) {
	if by == "" {
		if kind == KindAfterSchool {
			return "", "", &Error{Code: EPickupNotAuthorized, Field: field,
				Message: "a child leaves after-school care only with a guardian or an authorised pickup person: name who collects the child"}
		}
		return "", "", nil
	}
	for _, g := range pa.Guardians {
		if g.ID == by {
			return PickupByGuardian, g.Name, nil
		}
	}
	for _, p := range pa.Persons {
		if p.ID == by {
			return PickupByPerson, p.Name, nil
		}
	}
	for _, d := range pa.Delegations {
		if d.ID == by && d.Date == date {
			return PickupByDelegation, d.Name, nil
		}
	}
	return "", "", &Error{Code: EPickupNotAuthorized, Field: field,
		Message: "this person may not collect the child today: only a guardian, a pickup person the guardians named, or a delegation for today"}
}

// RatioExceeded reports whether attended children are more than staff may look after: staff ×
// maxPerStaff. A program without a ratio (nil) never exceeds; a session without staff exceeds
// as soon as one child attends.
func RatioExceeded(attended, staff int, maxPerStaff *int) bool {
	return maxPerStaff != nil && attended > staff**maxPerStaff
}

// AttendanceWarnings returns the warnings of a session's records: WarningRatioExceeded or none.
func AttendanceWarnings(records []Attendance, staff int, maxPerStaff *int) []string {
	if RatioExceeded(CountAttended(records), staff, maxPerStaff) {
		return []string{WarningRatioExceeded}
	}
	return []string{}
}

// CountAttended counts the records of children present or late.
func CountAttended(records []Attendance) int {
	n := 0
	for _, r := range records {
		if r.Attended() {
			n++
		}
	}
	return n
}

// CanTakeAttendance answers 409 unless session s takes attendance at now: not cancelled, and
// from AttendanceOpensBefore its start on (delivered sessions can still be corrected).
func (s *Session) CanTakeAttendance(now time.Time) error {
	if s.Status == SessionCancelled {
		return Errorf(EConflict, "session %s is cancelled", s.ID)
	}
	if now.Before(s.StartsAt.Add(-AttendanceOpensBefore)) {
		return Errorf(ENotStarted, "attendance opens %v before the session starts (%s)", AttendanceOpensBefore, s.StartsAt.Format("2006-01-02 15:04"))
	}
	return nil
}

// CanDeliver answers 409 unless session s may be marked delivered at now: it has started and is
// not cancelled. Delivering a delivered session again is allowed and changes nothing.
func (s *Session) CanDeliver(now time.Time) error {
	if s.Status == SessionCancelled {
		return Errorf(EConflict, "session %s is cancelled and cannot be delivered", s.ID)
	}
	if now.Before(s.StartsAt) {
		return Errorf(ENotStarted, "session %s has not started yet (%s)", s.ID, s.StartsAt.Format("2006-01-02 15:04 -07:00"))
	}
	return nil
}
