package linli

import (
	"testing"
	"time"
)

// saturday is an instant on Saturday 2026-09-05 in China.
func saturday(hour, minute int) time.Time {
	return time.Date(2026, 9, 5, hour, minute, 0, 0, time.FixedZone("CST", 8*3600))
}

// held is a commitment of holder (named name) by way of by to session id, status and times.
func held(by, holder, name, id, status string, from, to time.Time) Commitment {
	return Commitment{By: by, Holder: holder, Name: name, Session: Session{ID: id, Title: "书法", Status: status, StartsAt: from, EndsAt: to}}
}

func TestCheckClash(t *testing.T) {
	// The session being planned: 09:00–10:30 in 书画室, taught by 赵芳 with 李明 helping.
	s := &Session{ID: "new", StartsAt: saturday(9, 0), EndsAt: saturday(10, 30), VenueID: "room", StaffIDs: []string{"zhao", "li"}}
	early, late := saturday(8, 0), saturday(9, 30)
	for _, tc := range []struct {
		name string
		held []Commitment
		code string
		msg  string
	}{
		{"nothing else that morning", nil, "", ""},
		{"the room is taken", []Commitment{held(HeldByVenue, "room", "书画室", "s1", SessionScheduled, late, saturday(11, 0))}, EVenueConflict,
			"书画室 is already taken at 2026-09-05 09:00 by session s1 「书法」 2026-09-05 09:30–11:00 +08:00"},
		{"the room is free from 10:30", []Commitment{held(HeldByVenue, "room", "书画室", "s1", SessionScheduled, saturday(10, 30), saturday(12, 0))}, "", ""},
		{"the room's other session was cancelled", []Commitment{held(HeldByVenue, "room", "书画室", "s1", SessionCancelled, late, saturday(11, 0))}, "", ""},
		{"the session itself, before its move, holds the room", []Commitment{held(HeldByVenue, "room", "书画室", "new", SessionScheduled, late, saturday(11, 0))}, "", ""},
		{"another room is busy", []Commitment{held(HeldByVenue, "hall", "礼堂", "s1", SessionScheduled, late, saturday(11, 0))}, "", ""},
		{"the teacher teaches elsewhere", []Commitment{held(HeldByStaff, "zhao", "赵芳", "s2", SessionScheduled, early, late)}, EStaffConflict,
			"赵芳 is busy at 2026-09-05 09:00: they staff session s2 「书法」 2026-09-05 08:00–09:30 +08:00"},
		{"the helper signed up for a shift", []Commitment{held(HeldBySignup, "li", "李明", "s3", SessionScheduled, saturday(10, 0), saturday(12, 0))}, EStaffConflict,
			"李明 is busy at 2026-09-05 09:00: they signed up for session s3 「书法」 2026-09-05 10:00–12:00 +08:00"},
		{"the room before the staff", []Commitment{
			held(HeldByStaff, "zhao", "赵芳", "s2", SessionScheduled, early, late),
			held(HeldByVenue, "room", "书画室", "s1", SessionScheduled, late, saturday(11, 0))}, EVenueConflict,
			"书画室 is already taken at 2026-09-05 09:00 by session s1 「书法」 2026-09-05 09:30–11:00 +08:00"},
		{"the earliest of a teacher's clashes is named", []Commitment{
			held(HeldByStaff, "zhao", "赵芳", "s4", SessionScheduled, late, saturday(12, 0)),
			held(HeldByStaff, "zhao", "赵芳", "s2", SessionScheduled, early, late)}, EStaffConflict,
			"赵芳 is busy at 2026-09-05 09:00: they staff session s2 「书法」 2026-09-05 08:00–09:30 +08:00"},
		{"someone not on the staff is busy", []Commitment{held(HeldByStaff, "wang", "王", "s2", SessionScheduled, early, late)}, "", ""},
		{"a child's session plans nobody", []Commitment{held(HeldByChild, "k1", "", "s2", SessionScheduled, early, late)}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckClash(s, tc.held)
			if ErrorCode(err) != tc.code || tc.code != "" && ErrorMessage(err) != tc.msg {
				t.Fatalf("got %v, want %s %q", err, tc.code, tc.msg)
			}
			strict := ClashPolicy{Strict: true}
			ok, err := strict.Admit(s, tc.held)
			if ok != (tc.code == "") || ErrorCode(err) != tc.code || len(strict.Clashes) > 0 {
				t.Errorf("a coordinator's change: admitted %v, %v, reported %q; want the clash as its error", ok, err, strict.Clashes)
			}
			replan := ClashPolicy{}
			ok, err = replan.Admit(s, tc.held)
			if err != nil || ok != (tc.code == "") || tc.code != "" && (len(replan.Clashes) != 1 || replan.Clashes[0] != tc.msg) {
				t.Errorf("a calendar re-plan: admitted %v, %v, reported %q; want the session left out and its clash reported", ok, err, replan.Clashes)
			}
		})
	}
}

func TestCheckSignUp(t *testing.T) {
	shift := Session{ID: "shift", Kind: KindVolunteerShift, Status: SessionScheduled, StartsAt: saturday(9, 0), EndsAt: saturday(11, 0), StaffIDs: []string{"lead"}}
	friday := saturday(9, 0).AddDate(0, 0, -1)
	for _, tc := range []struct {
		name string
		held []Commitment
		msg  string // "" when the volunteer may sign up
	}{
		{"a free morning", nil, ""},
		{"already signed up", []Commitment{held(HeldBySignup, "wang", "王芳", "shift", SessionScheduled, saturday(9, 0), saturday(11, 0))},
			"already signed up for session shift"},
		{"visiting a neighbour at 10", []Commitment{held(HeldByStaff, "wang", "王芳", "visit", SessionScheduled, saturday(10, 0), saturday(11, 0))},
			"王芳 is busy at 2026-09-05 09:00: session visit 「书法」 2026-09-05 10:00–11:00 +08:00"},
		{"on another shift until 9:30", []Commitment{held(HeldBySignup, "wang", "王芳", "other", SessionScheduled, saturday(7, 0), saturday(9, 30))},
			"王芳 is busy at 2026-09-05 09:00: session other 「书法」 2026-09-05 07:00–09:30 +08:00"},
		{"a shift ending as this one starts", []Commitment{held(HeldBySignup, "wang", "王芳", "other", SessionScheduled, saturday(7, 0), saturday(9, 0))}, ""},
		{"a cancelled visit", []Commitment{held(HeldByStaff, "wang", "王芳", "visit", SessionCancelled, saturday(10, 0), saturday(11, 0))}, ""},
		{"someone else is busy", []Commitment{held(HeldByStaff, "li", "李明", "visit", SessionScheduled, saturday(10, 0), saturday(11, 0))}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckSignUp(&shift, "wang", tc.held, friday)
			if tc.msg == "" && err != nil || tc.msg != "" && ErrorMessage(err) != tc.msg {
				t.Fatalf("got %v, want %q", err, tc.msg)
			}
		})
	}
	for _, tc := range []struct {
		name string
		s    Session
		who  string
		now  time.Time
		code string
	}{
		{"the shift's own lead", shift, "lead", friday, EConflict},
		{"a class takes no sign-ups", Session{ID: "c", Kind: KindHolidayClass, Status: SessionScheduled, StartsAt: shift.StartsAt, EndsAt: shift.EndsAt}, "wang", friday, EConflict},
		{"a cancelled shift", Session{ID: "x", Kind: KindVolunteerShift, Status: SessionCancelled, StartsAt: shift.StartsAt, EndsAt: shift.EndsAt}, "wang", friday, ESessionClosed},
		{"a shift that has started", shift, "wang", saturday(9, 0), ESessionClosed},
		{"an open shift, but the volunteer is on another at 10:00", shift, "wang", friday, EOverlap},
	} {
		// Every volunteer here is also signed up for another shift at 10:00: the shift's own
		// refusals come first.
		held := []Commitment{held(HeldBySignup, tc.who, "王芳", "other", SessionScheduled, saturday(10, 0), saturday(12, 0))}
		if err := CheckSignUp(&tc.s, tc.who, held, tc.now); ErrorCode(err) != tc.code {
			t.Errorf("%s: got %v, want %s", tc.name, err, tc.code)
		}
	}
}

func TestCheckMove(t *testing.T) {
	// The session moved to 14:00–16:00.
	moved := &Session{ID: "moved", StartsAt: saturday(14, 0), EndsAt: saturday(16, 0)}
	for _, tc := range []struct {
		name string
		held []Commitment
		who  string // "" when the move keeps everyone free
	}{
		{"everyone is free in the afternoon", nil, ""},
		{"a child is confirmed in a class at 15:00", []Commitment{held(HeldByChild, "k1", "", "class", SessionScheduled, saturday(15, 0), saturday(17, 0))}, "child"},
		{"a volunteer signed up for a shift at 13:00–14:30", []Commitment{held(HeldBySignup, "v1", "", "shift", SessionScheduled, saturday(13, 0), saturday(14, 30))}, "volunteer"},
		{"a volunteer visits a neighbour at 15:00", []Commitment{held(HeldByStaff, "v1", "", "visit", SessionScheduled, saturday(15, 0), saturday(16, 0))}, "volunteer"},
		{"a child's class ends at 14:00", []Commitment{held(HeldByChild, "k1", "", "class", SessionScheduled, saturday(12, 0), saturday(14, 0))}, ""},
		{"a child's class at 15:00 was cancelled", []Commitment{held(HeldByChild, "k1", "", "class", SessionCancelled, saturday(15, 0), saturday(17, 0))}, ""},
		{"the session's own old time counts for nobody", []Commitment{held(HeldByChild, "k1", "", "moved", SessionScheduled, saturday(15, 0), saturday(17, 0))}, ""},
		{"a child before a volunteer", []Commitment{
			held(HeldBySignup, "v1", "", "shift", SessionScheduled, saturday(13, 0), saturday(14, 30)),
			held(HeldByChild, "k1", "", "class", SessionScheduled, saturday(15, 0), saturday(17, 0))}, "child"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckMove(moved, tc.held)
			want := "at the new time a " + tc.who + " of this session would be in another session too"
			if tc.who == "" && err != nil || tc.who != "" && (ErrorCode(err) != EOverlap || ErrorField(err) != "starts_at" || ErrorMessage(err) != want) {
				t.Fatalf("got %v, want %q", err, tc.who)
			}
		})
	}
}
