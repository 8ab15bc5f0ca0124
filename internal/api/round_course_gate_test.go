package api_test

import (
	"net/http"
	"testing"
	"time"
)

func TestARoundProgramIsNotBookedFirstComeUntilItsSeatsOpenAfterTheDraw(t *testing.T) {
	e := newBookingEnv(t)
	program, sessions := e.rcProgram("书法", 10, "2026-07-08")
	_, otherSessions := e.rcProgram("科学实验", 10, "2026-07-08", "14:00", "16:00")
	fams := e.families(2, "2019-03-01", "2019-03-01")
	r := e.rcRound(1, false, program)

	single := map[string]any{"child_id": fams[0].Children[0], "session_id": sessions[0]}
	siblings := map[string]any{"child_ids": fams[1].Children, "session_id": sessions[0]}
	course := map[string]any{"child_id": fams[0].Children[0], "program_id": program}
	refused := func() {
		t.Helper()
		e.mustFail(http.StatusConflict, "booking_closed", "session_id", e.book(fams[0].Cookie, single))
		e.mustFail(http.StatusConflict, "booking_closed", "session_id", e.book(fams[1].Cookie, siblings))
		e.mustFail(http.StatusConflict, "booking_closed", "program_id", e.book(fams[0].Cookie, course))
	}
	refused()
	// A program of no round books as always.
	if got := e.booked(fams[0].Cookie, map[string]any{"child_id": fams[0].Children[0], "session_id": otherSessions[0]}); got[0].Status != "confirmed" {
		t.Fatalf("booking outside the round: %+v", got)
	}

	e.exec(`UPDATE rounds SET closed_at = ? WHERE id = ?`, rcTime(e.Clock.Now()), r.ID)
	refused()

	opens := e.Clock.Now().Add(2 * time.Hour)
	e.rcDraw(r, opens)
	refused()

	e.Clock.Set(opens)
	if got := e.booked(fams[0].Cookie, single); got[0].Status != "confirmed" {
		t.Fatalf("first come at open_after_draw_at: %+v", got)
	}
	if got := e.booked(fams[1].Cookie, siblings); len(got) != 2 || got[1].Status != "confirmed" {
		t.Fatalf("siblings first come at open_after_draw_at: %+v", got)
	}
	e.checkCounters()
}

func TestSeatsLeftOpenRightAfterTheDrawWithoutAnOpeningTime(t *testing.T) {
	e := newBookingEnv(t)
	program, sessions := e.rcProgram("书法", 10, "2026-07-07")
	fams := e.families(1, "2019-03-01")
	r := e.rcRound(1, true, program)
	e.rcDraw(r, time.Time{})
	got := e.booked(fams[0].Cookie, map[string]any{"child_id": fams[0].Children[0], "program_id": program})
	if len(got) != len(sessions) || got[0].Status != "confirmed" || got[1].Status != "confirmed" {
		t.Fatalf("booking the whole program after the draw: %+v", got)
	}
}

func TestARoundsProgramsAreFrozenBetweenCloseAndDraw(t *testing.T) {
	e := newBookingEnv(t)
	program, sessions := e.rcProgram("书法", 10, "2026-07-08")
	r := e.rcRound(1, true, program)
	path := "/api/v1/programs/" + program
	frozen := func(method, path string, body any) {
		t.Helper()
		e.mustFail(http.StatusConflict, "round_closed", "", e.call(method, path, e.Coord, body))
	}
	frozen("PATCH", path, map[string]any{"capacity": 12})
	teacher, _ := e.member("李明", "13800000002", "teacher", "school_teacher")
	frozen("PATCH", path, map[string]any{"staff_ids": []string{teacher}})
	frozen("PATCH", path, map[string]any{"schedule": ptSchedule("2026-07-06", "2026-07-09", "09:00", "11:00", "all_days")})
	frozen("PATCH", path+"?dry_run=true", map[string]any{"capacity": 12})
	frozen("PATCH", "/api/v1/sessions/"+sessions[1], map[string]any{"starts_at": "2026-07-07T13:00:00+08:00"})
	frozen("PATCH", "/api/v1/sessions/"+sessions[1], map[string]any{"capacity": 5})
	frozen("PATCH", "/api/v1/sessions/"+sessions[1], map[string]any{"status": "cancelled", "reason": "老师请假"})
	frozen("DELETE", path+"?reason=取消", nil)
	var title string
	e.must(http.StatusOK, e.call("PATCH", path, e.Coord, map[string]any{"title": "书法（软笔）"}), nil)
	e.rcQuery(&title, `SELECT title FROM programs WHERE id = ?`, program)
	if title != "书法（软笔）" {
		t.Errorf("a title change during the freeze: %q", title)
	}
	for _, s := range e.sessions(e.Coord, "program_id="+program) {
		if s.Capacity != 10 || s.Status != "scheduled" || s.StartsAt[11:16] != "09:00" {
			t.Errorf("a frozen session changed: %+v", s)
		}
	}

	e.rcDraw(r, time.Time{})
	e.must(http.StatusOK, e.call("PATCH", path, e.Coord, map[string]any{"capacity": 12}), nil)
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/sessions/"+sessions[1], e.Coord, map[string]any{"capacity": 5}), nil)
}

func TestAnApplicantIsNotBookedOverItsWishesUntilTheDraw(t *testing.T) {
	e := newBookingEnv(t)
	wished, _ := e.rcProgram("书法", 10, "2026-07-07")
	dropped, _ := e.rcProgram("围棋", 10, "2026-07-07", "15:00", "16:00")
	_, clash := e.rcProgram("科学实验", 10, "2026-07-08", "10:00", "12:00")
	_, late := e.rcProgram("阅读", 10, "2026-07-08", "15:30", "16:30")
	fams := e.families(1, "2019-03-01", "2019-05-01")
	applicant, sibling := fams[0].Children[0], fams[0].Children[1]
	r := e.rcRound(1, true, wished, dropped)
	app := e.rcApply(r, []string{applicant}, wished, dropped)
	e.exec(`UPDATE round_wishes SET removed_at_close = 1 WHERE application_id = ? AND program_id = ?`, app, dropped)

	e.mustFail(http.StatusConflict, "overlap", "child_id", e.book(fams[0].Cookie, map[string]any{"child_id": applicant, "session_id": clash[0]}))
	e.mustFail(http.StatusConflict, "overlap", "child_ids[0]", e.book(fams[0].Cookie, map[string]any{"child_ids": []string{applicant, sibling}, "session_id": clash[1]}))
	// The sibling applied for nothing; a wish removed at close keeps no one; 7/8 has no wished session.
	e.booked(fams[0].Cookie, map[string]any{"child_id": sibling, "session_id": clash[0]})
	e.booked(fams[0].Cookie, map[string]any{"child_id": applicant, "session_id": late[0]})
	got := e.booked(fams[0].Cookie, map[string]any{"child_id": applicant, "program_id": mustProgramOf(e, clash[0])})
	refused, confirmed := 0, 0
	for _, b := range got {
		if b.Error != nil && b.Error.Code == "overlap" {
			refused++
		} else if b.Status == "confirmed" && b.SessionID == clash[2] {
			confirmed++
		}
	}
	if refused != 2 || confirmed != 1 {
		t.Errorf("booking the whole class over two wished sessions: %d refused, want 2, and 7/8 confirmed: %+v", refused, got)
	}

	e.rcDraw(r, time.Time{})
	e.booked(fams[0].Cookie, map[string]any{"child_id": applicant, "session_id": clash[0]})
}

// mustProgramOf returns the program of a session.
func mustProgramOf(e *bkEnv, session string) string {
	var p string
	e.rcQuery(&p, `SELECT program_id FROM sessions WHERE id = ?`, session)
	return p
}

func TestACalendarChangeRePlansARoundsProgramsOnlyAfterTheDraw(t *testing.T) {
	e := newBookingEnv(t)
	var city struct{ Calendar ptCalendar }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/calendars", e.Admin, map[string]any{"name": "沈阳市中小学校历", "base_id": "cn"}), &city)
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/communities/"+e.Community, e.Coord, map[string]any{"calendar_id": city.Calendar.ID}), nil)
	res := e.createProgram(ptProgram("after_school", "四点半课堂", ptSchedule("2026-09-07", "2026-09-25", "16:30", "18:00", "school_days")))
	r := e.rcRound(1, true, res.Program.ID)
	breakDays := map[string]any{"ranges": []any{map[string]any{"from": "2026-09-14", "to": "2026-09-18", "kind": "school_break", "note": "秋假"}}}
	inBreak := func() (scheduled, cancelled int) {
		for _, s := range e.sessions(e.Coord, "program_id="+res.Program.ID+"&from=2026-09-14&to=2026-09-18") {
			if s.Status == "cancelled" {
				cancelled++
			} else {
				scheduled++
			}
		}
		return
	}
	e.must(http.StatusOK, e.call("PUT", "/api/v1/calendars/"+city.Calendar.ID+"/days", e.Admin, breakDays), nil)
	if s, c := inBreak(); s != 5 || c != 0 {
		t.Errorf("during the freeze the break left %d sessions scheduled and %d cancelled, want 5 and 0", s, c)
	}
	e.rcDraw(r, time.Time{})
	e.must(http.StatusOK, e.call("PUT", "/api/v1/calendars/"+city.Calendar.ID+"/days", e.Admin, breakDays), nil)
	if s, c := inBreak(); s != 0 || c != 5 {
		t.Errorf("after the draw the break left %d sessions scheduled and %d cancelled, want 0 and 5", s, c)
	}
}

func TestAnApplicantWaitingInLineIsPassedOverAtTheTimeOfItsWishesUntilTheDraw(t *testing.T) {
	e := newBookingEnv(t)
	wished, _ := e.rcProgram("书法", 10, "2026-07-06")
	_, clash := e.rcProgram("科学实验", 1, "2026-07-06", "10:00", "12:00")
	fams := e.families(3, "2019-03-01")
	for _, f := range fams {
		e.booked(f.Cookie, map[string]any{"child_id": f.Children[0], "session_id": clash[0]})
	}
	r := e.rcRound(1, true, wished)
	e.rcApply(r, fams[1].Children, wished)
	holder := e.myBookings(fams[0].Cookie, "child_id="+fams[0].Children[0])
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/bookings/"+holder[0].ID, fams[0].Cookie, nil), nil)
	if got := e.rcConfirmed(fams[1], fams[1].Children[0]); len(got) != 0 {
		t.Errorf("the applicant was promoted over its wish: %v", got)
	}
	if got := e.rcConfirmed(fams[2], fams[2].Children[0]); !got[clash[0]] {
		t.Errorf("the next in line was not promoted past the applicant: %v", got)
	}
	e.checkCounters()
}
