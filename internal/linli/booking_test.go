package linli

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

var bookingZone = time.FixedZone("CST", 8*3600)

// holidayClass is a session on 2026-07-06 09:00–11:00 for ages 6–9, booking from 07-01 08:00,
// cancellable until 24 hours before.
func holidayClass() BookingTarget {
	opens := time.Date(2026, 7, 1, 8, 0, 0, 0, bookingZone)
	return BookingTarget{
		SessionID: "s1", Kind: KindHolidayClass, Status: SessionScheduled,
		StartsAt: time.Date(2026, 7, 6, 9, 0, 0, 0, bookingZone), EndsAt: time.Date(2026, 7, 6, 11, 0, 0, 0, bookingZone),
		LocalDate: NewDate(2026, 7, 6), AgeMin: intp(6), AgeMax: intp(9), BookingOpensAt: &opens,
		CancelCutoffMinutes: 24 * 60, Capacity: 20, Confirmed: 0, Waitlist: true,
	}
}

func TestBookingRequestChildren(t *testing.T) {
	const s, p, c1, c2 = "session", "program", "child-1", "child-2"
	for _, tc := range []struct {
		name  string
		in    BookingRequest
		want  []string
		field string
	}{
		{"one child", BookingRequest{ChildID: c1, SessionID: s}, []string{c1}, ""},
		{"siblings in order", BookingRequest{ChildIDs: []string{c2, c1}, SessionID: s}, []string{c2, c1}, ""},
		{"a program", BookingRequest{ChildID: c1, ProgramID: p}, []string{c1}, ""},
		{"both child fields", BookingRequest{ChildID: c1, ChildIDs: []string{c2}, SessionID: s}, nil, "child_ids"},
		{"empty child_ids", BookingRequest{ChildIDs: []string{}, SessionID: s}, nil, "child_ids"},
		{"duplicate child", BookingRequest{ChildIDs: []string{c1, c2, c1}, SessionID: s}, nil, "child_ids[2]"},
		{"empty id among siblings", BookingRequest{ChildIDs: []string{c1, ""}, SessionID: s}, nil, "child_ids[1]"},
		{"too many siblings", BookingRequest{ChildIDs: make([]string, MaxSiblings+1), SessionID: s}, nil, "child_ids"},
		{"no child", BookingRequest{SessionID: s}, nil, "child_id"},
		{"no session nor program", BookingRequest{ChildID: c1}, nil, "session_id"},
		{"session and program", BookingRequest{ChildID: c1, SessionID: s, ProgramID: p}, nil, "program_id"},
		{"siblings into a program", BookingRequest{ChildIDs: []string{c1, c2}, ProgramID: p}, nil, "child_ids"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.in.Children()
			if tc.field != "" {
				if ErrorCode(err) != EInvalid || ErrorField(err) != tc.field {
					t.Fatalf("got %v, want invalid %s", err, tc.field)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Fatalf("got %v %v, want %v", got, err, tc.want)
			}
		})
	}
}

func TestBookingTargetCheckOpen(t *testing.T) {
	at := func(m time.Month, d, h, min int) time.Time { return time.Date(2026, m, d, h, min, 0, 0, bookingZone) }
	for _, tc := range []struct {
		name   string
		change func(*BookingTarget)
		now    time.Time
		want   string
	}{
		{"open", nil, at(7, 3, 12, 0), ""},
		{"the minute it opens", nil, at(7, 1, 8, 0), ""},
		{"a second before it opens", nil, at(7, 1, 7, 59).Add(59 * time.Second), EBookingClosed},
		{"no opening time: open at once", func(t *BookingTarget) { t.BookingOpensAt = nil }, at(6, 1, 0, 0), ""},
		{"a second before the start", nil, at(7, 6, 8, 59).Add(59 * time.Second), ""},
		{"at the start", nil, at(7, 6, 9, 0), EBookingClosed},
		{"cancelled", func(t *BookingTarget) { t.Status = SessionCancelled }, at(7, 3, 12, 0), EBookingClosed},
		{"delivered", func(t *BookingTarget) { t.Status = SessionDelivered }, at(7, 3, 12, 0), EBookingClosed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := holidayClass()
			if tc.change != nil {
				tc.change(&s)
			}
			if got := ErrorCode(s.CheckOpen(tc.now)); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestBookingTargetCheckAge(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*BookingTarget)
		birth  Date
		ok     bool
	}{
		{"six on the day", nil, NewDate(2020, 7, 6), true},
		{"six the day after: still five", nil, NewDate(2020, 7, 7), false},
		{"nine and a half", nil, NewDate(2017, 1, 1), true},
		{"ten on the day", nil, NewDate(2016, 7, 6), false},
		{"no lower bound", func(t *BookingTarget) { t.AgeMin = nil }, NewDate(2023, 1, 1), true},
		{"no bounds at all", func(t *BookingTarget) { t.AgeMin, t.AgeMax = nil, nil }, NewDate(2010, 1, 1), true},
		{"a volunteer shift takes no children", func(t *BookingTarget) { t.Kind, t.AgeMin, t.AgeMax = KindVolunteerShift, nil, nil }, NewDate(2018, 1, 1), false},
		{"29 February: turns six on 1 March", func(t *BookingTarget) { t.LocalDate = NewDate(2026, 3, 1) }, NewDate(2020, 2, 29), true},
		{"29 February: still five on 28 February", func(t *BookingTarget) { t.LocalDate = NewDate(2026, 2, 28) }, NewDate(2020, 2, 29), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := holidayClass()
			if tc.change != nil {
				tc.change(&s)
			}
			err := s.CheckAge(tc.birth)
			if (err == nil) != tc.ok || err != nil && ErrorCode(err) != ENotEligible {
				t.Fatalf("got %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

func TestBookingTargetSeat(t *testing.T) {
	for _, tc := range []struct {
		confirmed, n int
		waitlist     bool
		want, code   string
	}{
		{0, 1, true, BookingConfirmed, ""},
		{19, 1, true, BookingConfirmed, ""},
		{20, 1, true, BookingWaitlisted, ""},
		{18, 2, false, BookingConfirmed, ""},
		{19, 2, true, BookingWaitlisted, ""}, // siblings are never split
		{19, 2, false, "", EFull},
		{20, 1, false, "", EFull},
	} {
		t.Run(fmt.Sprintf("%d+%d waitlist=%v", tc.confirmed, tc.n, tc.waitlist), func(t *testing.T) {
			s := holidayClass()
			s.Confirmed, s.Waitlist = tc.confirmed, tc.waitlist
			got, err := s.Seat(tc.n)
			if got != tc.want || ErrorCode(err) != tc.code {
				t.Fatalf("got %q %v, want %q %q", got, err, tc.want, tc.code)
			}
		})
	}
}

func TestBookingTargetCheckCancel(t *testing.T) {
	start := holidayClass().StartsAt
	for _, tc := range []struct {
		name   string
		office bool
		now    time.Time
		want   string
	}{
		{"guardian before the cutoff", false, start.Add(-25 * time.Hour), ""},
		{"guardian at the cutoff", false, start.Add(-24 * time.Hour), ESessionClosed},
		{"office after the cutoff", true, start.Add(-time.Hour), ""},
		{"office at the start", true, start, ESessionClosed},
		{"guardian after the start", false, start.Add(time.Hour), ESessionClosed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := holidayClass()
			if got := ErrorCode(s.CheckCancel(tc.office, tc.now)); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestStatusAt(t *testing.T) {
	start := holidayClass().StartsAt
	for _, tc := range []struct {
		stored string
		now    time.Time
		want   string
	}{
		{BookingWaitlisted, start.Add(-time.Second), BookingWaitlisted},
		{BookingWaitlisted, start, BookingExpired},
		{BookingConfirmed, start.Add(time.Hour), BookingConfirmed},
		{BookingCancelled, start.Add(time.Hour), BookingCancelled},
		{BookingSessionCancelled, start.Add(time.Hour), BookingSessionCancelled},
	} {
		if got := StatusAt(tc.stored, start, tc.now); got != tc.want {
			t.Errorf("StatusAt(%s, %v) = %s, want %s", tc.stored, tc.now.Sub(start), got, tc.want)
		}
	}
}
