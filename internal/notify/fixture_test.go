package notify_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
	"github.com/linli/linli/internal/storage/storagetest"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// at is a Shanghai wall-clock instant in July 2026.
func at(day, hh, mm int) time.Time { return time.Date(2026, 7, day, hh, mm, 0, 0, shanghai) }

// fakeClock is a settable clock shared by databases and workers.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// fixture is a fresh database with a community (Asia/Shanghai), a venue, an administrator, a
// coordinator and two staff members: 张伟 reads Chinese, Emma English.
type fixture struct {
	t         testing.TB
	ctx       context.Context
	Path      string
	DB        *storage.DB
	Clock     *fakeClock
	Admin     *linli.Actor
	Community string
	Venue     string
	Coord     *linli.User
	Zh, En    *linli.User
}

func newFixture(t testing.TB, now time.Time) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background(), Path: storagetest.DSN(t), Clock: &fakeClock{now: now}}
	f.DB = f.open()
	admin, err := storage.Accounts{DB: f.DB}.CreateAdmin(f.ctx, linli.Registration{Name: "管理员", Login: "admin@linli.test", Password: "admin-password"})
	if err != nil {
		t.Fatal(err)
	}
	f.Admin = &linli.Actor{User: *admin}
	c, err := storage.Communities{DB: f.DB}.CreateCommunity(f.ctx, f.Admin, linli.Given(linli.CommunityChange{Name: ptr("幸福里社区")}))
	if err != nil {
		t.Fatal(err)
	}
	f.Community = c.ID
	v, err := storage.Communities{DB: f.DB}.CreateVenue(f.ctx, f.Admin, c.ID, linli.Given(linli.Venue{Name: "社区活动室", Capacity: 40}))
	if err != nil {
		t.Fatal(err)
	}
	f.Venue = v.ID
	f.Coord = f.member("王丽", "13800000001", "zh-CN", "coordinator")
	f.Zh = f.member("张伟", "13800000002", "zh-CN", "volunteer")
	f.En = f.member("Emma", "emma@linli.test", "en", "volunteer")
	return f
}

// open opens another handle on the fixture's database file, on the same clock.
func (f *fixture) open() *storage.DB {
	f.t.Helper()
	db, err := storage.Open(f.ctx, f.Path)
	if err != nil {
		f.t.Fatal(err)
	}
	db.Hasher = auth.NewHasher(auth.TestParams, 4)
	db.Now = f.Clock.Now
	f.t.Cleanup(func() { db.Close() })
	return db
}

func ptr[T any](v T) *T { return &v }

// user registers a user with a locale.
func (f *fixture) user(name, login, locale string) *linli.User {
	f.t.Helper()
	u, err := storage.Accounts{DB: f.DB}.Register(f.ctx, linli.Registration{Name: name, Login: login, Password: "password-" + login, Locale: locale})
	if err != nil {
		f.t.Fatal(err)
	}
	return u
}

// member registers a user and gives them role in the community.
func (f *fixture) member(name, login, locale, role string) *linli.User {
	f.t.Helper()
	u := f.user(name, login, locale)
	if _, err := (storage.Communities{DB: f.DB}).AddMember(f.ctx, f.Admin, f.Community, linli.Given(linli.NewMember{UserID: u.ID, Role: role})); err != nil {
		f.t.Fatal(err)
	}
	return u
}

// program creates a program from the JSON body of the API (fields after kind and title) and
// returns its sessions in order.
func (f *fixture) program(kind, title, rest string) []linli.Session {
	f.t.Helper()
	var ch linli.ProgramChange
	body := fmt.Sprintf(`{"kind": %q, "title": %q, "capacity": 10, "venue_id": %q, %s}`, kind, title, f.Venue, rest)
	if err := json.Unmarshal([]byte(body), &ch); err != nil {
		f.t.Fatal(err)
	}
	res, err := storage.Planning{DB: f.DB}.CreateProgram(f.ctx, f.Admin, f.Community, linli.Given(ch))
	if err != nil {
		f.t.Fatal(err)
	}
	items, _, err := storage.Planning{DB: f.DB}.FindSessions(f.ctx, f.Admin, linli.SessionFilter{ProgramID: res.Program.ID,
		From: linli.NewDate(2026, 1, 1), Page: linli.Page{Limit: 500}})
	if err != nil {
		f.t.Fatal(err)
	}
	return items
}

// daily is the schedule of a program every day from day to day+n-1 of July 2026.
func daily(day, n int, start, end string) string {
	return fmt.Sprintf(`"schedule": {"start_date": "2026-07-%02d", "end_date": "2026-07-%02d", "start_time": %q, "end_time": %q, "day_filter": "all_days"}`,
		day, day+n-1, start, end)
}

// staffed is the staff_ids field naming users.
func staffed(users ...*linli.User) string {
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	b, _ := json.Marshal(ids)
	return `"staff_ids": ` + string(b)
}

// cancel cancels a session as the administrator.
func (f *fixture) cancel(id string) {
	f.t.Helper()
	if _, err := (storage.Planning{DB: f.DB}).UpdateSession(f.ctx, f.Admin, id, linli.Given(linli.SessionChange{Status: ptr("cancelled"), Reason: ptr("暴雨预警")})); err != nil {
		f.t.Fatal(err)
	}
}

// exec runs SQL on the database, for the rows other areas' APIs write (children, bookings,
// sign-ups, attendance, visit logs).
func (f *fixture) exec(query string, args ...any) {
	f.t.Helper()
	if _, err := f.DB.WritePool().Exec(query, args...); err != nil {
		f.t.Fatal(err)
	}
}

// child registers a child with guardians and returns its id.
func (f *fixture) child(name string, guardians ...*linli.User) string {
	f.t.Helper()
	id := uuid.NewString()
	f.exec(`INSERT INTO children (id, name, birth_date, created_by, created_at, updated_at) VALUES (?, ?, '2018-03-01', ?, '', '')`, id, name, guardians[0].ID)
	for _, g := range guardians {
		f.exec(`INSERT INTO child_guardians (child_id, user_id, added_by, added_at) VALUES (?, ?, ?, '')`, id, g.ID, g.ID)
	}
	return id
}

// book books a child into a session with a status (confirmed or waitlisted).
func (f *fixture) book(sessionID, childID, status string) {
	f.t.Helper()
	column := map[string]string{"confirmed": "confirmed", "waitlisted": "waitlisted"}[status]
	f.exec(`INSERT INTO bookings (id, session_id, child_id, arrival, status, created_at, updated_at)
		VALUES (?, ?, ?, (SELECT COUNT(*) + 1 FROM bookings WHERE session_id = ?), ?, '', '')`, uuid.NewString(), sessionID, childID, sessionID, status)
	f.exec(`UPDATE sessions SET `+column+` = `+column+` + 1 WHERE id = ?`, sessionID)
}

// inbox returns everything in a user's inbox, newest first, rendered in their language.
func (f *fixture) inbox(u *linli.User) []linli.Notification {
	f.t.Helper()
	in, err := storage.Notifications{DB: f.DB}.FindNotifications(f.ctx, &linli.Actor{User: *u}, linli.Given(linli.NotificationFilter{Page: linli.Page{Limit: 500}}))
	if err != nil {
		f.t.Fatal(err)
	}
	return in.Items
}

// kinds returns the kinds of notifications in order.
func kinds(ns []linli.Notification) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Kind
	}
	return out
}
