package linli

import (
	"slices"
	"testing"
	"time"
)

// at is an instant on 2026-07-06, the day of holidayClass, in its zone.
func at(hour, minute int) time.Time { return time.Date(2026, 7, 6, hour, minute, 0, 0, bookingZone) }

// booked is a child's booking of session id from one hour to another on 2026-07-06.
func booked(id, status string, from, to int) ChildBooking {
	return ChildBooking{SessionID: id, Status: status, StartsAt: at(from, 0), EndsAt: at(to, 0)}
}

// eight is a child of 8 on 2026-07-06 with the given bookings, named by the request's child_id.
func eight(bookings ...ChildBooking) BookingChild {
	return BookingChild{ID: "k1", Field: "child_id", Birth: NewDate(2018, 3, 1), Bookings: bookings}
}

func TestCheckBooking(t *testing.T) {
	open := time.Date(2026, 7, 2, 12, 0, 0, 0, bookingZone)
	sibling := func(field string, birth Date, bookings ...ChildBooking) BookingChild {
		return BookingChild{ID: field, Field: field, Birth: birth, Bookings: bookings}
	}
	for _, tc := range []struct {
		name  string
		now   time.Time
		kids  []BookingChild
		code  string // "" when the booking may go ahead
		field string
	}{
		{"a child of age with nothing else that day", open, []BookingChild{eight()}, "", ""},
		{"already confirmed in this session", open, []BookingChild{eight(booked("s1", BookingConfirmed, 9, 11))}, EAlreadyBooked, "child_id"},
		{"already in this session's line", open, []BookingChild{eight(booked("s1", BookingWaitlisted, 9, 11))}, EAlreadyBooked, "child_id"},
		{"a cancelled booking of this session books again", open, []BookingChild{eight(booked("s1", BookingCancelled, 9, 11))}, "", ""},
		{"confirmed in a session overlapping the end", open, []BookingChild{eight(booked("s2", BookingConfirmed, 10, 12))}, EOverlap, "child_id"},
		{"confirmed in a session overlapping the start", open, []BookingChild{eight(booked("s2", BookingConfirmed, 8, 10))}, EOverlap, "child_id"},
		{"confirmed in a session around it", open, []BookingChild{eight(booked("s2", BookingConfirmed, 8, 12))}, EOverlap, "child_id"},
		{"confirmed in a session ending as it starts", open, []BookingChild{eight(booked("s2", BookingConfirmed, 7, 9))}, "", ""},
		{"confirmed in a session starting as it ends", open, []BookingChild{eight(booked("s2", BookingConfirmed, 11, 13))}, "", ""},
		{"in line for an overlapping session", open, []BookingChild{eight(booked("s2", BookingWaitlisted, 10, 12))}, "", ""},
		{"too young for the class", open, []BookingChild{sibling("child_id", NewDate(2021, 1, 1))}, ENotEligible, "child_id"},
		{"a second sibling confirmed elsewhere at that time refuses the group, naming them", open,
			[]BookingChild{sibling("child_ids[0]", NewDate(2018, 1, 1)), sibling("child_ids[1]", NewDate(2019, 1, 1), booked("s3", BookingConfirmed, 10, 11))},
			EOverlap, "child_ids[1]"},
		{"the first refusal of a group is the answer", open,
			[]BookingChild{sibling("child_ids[0]", NewDate(2018, 1, 1), booked("s1", BookingWaitlisted, 9, 11)), sibling("child_ids[1]", NewDate(2023, 1, 1))},
			EAlreadyBooked, "child_ids[0]"},
		{"once the class has started nobody books, not even to be told they already did", at(9, 30),
			[]BookingChild{eight(booked("s1", BookingConfirmed, 9, 11))}, EBookingClosed, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target := holidayClass()
			err := target.CheckBooking(tc.kids, tc.now)
			if ErrorCode(err) != tc.code || ErrorField(err) != tc.field {
				t.Fatalf("got %v, want code %q on field %q", err, tc.code, tc.field)
			}
		})
	}
}

func TestPromote(t *testing.T) {
	now := time.Date(2026, 7, 5, 18, 0, 0, 0, bookingZone)
	// Everyone in line holds their place in s1; busy children are confirmed elsewhere at 10:00.
	child := func(id string, busy bool) BookingChild {
		k := BookingChild{ID: id, Birth: NewDate(2018, 3, 1), Bookings: []ChildBooking{booked("s1", BookingWaitlisted, 9, 11)}}
		if busy {
			k.Bookings = append(k.Bookings, booked("s9", BookingConfirmed, 10, 12))
		}
		return k
	}
	aged := func(id string, birth Date) BookingChild {
		k := child(id, false)
		k.Birth = birth
		return k
	}
	line := func(busy ...string) []WaitingGroup {
		group := func(arrival int64, ids ...string) WaitingGroup {
			g := WaitingGroup{Arrival: arrival}
			for _, id := range ids {
				g.BookingIDs = append(g.BookingIDs, "b-"+id)
				g.Children = append(g.Children, child(id, slices.Contains(busy, id)))
			}
			return g
		}
		return []WaitingGroup{group(3, "ann"), group(5, "bo", "bea"), group(6, "cy"), group(9, "di", "dan", "dee")}
	}
	target := func(capacity, confirmed int, status string) BookingTarget {
		t := holidayClass()
		t.Capacity, t.Confirmed, t.Status = capacity, confirmed, status
		return t
	}
	for _, tc := range []struct {
		name   string
		target BookingTarget
		now    time.Time
		line   []WaitingGroup
		want   []int64
	}{
		{"no seat", target(20, 20, SessionScheduled), now, line(), nil},
		{"one seat: the first in line", target(20, 19, SessionScheduled), now, line(), []int64{3}},
		{"three seats: the first and the siblings", target(20, 17, SessionScheduled), now, line(), []int64{3, 5}},
		{"two seats, the first is confirmed elsewhere at that time: the siblings", target(20, 18, SessionScheduled), now, line("ann"), []int64{5}},
		{"one seat, the first is busy: a single child passes siblings who do not fit", target(20, 19, SessionScheduled), now, line("ann"), []int64{6}},
		{"two seats: siblings who do not fit keep their place, a later child passes", target(20, 18, SessionScheduled), now, line(), []int64{3, 6}},
		{"a busy sibling holds the whole group back", target(20, 16, SessionScheduled), now, line("bea"), []int64{3, 6}},
		{"capacity raised for everyone", target(40, 20, SessionScheduled), now, line(), []int64{3, 5, 6, 9}},
		{"nobody may be confirmed", target(40, 20, SessionScheduled), now, line("ann", "bo", "cy", "di"), nil},
		{"over capacity (lowered by hand) frees nothing", target(18, 20, SessionScheduled), now, line(), nil},
		{"the class has started: the line has expired", target(20, 10, SessionScheduled), at(9, 0), line(), nil},
		{"a cancelled class confirms nobody", target(20, 10, SessionCancelled), now, line(), nil},
		{"a child too old by the class's date stays in line", target(20, 19, SessionScheduled), now,
			[]WaitingGroup{{Arrival: 1, BookingIDs: []string{"b-old"}, Children: []BookingChild{aged("old", NewDate(2016, 7, 6))}},
				{Arrival: 2, BookingIDs: []string{"b-ok"}, Children: []BookingChild{aged("ok", NewDate(2016, 7, 7))}}},
			[]int64{2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var arrivals []int64
			for _, g := range tc.target.Promote(tc.line, tc.now) {
				arrivals = append(arrivals, g.Arrival)
			}
			if !slices.Equal(arrivals, tc.want) {
				t.Fatalf("confirmed the places that arrived %v, want %v", arrivals, tc.want)
			}
			// Place by place from the head, counting the seats taken, chooses the same.
			target, arrivals := tc.target, nil
			for i := range tc.line {
				for _, g := range target.Promote(tc.line[i:i+1], tc.now) {
					arrivals = append(arrivals, g.Arrival)
					target.Confirmed += len(g.Children)
				}
			}
			if !slices.Equal(arrivals, tc.want) {
				t.Fatalf("place by place confirmed %v, want %v", arrivals, tc.want)
			}
		})
	}
}

func TestCheckCancelBooking(t *testing.T) {
	// holidayClass starts 2026-07-06 09:00; families may cancel until 24 hours before.
	early, late := time.Date(2026, 7, 4, 9, 0, 0, 0, bookingZone), time.Date(2026, 7, 5, 20, 0, 0, 0, bookingZone)
	for _, tc := range []struct {
		name     string
		stored   string
		byOffice bool
		now      time.Time
		cancel   bool
		code     string
	}{
		{"a family cancels a seat in good time", BookingConfirmed, false, early, true, ""},
		{"a family leaves the line in good time", BookingWaitlisted, false, early, true, ""},
		{"cancelling twice changes nothing", BookingCancelled, false, late, false, ""},
		{"a booking of a cancelled class has ended", BookingSessionCancelled, false, early, false, ESessionClosed},
		{"a family is too late the evening before", BookingConfirmed, false, late, false, ESessionClosed},
		{"the office cancels for them the evening before", BookingConfirmed, true, late, true, ""},
		{"nobody cancels once the class has started", BookingConfirmed, true, at(9, 0), false, ESessionClosed},
	} {
		target := holidayClass()
		cancel, err := target.CheckCancelBooking(tc.stored, tc.byOffice, tc.now)
		if cancel != tc.cancel || ErrorCode(err) != tc.code {
			t.Errorf("%s: cancel %v, %v; want %v, %q", tc.name, cancel, err, tc.cancel, tc.code)
		}
	}
}

func TestProgramBooking(t *testing.T) {
	made := func(id string) SessionOutcome {
		return SessionOutcome{SessionID: id, Made: []Booking{{ID: "b-" + id, ChildID: "k1", SessionID: id, Status: BookingConfirmed}}}
	}
	refused := func(id, code, field string) SessionOutcome {
		return SessionOutcome{SessionID: id, Refused: &Error{Code: code, Field: field, Message: code + " " + id}}
	}
	for _, tc := range []struct {
		name     string
		outcomes []SessionOutcome
		want     []string // each answer line: a booking id, or the refused session's code
		code     string
		field    string
	}{
		{"every session booked", []SessionOutcome{made("s1"), made("s2")}, []string{"b-s1", "b-s2"}, "", ""},
		{"a full session among booked ones is listed with why", []SessionOutcome{made("s1"), refused("s2", EFull, ""), made("s3")},
			[]string{"b-s1", EFull, "b-s3"}, "", ""},
		{"the child is busy in the first: the rest still book", []SessionOutcome{refused("s1", EOverlap, "child_id"), made("s2")},
			[]string{EOverlap, "b-s2"}, "", ""},
		{"every session refused: the first refusal is the answer", []SessionOutcome{refused("s1", EOverlap, "child_id"), refused("s2", EFull, "")},
			nil, EOverlap, "child_id"},
		{"an adults' event refuses the program itself", []SessionOutcome{refused("s1", ENotEligible, "session_id"), refused("s2", ENotEligible, "session_id")},
			nil, ENotEligible, "program_id"},
		{"no future sessions", nil, nil, EBookingClosed, "program_id"},
	} {
		got, err := ProgramBooking("k1", tc.outcomes)
		var lines []string
		for _, b := range got {
			if b.Error != nil {
				lines = append(lines, b.Error.Code)
			} else {
				lines = append(lines, b.ID)
			}
		}
		if !slices.Equal(lines, tc.want) || ErrorCode(err) != tc.code || ErrorField(err) != tc.field {
			t.Errorf("%s: got %v, %v; want %v, %q on %q", tc.name, lines, err, tc.want, tc.code, tc.field)
		}
	}
}
