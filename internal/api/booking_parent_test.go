package api_test

import (
	"net/http"
	"testing"
)

// TestAdultEventTakesNoChildren: an event without an age range (a 议事会) is for adults: no child
// is booked into it, by session or by program, and a search by age leaves it out; an event with
// an age range takes the children it fits.
func TestAdultEventTakesNoChildren(t *testing.T) {
	e := newAttendanceEnv(t)
	_, council := e.program(ptProgram("event", "居民议事会", ptSchedule("2026-09-10", "2026-09-10", "19:00", "20:30", "all_days")))
	_, fair := e.program(ptProgram("event", "亲子科学日", ptSchedule("2026-09-12", "2026-09-12", "09:00", "11:00", "all_days"),
		func(p map[string]any) { p["age_min"], p["age_max"] = 5, 10 }))
	chen := e.family("陈静", "13900000001", "陈小雨", "2018-05-12")
	adults := council["2026-09-10"]
	e.mustFail(http.StatusUnprocessableEntity, "not_eligible", "session_id",
		e.call("POST", "/api/v1/bookings", chen.Cookie, map[string]any{"child_id": chen.Child, "session_id": adults.ID}))
	e.mustFail(http.StatusUnprocessableEntity, "not_eligible", "program_id",
		e.call("POST", "/api/v1/bookings", chen.Cookie, map[string]any{"child_id": chen.Child, "program_id": adults.ProgramID}))
	e.book(chen, fair["2026-09-12"].ID)
	var bookings struct {
		Items []struct {
			SessionID string `json:"session_id"`
		}
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/bookings", chen.Cookie, nil), &bookings)
	if len(bookings.Items) != 1 || bookings.Items[0].SessionID != fair["2026-09-12"].ID {
		t.Errorf("the family's bookings %+v: want only the children's event", bookings.Items)
	}
	for _, s := range e.sessions("", "from=2026-09-01&age=8") {
		if s.ID == adults.ID {
			t.Errorf("a search for age 8 offers the adults' event %s", s.Title)
		}
	}
	if got := byDate(e.sessions("", "from=2026-09-01&age=8&kind=event")); got["2026-09-12"].ID == "" {
		t.Errorf("a search for age 8 leaves out the children's event: %v", got)
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/sessions/"+adults.ID, "", nil), nil) // still public to read
}

// TestBookingsSayWhatCanBeRated: GET /bookings marks can_rate exactly where POST
// /sessions/{id}/feedback would accept a rating: held, the child attended, not yet rated.
func TestBookingsSayWhatCanBeRated(t *testing.T) {
	e := newAttendanceEnv(t)
	_, classes := e.holidayClass()
	holiday := classes["2026-09-19"].ID
	chen := e.family("陈静", "13900000001", "陈小雨", "2018-05-12")
	liu := e.family("刘洋", "13900000002", "刘一鸣", "2017-03-02")
	e.book(chen, holiday)
	e.book(liu, holiday)
	canRate := func(f atFamily) bool {
		t.Helper()
		var page struct {
			Items []struct {
				SessionID string `json:"session_id"`
				CanRate   bool   `json:"can_rate"`
			}
		}
		e.must(http.StatusOK, e.call("GET", "/api/v1/bookings", f.Cookie, nil), &page)
		if len(page.Items) != 1 || page.Items[0].SessionID != holiday {
			t.Fatalf("bookings %+v", page.Items)
		}
		return page.Items[0].CanRate
	}
	e.at(2026, 9, 19, 10, 30)
	e.must(http.StatusOK, e.attendance(e.Teacher2Cookie, holiday, atRecord(chen.Child, "present"), atRecord(liu.Child, "absent")), nil)
	if canRate(chen) {
		t.Error("a class not yet marked held can be rated")
	}
	e.deliver(holiday)
	if !canRate(chen) {
		t.Error("the class held and attended cannot be rated")
	}
	if canRate(liu) {
		t.Error("a child who was absent can rate the class")
	}
	e.must(http.StatusCreated, e.call("POST", "/api/v1/sessions/"+holiday+"/feedback", chen.Cookie, map[string]any{"rating": 4}), nil)
	if canRate(chen) {
		t.Error("a class already rated can be rated again")
	}
}
