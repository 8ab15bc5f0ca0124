package linli

import (
	"fmt"
	"slices"
	"time"
)

// Session statuses.
const (
	SessionScheduled = "scheduled"
	SessionCancelled = "cancelled"
	SessionDelivered = "delivered"
)

// Why a session was cancelled: by a re-plan (its date left the program's plan, so it comes back
// if the date returns) or by a person (a coordinator, or the program's deletion), which sticks.
const (
	CancelByPlan   = "plan"
	CancelByPerson = "person"
)

// MaxSessionLength bounds one session; it also bounds the clash searches of storage.
const MaxSessionLength = 24 * time.Hour

// Session is one dated meeting of a program. Kind, title and category are the program's as of
// the session's last change; instants are in the community's time zone.
type Session struct {
	ID           string          `json:"id"`
	ProgramID    string          `json:"program_id"`
	CommunityID  string          `json:"community_id"`
	Kind         string          `json:"kind"`
	Title        string          `json:"title"`
	Category     string          `json:"category"`
	StartsAt     time.Time       `json:"starts_at"`
	EndsAt       time.Time       `json:"ends_at"`
	Venue        *SessionVenue   `json:"venue"`
	Capacity     int             `json:"capacity"`
	Confirmed    int             `json:"confirmed"`
	Waitlisted   int             `json:"waitlisted"`
	Status       string          `json:"status"`
	CancelReason string          `json:"cancel_reason,omitempty"`
	Sequence     int             `json:"sequence"`
	Staff        []StaffMember   `json:"staff"`
	DeliveredAt  *time.Time      `json:"delivered_at,omitempty"`
	UpdatedAt    time.Time       `json:"updated_at"`
	LocalDate    Date            `json:"-"` // the community-local date of StartsAt
	PlanDate     Date            `json:"-"` // the date of the program's plan it stands for; a move keeps it
	VenueID      string          `json:"-"`
	StaffIDs     []string        `json:"-"`
	CancelOrigin string          `json:"-"` // CancelByPlan or CancelByPerson, for a cancelled session
	changed      map[string]bool // what a re-plan or a change altered, for storage to write
}

// SessionVenue is the venue of a session as shown with it.
type SessionVenue struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Address string `json:"address"`
}

// StaffMember is a person staffing a session, with the teacher type they were counted under
// when assigned (volunteers count as resident_volunteer).
type StaffMember struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	TeacherType string `json:"teacher_type"`
}

// Changed reports whether a re-plan or a change altered part of s: "time", "venue", "staff",
// "capacity", "title" or "status".
func (s *Session) Changed(part string) bool { return s.changed[part] }

// Dirty reports whether a re-plan or a change altered anything of s.
func (s *Session) Dirty() bool { return len(s.changed) > 0 }

func (s *Session) mark(part string) {
	if s.changed == nil {
		s.changed = map[string]bool{}
	}
	s.changed[part] = true
}

// Frozen reports whether s is past or delivered at now: such a session never changes by a re-plan.
func (s *Session) Frozen(now time.Time) bool {
	return s.Status == SessionDelivered || !s.StartsAt.After(now)
}

// Label names s for a person: its id, title and local time, as clash messages show it.
func (s *Session) Label() string {
	return fmt.Sprintf("%s 「%s」 %s–%s", s.ID, s.Title, s.StartsAt.Format("2006-01-02 15:04"), s.EndsAt.Format("15:04 -07:00"))
}

// SessionChange is the body of PATCH /sessions/{id}: a move, new staff, venue or capacity, or a
// cancellation; nil fields keep their value and "" clears the venue.
type SessionChange struct {
	StartsAt *string   `json:"starts_at"`
	EndsAt   *string   `json:"ends_at"`
	StaffIDs *[]string `json:"staff_ids"`
	VenueID  *string   `json:"venue_id"`
	Capacity *int      `json:"capacity"`
	Status   *string   `json:"status"`
	Reason   *string   `json:"reason"`
}

// Apply validates ch and writes it onto s, recording what changed. A cancelled session no longer
// changes; a delivered one keeps its times; a capacity below the confirmed seats is a conflict.
// A starts_at alone moves the session and keeps its length. Storage raises Sequence once when
// anything changed.
func (ch *SessionChange) Apply(s *Session, loc *time.Location) error {
	start, end, err := ch.times(s, loc)
	if err != nil {
		return err
	}
	if ch.Status != nil && *ch.Status != SessionCancelled {
		return Invalid("status", "status can only be set to %q", SessionCancelled)
	}
	if ch.Reason != nil && ch.Status == nil {
		return Invalid("reason", "a reason goes with status \"cancelled\"")
	}
	if ch.Status != nil && (ch.StartsAt != nil || ch.EndsAt != nil || ch.StaffIDs != nil || ch.VenueID != nil || ch.Capacity != nil) {
		return Invalid("status", "cancel a session on its own, without other changes")
	}
	if ch.Capacity != nil && (*ch.Capacity < 1 || *ch.Capacity > MaxCapacity) {
		return Invalid("capacity", "capacity must be 1 to %d", MaxCapacity)
	}
	if ch.StaffIDs != nil {
		if err := checkStaffIDs(*ch.StaffIDs); err != nil {
			return err
		}
	}
	reason := ""
	if ch.Reason != nil {
		if reason, err = validateText("reason", *ch.Reason, 200); err != nil {
			return err
		}
	}
	if s.Status == SessionCancelled {
		return Errorf(EConflict, "session %s is cancelled and can no longer change", s.ID)
	}
	if !start.Equal(s.StartsAt) || !end.Equal(s.EndsAt) {
		if s.Status == SessionDelivered {
			return Errorf(EConflict, "session %s was delivered; its times can no longer change", s.ID)
		}
		s.StartsAt, s.EndsAt, s.LocalDate = start, end, DateOf(start, loc)
		s.mark("time")
	}
	if ch.VenueID != nil && *ch.VenueID != s.VenueID {
		s.VenueID = *ch.VenueID
		s.mark("venue")
	}
	if ch.StaffIDs != nil && !slices.Equal(*ch.StaffIDs, s.StaffIDs) {
		s.StaffIDs = slices.Clone(*ch.StaffIDs)
		s.mark("staff")
	}
	if ch.Capacity != nil && *ch.Capacity != s.Capacity {
		if *ch.Capacity < s.Confirmed {
			return Errorf(EConflict, "session %s has %d confirmed seats; its capacity cannot go below that", s.ID, s.Confirmed)
		}
		s.Capacity = *ch.Capacity
		s.mark("capacity")
	}
	if ch.Status != nil {
		if s.Status == SessionDelivered {
			return Errorf(EConflict, "session %s was delivered and cannot be cancelled", s.ID)
		}
		s.Status, s.CancelReason, s.CancelOrigin = SessionCancelled, reason, CancelByPerson
		s.mark("status")
	}
	return nil
}

// times returns the start and end s has after ch.
func (ch *SessionChange) times(s *Session, loc *time.Location) (time.Time, time.Time, error) {
	start, end := s.StartsAt, s.EndsAt
	if ch.StartsAt != nil {
		t, err := time.Parse(time.RFC3339, *ch.StartsAt)
		if err != nil {
			return start, end, Invalid("starts_at", "starts_at must be an RFC 3339 instant such as 2026-09-01T16:30:00+08:00")
		}
		start, end = t.In(loc), t.In(loc).Add(s.EndsAt.Sub(s.StartsAt))
	}
	if ch.EndsAt != nil {
		t, err := time.Parse(time.RFC3339, *ch.EndsAt)
		if err != nil {
			return start, end, Invalid("ends_at", "ends_at must be an RFC 3339 instant such as 2026-09-01T18:00:00+08:00")
		}
		end = t.In(loc)
	}
	if err := CheckInstant("starts_at", start, loc); err != nil {
		return start, end, err
	}
	if err := CheckInstant(map[bool]string{true: "ends_at", false: "starts_at"}[ch.EndsAt != nil], end, loc); err != nil {
		return start, end, err
	}
	if !end.After(start) {
		return start, end, Invalid("ends_at", "a session must end after it starts")
	}
	if end.Sub(start) > MaxSessionLength {
		return start, end, Invalid("ends_at", "a session lasts at most %v", MaxSessionLength)
	}
	return start, end, nil
}

func checkStaffIDs(staff []string) error {
	if len(staff) > MaxStaff {
		return Invalid("staff_ids", "at most %d staff", MaxStaff)
	}
	for i, id := range staff {
		if id == "" || slices.Contains(staff[:i], id) {
			return Invalid(fmt.Sprintf("staff_ids[%d]", i), "staff ids must be distinct user ids")
		}
	}
	return nil
}

// SessionFilter selects sessions by community, program, kind and category, open to a child of
// Age (when HasAge), with free seats (HasSeats), on community-local dates From..To inclusive.
type SessionFilter struct {
	CommunityID string
	ProgramID   string
	Kind        string
	Category    string
	Age         int
	HasAge      bool
	HasSeats    bool
	From, To    Date
	Page        Page
}

// Validate checks the kind and category of a session filter and its dates.
func (f SessionFilter) Validate() error {
	return validateFilter(f.Kind, f.Category, f.From, f.To)
}

// Validate checks the kind and category of a program filter and its dates.
func (f ProgramFilter) Validate() error {
	return validateFilter(f.Kind, f.Category, f.From, f.To)
}

func validateFilter(kind, category string, from, to Date) error {
	switch {
	case kind != "" && !ValidKind(kind):
		return Invalid("kind", "kind must be one of %v", Kinds)
	case category != "" && !ValidCategory(category):
		return Invalid("category", "category must be one of %v", Categories)
	case !from.IsZero() && !to.IsZero() && to.Before(from):
		return Invalid("to", "to must not be before from")
	}
	return nil
}
