package linli

import (
	"cmp"
	"slices"
	"time"
)

// What holds a session someone or something is committed to.
const (
	HeldByVenue  = "venue"  // the session takes place in the venue
	HeldByStaff  = "staff"  // the person staffs the session
	HeldBySignup = "signup" // the person signed up for the (volunteer) session
	HeldByChild  = "child"  // the child is confirmed in the session
)

// Commitment is a session that already holds a venue, a person or a child: a fact the clash
// rules read. Storage loads the commitments overlapping a session's time (it may load more, never
// fewer); the rules decide which of them clash, and what that does.
type Commitment struct {
	By      string  // HeldByVenue, HeldByStaff, HeldBySignup or HeldByChild
	Holder  string  // the venue's, person's or child's id
	Name    string  // the venue's or person's name, as messages show it
	Session Session // the session held: its id, title, status and instants at least
}

// clashes reports whether c holds a scheduled session other than s that overlaps it.
func (c *Commitment) clashes(s *Session) bool {
	o := &c.Session
	return o.ID != s.ID && o.Status == SessionScheduled && Overlaps(o.StartsAt, o.EndsAt, s.StartsAt, s.EndsAt)
}

// firstClash returns the earliest commitment of held, by start then session id, that clashes with
// s and that match accepts, or nil.
func firstClash(s *Session, held []Commitment, match func(c *Commitment) bool) *Commitment {
	var first *Commitment
	for i := range held {
		c := &held[i]
		if !c.clashes(s) || !match(c) {
			continue
		}
		if first == nil || cmp.Or(c.Session.StartsAt.Compare(first.Session.StartsAt), cmp.Compare(c.Session.ID, first.Session.ID)) < 0 {
			first = c
		}
	}
	return first
}

// clashError names the clash of s with the commitment c in format's words: name, s's start, c's session.
func clashError(code, format string, s *Session, c *Commitment) error {
	return Errorf(code, format, c.Name, s.StartsAt.Format("2006-01-02 15:04"), c.Session.Label())
}

// CheckClash answers why s cannot be planned as it is: venue_conflict when another scheduled
// session overlapping it takes its venue, else staff_conflict when one of its staff (in order)
// staffs or signed up for another scheduled session overlapping it, so that nobody is planned
// onto a session or visit during their shift. The message names the earliest such session.
func CheckClash(s *Session, held []Commitment) error {
	if s.VenueID != "" {
		if c := firstClash(s, held, func(c *Commitment) bool { return c.By == HeldByVenue && c.Holder == s.VenueID }); c != nil {
			return clashError(EVenueConflict, "%s is already taken at %s by session %s", s, c)
		}
	}
	for _, uid := range s.StaffIDs {
		if c := firstClash(s, held, func(c *Commitment) bool { return c.By == HeldByStaff && c.Holder == uid }); c != nil {
			return clashError(EStaffConflict, "%s is busy at %s: they staff session %s", s, c)
		}
		if c := firstClash(s, held, func(c *Commitment) bool { return c.By == HeldBySignup && c.Holder == uid }); c != nil {
			return clashError(EStaffConflict, "%s is busy at %s: they signed up for session %s", s, c)
		}
	}
	return nil
}

// CheckSignUp answers why the person userID may not sign up for the shift s at now, given their
// commitments near its time: CheckJoin's refusals; conflict when they staff s or already signed
// up for it; overlap when they staff or signed up for another scheduled session overlapping it,
// naming the earliest.
func CheckSignUp(s *Session, userID string, held []Commitment, now time.Time) error {
	if err := CheckJoin(s, now); err != nil {
		return err
	}
	if slices.Contains(s.StaffIDs, userID) {
		return Errorf(EConflict, "%s already staffs session %s", userID, s.ID)
	}
	for _, c := range held {
		if c.By == HeldBySignup && c.Holder == userID && c.Session.ID == s.ID {
			return Errorf(EConflict, "already signed up for session %s", s.ID)
		}
	}
	c := firstClash(s, held, func(c *Commitment) bool {
		return c.Holder == userID && (c.By == HeldByStaff || c.By == HeldBySignup)
	})
	if c == nil {
		return nil
	}
	return clashError(EOverlap, "%s is busy at %s: session %s", s, c)
}

// CheckMove answers overlap when moving s to its new time would put a child confirmed in it, or a
// volunteer signed up for it, into two sessions at once: held are the other commitments of its
// confirmed children (HeldByChild) and of its signed-up volunteers (HeldBySignup, HeldByStaff).
// The same rule refuses such a booking or sign-up.
func CheckMove(s *Session, held []Commitment) error {
	noun := ""
	switch {
	case firstClash(s, held, func(c *Commitment) bool { return c.By == HeldByChild }) != nil:
		noun = "child"
	case firstClash(s, held, func(c *Commitment) bool { return c.By == HeldBySignup || c.By == HeldByStaff }) != nil:
		noun = "volunteer"
	default:
		return nil
	}
	return &Error{Code: EOverlap, Field: "starts_at", Message: "at the new time a " + noun + " of this session would be in another session too"}
}

// ClashPolicy is what a change of sessions does with one that would clash (CheckClash). A strict
// change, a coordinator's own edit of a program or a session, is refused whole by the first
// clash. A re-plan that follows the day calendar leaves the clashing session out (not added, or
// left as it was) and reports it in Clashes, so that a change of the national holidays never
// fails for one community's double booking.
type ClashPolicy struct {
	Strict  bool
	Clashes []string // the messages of the clashes left out, in the order met
}

// Admit says whether s may be written given what held commits: true when it clashes with nothing,
// false when it clashes and is left out (its clash recorded), or the clash as the error of a
// strict change.
func (p *ClashPolicy) Admit(s *Session, held []Commitment) (bool, error) {
	err := CheckClash(s, held)
	if err == nil {
		return true, nil
	}
	if p.Strict {
		return false, err
	}
	p.Clashes = append(p.Clashes, ErrorMessage(err))
	return false, nil
}
