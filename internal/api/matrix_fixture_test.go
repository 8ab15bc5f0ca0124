package api_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/linli/linli/internal/app"
	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
	"github.com/linli/linli/internal/storage/storagetest"
)

// The eight callers of the authorisation matrix, in the order of mxRow.want.
const (
	mxAnonymous = iota
	mxParentA
	mxParentB
	mxVolunteer    // 周强, assigned to the household's visits
	mxOtherTeacher // 赵芳, a teacher of the community who staffs another session
	mxOtherCoord   // 孙静, coordinator of another community
	mxCoordinator  // 王丽
	mxAdmin        // 管理员
	mxCallers
)

// mxCallerNames name the callers in failure messages.
var mxCallerNames = [mxCallers]string{"anonymous", "parent A", "parent B", "volunteer", "teacher of another session",
	"coordinator of another community", "coordinator", "admin"}

// mxNow is where the fixture is built: Tuesday 2026-09-01 08:00 in Shanghai. mxThen is when the
// matrix runs: Monday 2026-09-07 17:00, half-way through the after-school session it books into.
var (
	mxNow  = ptAt(2026, 9, 1, 8, 0)
	mxThen = ptAt(2026, 9, 7, 17, 0)
)

// The identifying strings of the fixture's families and household: no refused answer may hold
// one, and neither may any answer to a caller who has no business seeing them.
var (
	mxFamilyA   = []string{"张小明", "13700000001", "李桂兰", "13911112222", "王阿姨", "13933334444"}
	mxFamilyB   = []string{"陈一一", "13700000002", "陈奶奶", "13955556666"}
	mxHousehold = []string{"1 单元 101 室", "张大爷", "13912345678", "暖气漏水"}
)

// mxCaller is one caller: their credentials and their session cookie ("" when anonymous).
type mxCaller struct {
	Login, Password, Cookie string
}

// mxFixture is the world the matrix runs in, built through the API: a community with a
// coordinator, a teacher staffing an after-school session and a teacher of another session, a
// volunteer assigned to a household's visits, parents A and B with a child each (both booked
// into the session), and a second community with its own coordinator.
type mxFixture struct {
	*ptEnv
	Callers [mxCallers]mxCaller
	IDs     map[string]string        // placeholder → value
	Fresh   map[string]func() string // placeholder → a new object for each cell
	n       int                      // counter for fresh names
	pool    []string                 // future sessions of the after-school program nobody booked yet
	pending string                   // the correction that {fresh_correction} filed last
	shown   map[string]bool          // the identifying strings some answer showed
}

// newMatrixServer starts a server wired by app.New on a fresh SQLite file and a settable
// clock, logging at debug level into logs. Its files and cleanup belong to tb (a fuzz target's
// *testing.F outlives the *testing.T of each input).
func newMatrixServer(t *testing.T, tb testing.TB) *ptEnv {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, storagetest.DSN(tb))
	if err != nil {
		t.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	db.Hasher = auth.NewHasher(auth.TestParams, 4)
	clock := &ptClock{now: mxNow}
	secret, _, err := auth.LoadSecret(filepath.Join(tb.TempDir(), "feed-secret"))
	if err != nil {
		t.Fatal(err)
	}
	logs := &bytes.Buffer{}
	srv := app.New(db, app.Options{Logger: slog.New(slog.NewJSONHandler(&lockedWriter{w: logs}, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now: clock.Now, FeedSecret: secret})
	srv.AllowPrivateWebhooks = true // the fixture's gateways listen on 127.0.0.1
	ts := httptest.NewServer(srv.Handler())
	tb.Cleanup(ts.Close)
	e := &ptEnv{testEnv: &testEnv{t: t, DB: db, Srv: ts, Server: srv, Logs: logs}, Clock: clock}
	if _, err := (storage.Accounts{DB: db}).CreateAdmin(ctx, linli.Registration{Name: "管理员", Login: "admin@linli.test", Password: "admin-password"}); err != nil {
		t.Fatal(err)
	}
	e.Admin = e.login("admin@linli.test", "admin-password")
	return e
}

// newMatrixFixture builds the fixture through the API and leaves the clock at mxThen.
func newMatrixFixture(t *testing.T) *mxFixture {
	t.Helper()
	return buildMatrixFixture(t, t)
}

// buildMatrixFixture is newMatrixFixture with the files and cleanup of tb.
func buildMatrixFixture(t *testing.T, tb testing.TB) *mxFixture {
	t.Helper()
	f := &mxFixture{ptEnv: newMatrixServer(t, tb), IDs: map[string]string{}}
	id := f.IDs
	f.Callers[mxAdmin] = mxCaller{"admin@linli.test", "admin-password", f.Admin}
	id["community"] = f.mxPost(f.Admin, "/api/v1/communities", map[string]any{"name": "幸福里社区", "city": "沈阳市"}, "community.id")
	f.Community = id["community"]
	_, f.Coord = f.member("王丽", "13800000001", "coordinator", "")
	f.Callers[mxCoordinator] = mxCaller{"13800000001", "password-13800000001", f.Coord}
	id["user_teacher"], _ = f.member("李明", "13800000002", "teacher", "school_teacher")
	f.Teacher2, f.Callers[mxOtherTeacher].Cookie = f.member("赵芳", "13800000003", "teacher", "community_teacher")
	f.Callers[mxOtherTeacher].Login, f.Callers[mxOtherTeacher].Password = "13800000003", "password-13800000003"
	f.Volunteer, f.VolunteerCookie = f.member("周强", "13800000005", "volunteer", "")
	f.Callers[mxVolunteer] = mxCaller{"13800000005", "password-13800000005", f.VolunteerCookie}
	id["volunteer"] = f.Volunteer
	id["volunteer2"], _ = f.member("吴敏", "13800000006", "volunteer", "")

	id["community2"] = f.mxPost(f.Admin, "/api/v1/communities", map[string]any{"name": "光明社区"}, "community.id")
	far := f.register("孙静", "13900000001")
	f.must(http.StatusCreated, f.call("POST", "/api/v1/communities/"+id["community2"]+"/members", f.Admin, map[string]any{"user_id": far, "role": "coordinator"}), nil)
	f.Callers[mxOtherCoord] = mxCaller{"13900000001", "password-13900000001", f.login("13900000001")}
	for i, login := range []string{"13700000001", "13700000002"} {
		f.register([]string{"张伟", "陈静"}[i], login)
		f.Callers[mxParentA+i] = mxCaller{login, "password-" + login, f.login(login)}
	}
	id["reset_login"] = "mx-reset@linli.test"
	id["reset_user"] = f.register("重置密码的人", id["reset_login"])
	f.register("张爷爷", "mx-grandpa@linli.test")

	f.Room = f.venue("社区活动室", 40)
	id["venue"] = f.Room
	id["grid"] = f.mxPost(f.Coord, "/api/v1/communities/"+f.Community+"/grids", map[string]any{"name": "第一网格"}, "grid.id")
	id["building"] = f.mxPost(f.Coord, "/api/v1/grids/"+id["grid"]+"/buildings", map[string]any{"name": "3 号楼"}, "building.id")
	id["household"] = f.mxPost(f.Coord, "/api/v1/buildings/"+id["building"]+"/households", map[string]any{"label": "1 单元 101 室",
		"contact_name": "张大爷", "contact_phone": "13912345678", "needs": []string{"elderly_alone"}, "visit_every_days": 14}, "household.id")
	id["calendar"] = f.mxPost(f.Admin, "/api/v1/calendars", map[string]any{"name": "沈阳市中小学", "base_id": "cn"}, "calendar.id")
	// Webhooks point at the discard port of this machine: nothing a test runs may post elsewhere.
	id["webhook"] = f.mxPost(f.Admin, "/api/v1/webhooks", map[string]any{"url": "http://127.0.0.1:9/linli",
		"events": []string{"session_cancelled"}, "secret": "a-secret-of-the-gateway"}, "webhook.id")

	f.buildPrograms()
	f.buildFamilies()
	f.buildVisits()
	f.Clock.Set(mxThen)
	f.buildAfterTheFact()
	f.buildRounds() // matrix_round_test.go
	f.Fresh = f.freshMakers()
	maps.Copy(f.Fresh, f.roundFreshMakers())
	return f
}

// buildPrograms plans 四点半课堂 (after school, 李明, school days 7–25 September 16:30–18:00),
// 周日书法班 (赵芳, Sunday 13 September) and 周六环境整治 (a volunteer shift on 5 and 12 September).
func (f *mxFixture) buildPrograms() {
	id := f.IDs
	res := f.createProgram(ptProgram("after_school", "四点半课堂", ptSchedule("2026-09-07", "2026-09-25", "16:30", "18:00", "school_days"),
		func(p map[string]any) { p["staff_ids"], p["venue_id"] = []string{id["user_teacher"]}, f.Room }))
	id["program_after_school"] = res.Program.ID
	after := f.sessions(f.Coord, "from=2026-09-01&program_id="+res.Program.ID)
	id["session_after_school"], id["session_cancelled"], id["session_to_book"] = after[0].ID, after[1].ID, after[2].ID
	for _, s := range after[3:] {
		f.pool = append(f.pool, s.ID)
	}
	f.createProgram(ptProgram("holiday_class", "周日书法班", ptSchedule("2026-09-13", "2026-09-13", "09:00", "10:30", "non_school_days"),
		func(p map[string]any) { p["staff_ids"], p["category"] = []string{f.Teacher2}, "calligraphy" }))
	res = f.createProgram(ptProgram("volunteer_shift", "周六环境整治", ptSchedule("2026-09-05", "2026-09-12", "09:00", "11:00", "all_days", "weekdays", []int{6}),
		func(p map[string]any) { p["capacity"] = 10 }))
	shifts := f.sessions(f.Coord, "from=2026-09-01&program_id="+res.Program.ID)
	id["shift_past"], id["shift_session"] = shifts[0].ID, shifts[1].ID
	f.must(http.StatusCreated, f.call("POST", "/api/v1/sessions/"+id["shift_past"]+"/signup", f.VolunteerCookie, nil), nil)
}

// buildFamilies registers 张小明 (A's) with a pickup person and a delegation and 陈一一 (B's)
// with a pickup person, books both into the first after-school session and A's also into the
// second, which the coordinator then cancels (so A has a notification).
func (f *mxFixture) buildFamilies() {
	id, a, b := f.IDs, f.Callers[mxParentA].Cookie, f.Callers[mxParentB].Cookie
	id["child_of_A"] = f.mxChild(a, "张小明", "2018-05-01")
	id["child_of_B"] = f.mxChild(b, "陈一一", "2019-03-03")
	id["pickup_of_A"] = f.mxPost(a, "/api/v1/children/"+id["child_of_A"]+"/pickups", map[string]any{"name": "李桂兰", "relation": "奶奶", "phone": "13911112222"}, "pickup.id")
	id["delegation_of_A"] = f.mxPost(a, "/api/v1/children/"+id["child_of_A"]+"/pickup-delegations", map[string]any{"name": "王阿姨", "phone": "13933334444", "date": "2026-09-07"}, "delegation.id")
	f.mxPost(b, "/api/v1/children/"+id["child_of_B"]+"/pickups", map[string]any{"name": "陈奶奶", "relation": "奶奶", "phone": "13955556666"}, "pickup.id")
	id["booking_of_A"] = f.mxPost(a, "/api/v1/bookings", map[string]any{"child_id": id["child_of_A"], "session_id": id["session_after_school"]}, "bookings.0.id")
	f.mxPost(b, "/api/v1/bookings", map[string]any{"child_id": id["child_of_B"], "session_id": id["session_after_school"]}, "bookings.0.id")
	f.mxPost(a, "/api/v1/bookings", map[string]any{"child_id": id["child_of_A"], "session_id": id["session_cancelled"]}, "bookings.0.id")
	f.must(http.StatusOK, f.call("PATCH", "/api/v1/sessions/"+id["session_cancelled"], f.Coord, map[string]any{"status": "cancelled", "reason": "暴雨预警"}), nil)
	var inbox struct{ Items []struct{ ID string } }
	f.must(http.StatusOK, f.call("GET", "/api/v1/me/notifications", a, nil), &inbox)
	if len(inbox.Items) == 0 {
		f.t.Fatal("parent A has no notification after the cancellation")
	}
	id["notification_of_A"] = inbox.Items[0].ID
}

// buildVisits plans weekly visits of the household by 周强 (Mondays 31 August to 28 September,
// 10:00–11:00) and logs the first with a trouble.
func (f *mxFixture) buildVisits() {
	id := f.IDs
	var plan vtPlan
	f.must(http.StatusCreated, f.call("POST", "/api/v1/households/"+id["household"]+"/visit-plans", f.Coord, map[string]any{
		"volunteer_ids": []string{f.Volunteer}, "cadence": "weekly", "start_date": "2026-08-31", "end_date": "2026-09-28",
		"start_time": "10:00", "end_time": "11:00"}), &plan)
	id["visit_plan"], id["program_visit"] = plan.VisitPlan.ID, plan.VisitPlan.ProgramID
	visits := f.sessions(f.Coord, "from=2026-08-31&program_id="+plan.VisitPlan.ProgramID)
	id["visit_session"] = visits[1].ID
	var log struct {
		VisitLog linli.VisitLog `json:"visit_log"`
	}
	f.must(http.StatusCreated, f.call("POST", "/api/v1/sessions/"+visits[0].ID+"/visit-log", f.VolunteerCookie, map[string]any{
		"outcome": "done", "minutes": 45, "concerns": []map[string]any{{"category": "repairs", "text": "暖气漏水，需要物业上门"}}}), &log)
	id["concern"], id["visit_record"] = log.VisitLog.Concerns[0].ID, log.VisitLog.ServiceRecord.ID
}

// buildAfterTheFact, on 7 September at 17:00, records the volunteer's service on the past shift,
// marks 张小明 present and the session delivered, and reads A's feed link.
func (f *mxFixture) buildAfterTheFact() {
	id := f.IDs
	var sheet struct {
		Records []struct{ ID string }
	}
	f.must(http.StatusOK, f.call("PUT", "/api/v1/sessions/"+id["shift_past"]+"/service", f.Coord, map[string]any{"records": []map[string]any{
		{"user_id": f.Volunteer, "check_in": "2026-09-05T09:00:00+08:00", "check_out": "2026-09-05T11:00:00+08:00"}}}), &sheet)
	id["service_record"] = sheet.Records[0].ID
	f.must(http.StatusOK, f.call("PUT", "/api/v1/sessions/"+id["session_after_school"]+"/attendance", f.Coord, map[string]any{"records": []map[string]any{
		{"child_id": id["child_of_A"], "status": "present", "check_in": "16:30"}}}), nil)
	f.must(http.StatusOK, f.call("POST", "/api/v1/sessions/"+id["session_after_school"]+"/deliver", f.Coord, nil), nil)
}

// freshMakers make the objects a cell may use up: each call returns a new one.
func (f *mxFixture) freshMakers() map[string]func() string {
	id, a := f.IDs, f.Callers[mxParentA].Cookie
	return map[string]func() string{
		"fresh_login": func() string { f.n++; return fmt.Sprintf("mx-new-%d@linli.test", f.n) },
		"fresh_device_of_A": func() string {
			var list struct {
				Items []struct {
					ID      string
					Current bool
				}
			}
			pa := f.Callers[mxParentA]
			f.must(http.StatusOK, f.call("GET", "/api/v1/me/sessions", f.login(pa.Login, pa.Password), nil), &list)
			for _, d := range list.Items {
				if d.Current {
					return d.ID
				}
			}
			f.t.Fatal("a new sign-in of parent A is not among their devices")
			return ""
		},
		"fresh_reset_code": func() string {
			return f.mxPost(f.Admin, "/api/v1/users/"+id["reset_user"]+"/password-reset", nil, "reset_code")
		},
		"fresh_member": func() string {
			f.n++
			uid := f.register(fmt.Sprintf("新志愿者%d", f.n), fmt.Sprintf("mx-member-%d@linli.test", f.n))
			f.must(http.StatusCreated, f.call("POST", "/api/v1/communities/"+f.Community+"/members", f.Admin, map[string]any{"user_id": uid, "role": "volunteer"}), nil)
			return uid
		},
		"fresh_program": func() string {
			return f.mxPost(f.Coord, "/api/v1/communities/"+f.Community+"/programs", ptProgram("event", "居民议事会",
				ptSchedule("2026-10-10", "2026-10-10", "19:00", "20:30", "all_days")), "program.id")
		},
		"fresh_child_of_A": func() string { return f.mxChild(a, "张小明", "2018-05-01") },
		// A new user whom A invited and who accepted: A's invitations stay under the 10 a day.
		"fresh_guardian_of_A": func() string {
			f.n++
			login := fmt.Sprintf("mx-guardian-%d@linli.test", f.n)
			uid := f.register(fmt.Sprintf("新监护人%d", f.n), login)
			f.addGuardian(a, id["child_of_A"], login, f.login(login))
			return uid
		},
		// An invitation to parent B from a new user's own child.
		"fresh_invitation_to_B": func() string {
			f.n++
			login := fmt.Sprintf("mx-inviter-%d@linli.test", f.n)
			f.register(fmt.Sprintf("邀请人%d", f.n), login)
			inviter := f.login(login)
			child := f.mxChild(inviter, "被邀请的孩子", "2019-09-09")
			return f.invite(inviter, child, f.Callers[mxParentB].Login).Invitation["id"].(string)
		},
		"fresh_pickup_of_A": func() string {
			f.n++
			return f.mxPost(a, "/api/v1/children/"+id["child_of_A"]+"/pickups", map[string]any{"name": "李桂兰", "relation": "奶奶", "phone": fmt.Sprintf("1360000%04d", f.n)}, "pickup.id")
		},
		"fresh_delegation_of_A": func() string {
			f.n++
			return f.mxPost(a, "/api/v1/children/"+id["child_of_A"]+"/pickup-delegations", map[string]any{"name": "王阿姨", "phone": fmt.Sprintf("1360000%04d", f.n), "date": "2026-09-08"}, "delegation.id")
		},
		"fresh_booking_of_A": func() string {
			if len(f.pool) == 0 {
				f.t.Fatal("the fixture has no after-school session left to book")
			}
			s := f.pool[0]
			f.pool = f.pool[1:]
			return f.mxPost(a, "/api/v1/bookings", map[string]any{"child_id": id["child_of_A"], "session_id": s}, "bookings.0.id")
		},
		"fresh_webhook": func() string {
			return f.mxPost(f.Admin, "/api/v1/webhooks", map[string]any{"url": "http://127.0.0.1:9/other",
				"events": []string{"visit_overdue"}, "secret": "another-secret-of-the-gateway"}, "webhook.id")
		},
		"fresh_signup": func() string {
			r := f.call("POST", "/api/v1/sessions/"+id["shift_session"]+"/signup", f.Coord, map[string]any{"user_id": id["volunteer2"]})
			if r.Status != http.StatusCreated && r.Status != http.StatusConflict {
				f.t.Fatalf("sign 吴敏 up: %d %s", r.Status, r.Body)
			}
			return id["volunteer2"]
		},
		"fresh_correction": func() string {
			if f.pending != "" {
				f.call("POST", "/api/v1/corrections/"+f.pending+"/decide", f.Admin, map[string]any{"accept": false})
			}
			f.pending = f.mxPost(f.VolunteerCookie, "/api/v1/service/"+id["visit_record"]+"/corrections", map[string]any{
				"check_in": "2026-08-31T10:00:00+08:00", "check_out": "2026-08-31T10:50:00+08:00", "reason": "多聊了一会儿"}, "correction.id")
			return f.pending
		},
		"fresh_visit_plan": func() string {
			f.n++
			day := ptAt(2026, 10, 12, 0, 0).AddDate(0, 0, f.n).Format("2006-01-02")
			return f.mxPost(f.Coord, "/api/v1/households/"+id["household"]+"/visit-plans", map[string]any{
				"volunteer_ids": []string{f.Volunteer}, "cadence": "weekly", "start_date": day, "end_date": day,
				"start_time": "19:00", "end_time": "19:30"}, "visit_plan.id")
		},
		"feed_token_of_A": func() string {
			var feeds struct{ Items []struct{ URL string } }
			f.must(http.StatusOK, f.call("GET", "/api/v1/me/feeds", a, nil), &feeds)
			u := feeds.Items[0].URL
			return strings.TrimSuffix(u[strings.LastIndex(u, "/")+1:], ".ics")
		},
	}
}

// mxChild registers a child with the guardian's consent and returns its id.
func (f *mxFixture) mxChild(cookie, name, birth string) string {
	f.t.Helper()
	return f.mxPost(cookie, "/api/v1/children", map[string]any{"name": name, "birth_date": birth, "consent_policy_version": linli.ChildPolicyVersion}, "child.id")
}

// mxPost creates something, expecting 201, and returns the string at the dotted path of the answer.
func (f *mxFixture) mxPost(cookie, path string, body any, at string) string {
	f.t.Helper()
	var doc any
	f.must(http.StatusCreated, f.call("POST", path, cookie, body), &doc)
	for _, k := range strings.Split(at, ".") {
		switch v := doc.(type) {
		case map[string]any:
			doc = v[k]
		case []any:
			var i int
			fmt.Sscan(k, &i)
			doc = v[i]
		}
	}
	s, ok := doc.(string)
	if !ok {
		f.t.Fatalf("POST %s: no %s in the answer", path, at)
	}
	return s
}

// mxPlaceholder is a {name} in a row's path or body.
var mxPlaceholder = regexp.MustCompile(`\{[a-z0-9_A-Z]+\}`)

// resolve replaces the placeholders of s: fixed ones by the fixture's ids, fresh ones by a new object.
func (f *mxFixture) resolve(s string) string {
	f.t.Helper()
	return mxPlaceholder.ReplaceAllStringFunc(s, func(p string) string {
		name := p[1 : len(p)-1]
		if v, ok := f.IDs[name]; ok {
			return v
		}
		if mk, ok := f.Fresh[name]; ok {
			return mk()
		}
		f.t.Fatalf("unknown placeholder %s", p)
		return ""
	})
}
