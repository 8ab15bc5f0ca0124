package api_test

import (
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/testclock"
)

// ptShanghai is the zone of the test community.
var ptShanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// ptClock is a settable clock shared by the database and the server: frozen at now, or, with
// run set, running at the real pace (testclock).
type ptClock struct {
	mu  sync.Mutex
	now time.Time
	run *testclock.Clock
}

func (c *ptClock) Now() time.Time {
	if c.run != nil {
		return c.run.Now()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *ptClock) Set(t time.Time) {
	if c.run != nil {
		c.run.Set(t)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// ptEnv is a planning test: a real server with all services on a fresh SQLite file and an
// injected clock, a community with a coordinator, two teachers, a volunteer and two venues.
type ptEnv struct {
	*testEnv
	Clock              *ptClock
	Coord              string // cookie
	Teacher1, Teacher2 string // ids
	Volunteer          string // id
	VolunteerCookie    string
	Room, Studio       string // venue ids: 社区活动室 (40), 书画室 (20)
}

// newPlanEnv starts the server with the clock at now.
func newPlanEnv(t *testing.T, now time.Time) *ptEnv {
	t.Helper()
	te, clock := startServer(t, serverOptions{now: now})
	e := &ptEnv{testEnv: te, Clock: clock}
	_, e.Coord = e.member("王丽", "13800000001", "coordinator", "")
	e.Teacher1, _ = e.member("李明", "13800000002", "teacher", "school_teacher")
	e.Teacher2, _ = e.member("赵芳", "13800000003", "teacher", "community_teacher")
	e.Volunteer, e.VolunteerCookie = e.member("周强", "13800000005", "volunteer", "")
	e.Room = e.venue("社区活动室", 40)
	e.Studio = e.venue("书画室", 20)
	return e
}

// venue creates a venue and returns its id.
func (e *ptEnv) venue(name string, capacity int) string {
	e.t.Helper()
	var v struct{ Venue linli.Venue }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities/"+e.Community+"/venues", e.Coord, map[string]any{"name": name, "capacity": capacity}), &v)
	return v.Venue.ID
}

// ptAt is a Shanghai wall-clock instant.
func ptAt(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, ptShanghai)
}

// ptSchedule is a schedule object of the API.
func ptSchedule(from, to, start, end, filter string, extra ...any) map[string]any {
	s := map[string]any{"start_date": from, "end_date": to, "start_time": start, "end_time": end, "day_filter": filter}
	for i := 0; i+1 < len(extra); i += 2 {
		s[extra[i].(string)] = extra[i+1]
	}
	return s
}

// ptProgram is a program body; edit changes it before it is sent.
func ptProgram(kind, title string, sched map[string]any, edit ...func(map[string]any)) map[string]any {
	p := map[string]any{"kind": kind, "title": title, "capacity": 20, "staff_ids": []string{}, "schedule": sched}
	for _, f := range edit {
		f(p)
	}
	return p
}

// ptResult is the answer to a create or change of a program.
type ptResult struct {
	Program           linli.Program
	SessionsCreated   int `json:"sessions_created"`
	SessionsUpdated   int `json:"sessions_updated"`
	SessionsCancelled int `json:"sessions_cancelled"`
	Warnings          []string
}

// createProgram creates a program as the coordinator and expects 201.
func (e *ptEnv) createProgram(body map[string]any) ptResult {
	e.t.Helper()
	var res ptResult
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities/"+e.Community+"/programs", e.Coord, body), &res)
	return res
}

// ptSession is a session as the API shows it.
type ptSession struct {
	ID           string
	ProgramID    string `json:"program_id"`
	Kind, Title  string
	Status       string
	CancelReason string `json:"cancel_reason"`
	StartsAt     string `json:"starts_at"`
	EndsAt       string `json:"ends_at"`
	Capacity     int
	Confirmed    int
	Sequence     int
	Venue        *struct{ ID, Name string }
	Staff        []struct {
		ID, Name    string
		TeacherType string `json:"teacher_type"`
	}
}

// Date returns the local date of the session's start.
func (s ptSession) Date() string { return s.StartsAt[:10] }

// sessions lists every session the caller sees for the query, following cursors.
func (e *ptEnv) sessions(cookie, query string) []ptSession {
	e.t.Helper()
	var all []ptSession
	cursor := ""
	for {
		var page struct {
			Items      []ptSession
			NextCursor *string `json:"next_cursor"`
		}
		e.must(http.StatusOK, e.call("GET", "/api/v1/sessions?limit=500&"+query+cursor, cookie, nil), &page)
		all = append(all, page.Items...)
		if page.NextCursor == nil {
			return all
		}
		cursor = "&cursor=" + *page.NextCursor
	}
}

// byDate indexes sessions by local date.
func byDate(ss []ptSession) map[string]ptSession {
	m := map[string]ptSession{}
	for _, s := range ss {
		m[s.Date()] = s
	}
	return m
}

// exec runs SQL on the database directly, for states the API reaches only in later issues.
func (e *ptEnv) exec(query string, args ...any) {
	e.t.Helper()
	if _, err := e.DB.WritePool().Exec(query, args...); err != nil {
		e.t.Fatal(err)
	}
}

// ptError reads the error of an answer.
func ptError(r response) apiError {
	var ae apiError
	json.Unmarshal(r.Body, &ae)
	return ae
}
