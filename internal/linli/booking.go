package linli

import (
	"fmt"
	"slices"
	"time"
)

// Booking statuses. Storage keeps the first four; BookingExpired is a waitlisted booking whose
// session has started, worked out when read.
const (
	BookingConfirmed        = "confirmed"
	BookingWaitlisted       = "waitlisted"
	BookingCancelled        = "cancelled"
	BookingSessionCancelled = "session_cancelled"
	BookingExpired          = "expired"
)

// MaxSiblings bounds the children booked together as one sibling group.
const MaxSiblings = 10

// Booking is one child's place in one session: confirmed, in line, or ended. A booking refused
// while booking a whole program carries Error instead of an id and a status.
type Booking struct {
	ID               string         `json:"id,omitempty"`
	ChildID          string         `json:"child_id"`
	SessionID        string         `json:"session_id"`
	Status           string         `json:"status,omitempty"`
	WaitlistPosition int            `json:"waitlist_position,omitempty"`
	Session          *BookedSession `json:"session,omitempty"`
	CanRate          bool           `json:"can_rate,omitempty"` // the guardian may still rate the session for this child
	CreatedAt        time.Time      `json:"created_at,omitzero"`
	UpdatedAt        time.Time      `json:"updated_at,omitzero"`
	Error            *Refusal       `json:"error,omitempty"`
}

// BookedSession is what a list of bookings shows of each session.
type BookedSession struct {
	Title    string    `json:"title"`
	StartsAt time.Time `json:"starts_at"`
	EndsAt   time.Time `json:"ends_at"`
	Status   string    `json:"status"`
}

// Refusal is why one session of a program booking was not booked: an error code and message.
type Refusal struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// BookingRequest is the body of POST /bookings: one child or a sibling group into one session,
// or one child into every future session of a program.
type BookingRequest struct {
	ChildID   string   `json:"child_id"`
	ChildIDs  []string `json:"child_ids"`
	SessionID string   `json:"session_id"`
	ProgramID string   `json:"program_id"`
}

// Children validates the shape of r and returns the children it books, in order.
func (r *BookingRequest) Children() ([]string, error) {
	switch {
	case r.ChildID != "" && r.ChildIDs != nil:
		return nil, Invalid("child_ids", "give child_id or child_ids, not both")
	case r.SessionID != "" && r.ProgramID != "":
		return nil, Invalid("program_id", "give session_id or program_id, not both")
	case r.SessionID == "" && r.ProgramID == "":
		return nil, Invalid("session_id", "session_id (or program_id) is required")
	case r.ChildIDs == nil && r.ChildID == "":
		return nil, Invalid("child_id", "child_id (or child_ids) is required")
	case r.ChildIDs == nil:
		return []string{r.ChildID}, nil
	case len(r.ChildIDs) == 0:
		return nil, Invalid("child_ids", "child_ids needs at least one child")
	case len(r.ChildIDs) > MaxSiblings:
		return nil, Invalid("child_ids", "at most %d children book together", MaxSiblings)
	case r.ProgramID != "":
		return nil, Invalid("child_ids", "siblings book one session together; book a program for one child at a time")
	}
	for i, id := range r.ChildIDs {
		if id == "" || slices.Contains(r.ChildIDs[:i], id) {
			return nil, Invalid(fmt.Sprintf("child_ids[%d]", i), "child_ids must name distinct children")
		}
	}
	return r.ChildIDs, nil
}

// ChildField names the request field that carries the i-th child.
func (r *BookingRequest) ChildField(i int) string {
	if r.ChildIDs == nil {
		return "child_id"
	}
	return fmt.Sprintf("child_ids[%d]", i)
}

// BookingTarget is what the booking rules need to know of a session and its program.
type BookingTarget struct {
	SessionID           string
	Kind                string
	Status              string
	StartsAt, EndsAt    time.Time
	LocalDate           Date
	AgeMin, AgeMax      *int
	BookingOpensAt      *time.Time
	CancelCutoffMinutes int
	Capacity, Confirmed int
	Waitlist            bool
	Round               RoundGate // first-come booking of a round's program waits for its draw
}

// CheckOpen answers booking_closed unless t is scheduled, its booking has opened and it has not
// started at now, and no application round keeps its program from first-come booking (RoundGate).
func (t *BookingTarget) CheckOpen(now time.Time) error {
	switch {
	case t.Status != SessionScheduled:
		return Errorf(EBookingClosed, "session %s is %s and takes no bookings", t.SessionID, t.Status)
	case t.BookingOpensAt != nil && now.Before(*t.BookingOpensAt):
		return Errorf(EBookingClosed, "booking opens at %s", t.BookingOpensAt.Format(time.RFC3339))
	case !now.Before(t.StartsAt):
		return Errorf(EBookingClosed, "session %s has started; booking is closed", t.SessionID)
	}
	return t.Round.CheckFirstCome(now)
}

// CheckAge answers not_eligible unless a child born on birth is, in whole years on the
// session's local date, within the program's age range. Volunteer shifts, neighbour visits and
// events without an age range (for adults) take no children at all.
func (t *BookingTarget) CheckAge(birth Date) error {
	age := AgeOn(birth, t.LocalDate)
	if OpenToAge(t.Kind, t.AgeMin, t.AgeMax, age) {
		return nil
	}
	if t.Kind == KindEvent && !TakesChildren(t.Kind, t.AgeMin, t.AgeMax) {
		return &Error{Code: ENotEligible, Field: "session_id", Message: "this event has no age range: it is for adults and takes no children's bookings"}
	}
	if !IsChildrenKind(t.Kind) {
		return Errorf(ENotEligible, "%s sessions take no children's bookings", t.Kind)
	}
	return Errorf(ENotEligible, "the child is %d on %s; this program is for ages %s", age, t.LocalDate, t.ageRange())
}

func (t *BookingTarget) ageRange() string {
	lo, hi := MinChildAge, MaxChildAge
	if t.AgeMin != nil {
		lo = *t.AgeMin
	}
	if t.AgeMax != nil {
		hi = *t.AgeMax
	}
	return fmt.Sprintf("%d–%d", lo, hi)
}

// Seat decides where n children booked together go: confirmed when all of them fit in the free
// seats, else in line when the program keeps a waitlist, else full.
func (t *BookingTarget) Seat(n int) (string, error) {
	switch {
	case t.Confirmed+n <= t.Capacity:
		return BookingConfirmed, nil
	case t.Waitlist:
		return BookingWaitlisted, nil
	case n > 1:
		return "", Errorf(EFull, "%d seats are free; %d children cannot all be seated", max(0, t.Capacity-t.Confirmed), n)
	}
	return "", Errorf(EFull, "the session is full")
}

// CheckCancel answers session_closed when a booking of t may no longer be cancelled at now: a
// guardian may cancel until the cutoff (the start less the program's cutoff minutes), the
// community's office (a coordinator, for a family who asks) until the session starts.
func (t *BookingTarget) CheckCancel(byOffice bool, now time.Time) error {
	if !now.Before(t.StartsAt) {
		return Errorf(ESessionClosed, "session %s has started; its bookings can no longer change", t.SessionID)
	}
	cutoff := t.StartsAt.Add(-time.Duration(t.CancelCutoffMinutes) * time.Minute)
	if !byOffice && !now.Before(cutoff) {
		return Errorf(ESessionClosed, "cancelling closed at %s; please ask the community office", cutoff.Format(time.RFC3339))
	}
	return nil
}

// StatusAt is the status a stored booking shows at now: a booking still in line when its
// session started has expired.
func StatusAt(stored string, startsAt, now time.Time) string {
	if stored == BookingWaitlisted && !now.Before(startsAt) {
		return BookingExpired
	}
	return stored
}

// BookingFilter selects a guardian's bookings in sessions on community-local dates From..To
// inclusive (zero for no bound).
type BookingFilter struct {
	From, To Date
	Page     Page
}
