package linli

import (
	"errors"
	"time"
)

// ChildBooking is one of a child's active bookings (confirmed or in line) with its session's
// instants: a fact the booking rules read.
type ChildBooking struct {
	SessionID        string
	Status           string
	StartsAt, EndsAt time.Time
}

// BookingChild is a child being booked, or waiting in line, as the booking rules need it: the
// request field that names it, its birth date and its active bookings, at least those of the
// target session and of every session overlapping its time (storage may leave out the rest).
type BookingChild struct {
	ID, Field string
	Birth     Date
	Bookings  []ChildBooking
}

// Overlaps reports whether the spans [aStart, aEnd) and [bStart, bEnd) share an instant:
// sessions that only touch, one ending as the next starts, do not.
func Overlaps(aStart, aEnd, bStart, bEnd time.Time) bool {
	return aStart.Before(bEnd) && bStart.Before(aEnd)
}

// holds reports whether k already has a seat or a place in line in t.
func (t *BookingTarget) holds(k BookingChild) bool {
	for _, b := range k.Bookings {
		if b.SessionID == t.SessionID && (b.Status == BookingConfirmed || b.Status == BookingWaitlisted) {
			return true
		}
	}
	return false
}

// busy reports whether k is confirmed in a session other than t that overlaps it; a place in
// line elsewhere keeps nobody busy.
func (t *BookingTarget) busy(k BookingChild) bool {
	for _, b := range k.Bookings {
		if b.SessionID != t.SessionID && b.Status == BookingConfirmed && Overlaps(b.StartsAt, b.EndsAt, t.StartsAt, t.EndsAt) {
			return true
		}
	}
	return false
}

// CheckChild answers why the child k may not be booked into t, naming k.Field: not_eligible when
// its age is outside the program's range, already_booked when it already has a seat or a place
// in line in t, overlap when it is confirmed in another session at the same time or has applied
// for a class at that time in a round closed and not drawn.
func (t *BookingTarget) CheckChild(k BookingChild) error {
	if err := t.CheckAge(k.Birth); err != nil {
		var le *Error
		if errors.As(err, &le) && le.Field == "" {
			return &Error{Code: le.Code, Message: le.Message, Field: k.Field}
		}
		return err
	}
	if t.holds(k) {
		return &Error{Code: EAlreadyBooked, Field: k.Field, Message: "the child is already booked into this session"}
	}
	if t.busy(k) {
		return &Error{Code: EOverlap, Field: k.Field, Message: "the child is already confirmed in a session at that time"}
	}
	if t.wishClash(k) {
		return &Error{Code: EOverlap, Field: k.Field, Message: "the child applied for a class at that time in an application round not drawn yet"}
	}
	return nil
}

// CheckBooking answers why kids may not be booked together into t at now, or nil: the session
// must take bookings (CheckOpen) and then each child pass CheckChild, in order; the first refusal
// is the answer. Whether they find a seat is Seat's to say.
func (t *BookingTarget) CheckBooking(kids []BookingChild, now time.Time) error {
	if err := t.CheckOpen(now); err != nil {
		return err
	}
	for _, k := range kids {
		if err := t.CheckChild(k); err != nil {
			return err
		}
	}
	return nil
}

// WaitingGroup is one place in a session's line: one child, or siblings booked together.
type WaitingGroup struct {
	Arrival    int64
	BookingIDs []string
	Children   []BookingChild
}

// ChildIDs returns the ids of the group's children, in the order of its bookings.
func (g WaitingGroup) ChildIDs() []string {
	ids := make([]string, len(g.Children))
	for i, k := range g.Children {
		ids[i] = k.ID
	}
	return ids
}

// LineSeats returns the seats t can give its line at now: its free seats while it is scheduled
// and has not started, else none.
func (t *BookingTarget) LineSeats(now time.Time) int {
	if t.Status != SessionScheduled || !now.Before(t.StartsAt) {
		return 0
	}
	return max(0, t.Capacity-t.Confirmed)
}

// Promote chooses the places in t's line (in arrival order) to confirm into its LineSeats at
// now. A group is confirmed only when all its
// children fit in the seats still free and each may be confirmed: still of age on the session's
// date, not confirmed in an overlapping session and, until a round's draw, not applying there for
// a class at that time. A group that does not fit keeps its place,
// and later, smaller groups or single children may pass it. Each place is decided on its own
// facts and the seats still free, so deciding the line part by part from its head, with the seats
// confirmed so far counted in t, chooses as deciding it whole.
func (t *BookingTarget) Promote(line []WaitingGroup, now time.Time) []WaitingGroup {
	free := t.LineSeats(now)
	var out []WaitingGroup
	for _, g := range line {
		if free <= 0 {
			break
		}
		if len(g.Children) > free || !t.mayConfirm(g) {
			continue
		}
		out = append(out, g)
		free -= len(g.Children)
	}
	return out
}

// mayConfirm reports whether every child of g may take a seat of t.
func (t *BookingTarget) mayConfirm(g WaitingGroup) bool {
	for _, k := range g.Children {
		if t.CheckAge(k.Birth) != nil || t.busy(k) || t.wishClash(k) {
			return false
		}
	}
	return true
}

// CheckCancelBooking says whether a booking of t, stored with status stored, is to be cancelled
// at now by its guardian or (byOffice) the community's office: not when it already is, as
// cancelling again changes nothing; session_closed when its session was cancelled, or when
// CheckCancel says it is too late.
func (t *BookingTarget) CheckCancelBooking(stored string, byOffice bool, now time.Time) (bool, error) {
	switch stored {
	case BookingCancelled:
		return false, nil
	case BookingSessionCancelled:
		return false, Errorf(ESessionClosed, "session %s was cancelled; its bookings have ended", t.SessionID)
	}
	if err := t.CheckCancel(byOffice, now); err != nil {
		return false, err
	}
	return true, nil
}

// SessionOutcome is what booking a child into one session of a program came to: the bookings
// made, or the refusal (a *Error) why not.
type SessionOutcome struct {
	SessionID string
	Made      []Booking
	Refused   *Error
}

// ProgramBooking is the answer to booking the child childID into every future session of a
// program, from each session's outcome in order: the bookings made and the sessions refused, with
// why. A program without future sessions is booking_closed; when every session is refused, the
// first refusal is the answer, on program_id when it refused the session itself (an adults'
// event).
func ProgramBooking(childID string, outcomes []SessionOutcome) ([]Booking, error) {
	if len(outcomes) == 0 {
		return nil, &Error{Code: EBookingClosed, Field: "program_id", Message: "the program has no future sessions to book"}
	}
	var out []Booking
	var first *Error
	booked := false
	for _, o := range outcomes {
		if o.Refused == nil {
			booked = true
			out = append(out, o.Made...)
			continue
		}
		if first == nil {
			first = o.Refused
		}
		out = append(out, Booking{ChildID: childID, SessionID: o.SessionID, Error: &Refusal{Code: o.Refused.Code, Message: o.Refused.Message}})
	}
	switch {
	case booked:
		return out, nil
	case first.Field == "session_id":
		return nil, &Error{Code: first.Code, Message: first.Message, Field: "program_id"}
	}
	return nil, first
}
