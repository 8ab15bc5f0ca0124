package api_test

import (
	"bytes"
	"github.com/google/uuid"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// newNoticeEnv is newPlanEnv with the inbox, the webhooks and children served too.
func newNoticeEnv(t *testing.T, now time.Time) *ptEnv {
	t.Helper()
	e := newPlanEnv(t, now)
	e.Server.Children = storage.Children{DB: e.DB}
	e.Server.Notices = storage.Notifications{DB: e.DB}
	return e
}

// guardian registers a user in a language and returns their cookie.
func (e *ptEnv) guardian(name, login, locale string) string {
	e.t.Helper()
	e.must(http.StatusCreated, e.call("POST", "/api/v1/auth/register", "", map[string]any{"name": name, "login": login, "password": "password-" + login, "locale": locale}), nil)
	return e.login(login)
}

// bookRow stores a booking the way the booking code does, for a child of the caller.
func (e *ptEnv) bookRow(sessionID, childID, status string) {
	e.t.Helper()
	e.exec(`INSERT INTO bookings (id, session_id, child_id, arrival, status, created_at, updated_at)
		VALUES (?, ?, ?, (SELECT COUNT(*) + 1 FROM bookings WHERE session_id = ?), ?, '', '')`,
		uuid.NewString(), sessionID, childID, sessionID, status)
}

// noticeList is GET /me/notifications.
type noticeList struct {
	Items       []linli.Notification
	NextCursor  *string `json:"next_cursor"`
	UnreadCount int     `json:"unread_count"`
}

func (e *ptEnv) notices(cookie, query string) noticeList {
	e.t.Helper()
	var l noticeList
	e.must(http.StatusOK, e.call("GET", "/api/v1/me/notifications"+query, cookie, nil), &l)
	return l
}

// oneShot creates a program with one session on 1 September 2026 (a Tuesday), 16:30–18:00.
func (e *ptEnv) oneShot(kind, title string, staff ...string) ptSession {
	e.t.Helper()
	res := e.createProgram(ptProgram(kind, title, ptSchedule("2026-09-01", "2026-09-01", "16:30", "18:00", "all_days"), func(p map[string]any) {
		p["staff_ids"], p["venue_id"] = staff, e.Room
	}))
	return e.sessions(e.Coord, "program_id="+res.Program.ID+"&from=2026-09-01")[0]
}

func TestSessionCancellationTellsEachPersonOnceInTheirLanguage(t *testing.T) {
	e := newNoticeEnv(t, ptAt(2026, 8, 20, 10, 0))
	s := e.oneShot("after_school", "四点半课堂", e.Teacher1)
	mum := e.guardian("陈妈妈", "13900000001", "zh-CN")
	dad := e.guardian("Tom's dad", "dad@linli.test", "en")
	grandma := e.guardian("陈奶奶", "13900000003", "zh-CN")
	left := e.guardian("走了的家长", "13900000004", "zh-CN")
	yu, xue := e.addChild(mum, childBody()), e.addChild(mum, with(childBody(), "name", "陈小雪"))
	tom := e.addChild(dad, with(childBody(), "name", "Tom"))
	e.addGuardian(dad, tom.ID, "13900000003", grandma)
	gone := e.addChild(left, with(childBody(), "name", "赵小北"))
	e.bookRow(s.ID, yu.ID, "confirmed")
	e.bookRow(s.ID, xue.ID, "confirmed")
	e.bookRow(s.ID, tom.ID, "waitlisted")
	e.bookRow(s.ID, gone.ID, "cancelled")

	e.must(http.StatusOK, e.call("PATCH", "/api/v1/sessions/"+s.ID, e.Coord, map[string]any{"status": "cancelled", "reason": "暴雨预警"}), nil)

	for _, tc := range []struct{ who, cookie, title, body string }{
		{"teacher", e.login("13800000002"), "活动取消：四点半课堂", "「四点半课堂」（9月1日（周二）16:30–18:00）已取消。原因：暴雨预警。"},
		{"mother of two", mum, "活动取消：四点半课堂", "「四点半课堂」（9月1日（周二）16:30–18:00）已取消。原因：暴雨预警。"},
		{"waitlisted father", dad, "Cancelled: 四点半课堂", "“四点半课堂”, Tue 1 Sep 16:30–18:00, is cancelled. Reason: 暴雨预警."},
		{"second guardian", grandma, "活动取消：四点半课堂", ""},
	} {
		l := e.notices(tc.cookie, "")
		if len(l.Items) != 1 || l.UnreadCount != 1 {
			t.Errorf("%s: %d notifications (%d unread), want exactly 1: %+v", tc.who, len(l.Items), l.UnreadCount, l.Items)
			continue
		}
		n := l.Items[0]
		if n.Kind != "session_cancelled" || n.Title != tc.title || tc.body != "" && n.Body != tc.body || n.SessionID != s.ID || n.ReadAt != nil {
			t.Errorf("%s: %+v, want %q / %q", tc.who, n, tc.title, tc.body)
		}
	}
	for who, cookie := range map[string]string{"coordinator who cancelled": e.Coord, "family who had cancelled": left, "other teacher": e.login("13800000003")} {
		if l := e.notices(cookie, ""); len(l.Items) != 0 {
			t.Errorf("%s was told: %+v", who, l.Items)
		}
	}
	// Cancelling again changes nothing and tells nobody again.
	e.mustFail(http.StatusConflict, "conflict", "", e.call("PATCH", "/api/v1/sessions/"+s.ID, e.Coord, map[string]any{"status": "cancelled"}))
	if n := e.count("notifications"); n != 4 {
		t.Errorf("%d notifications stored, want 4", n)
	}
}

func TestSessionMoveTellsTheOldAndTheNewTime(t *testing.T) {
	e := newNoticeEnv(t, ptAt(2026, 8, 20, 10, 0))
	s := e.oneShot("holiday_class", "书法", e.Teacher1)
	dad := e.guardian("Tom's dad", "dad@linli.test", "en")
	tom := e.addChild(dad, with(childBody(), "name", "Tom"))
	e.bookRow(s.ID, tom.ID, "confirmed")

	e.must(http.StatusOK, e.call("PATCH", "/api/v1/sessions/"+s.ID, e.Coord, map[string]any{"capacity": 15}), nil)
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/sessions/"+s.ID, e.Coord, map[string]any{"starts_at": "2026-09-02T17:00:00+08:00", "venue_id": e.Studio}), nil)

	l := e.notices(dad, "")
	if len(l.Items) != 1 || l.Items[0].Kind != "session_moved" || l.Items[0].Title != "Time changed: 书法" ||
		l.Items[0].Body != "“书法” moves from Tue 1 Sep 16:30–18:00 to Wed 2 Sep 17:00–18:30, 书画室." {
		t.Errorf("guardian: %+v; want one move notice (a capacity change tells nobody)", l.Items)
	}
	l = e.notices(e.login("13800000002"), "")
	if len(l.Items) != 1 || l.Items[0].Body != "「书法」由9月1日（周二）16:30–18:00改为9月2日（周三）17:00–18:30，地点：书画室。" {
		t.Errorf("teacher: %+v", l.Items)
	}
}

func TestARolledBackChangeAnnouncesNothing(t *testing.T) {
	e := newNoticeEnv(t, ptAt(2026, 8, 20, 10, 0))
	a := e.createProgram(ptProgram("after_school", "四点半课堂", ptSchedule("2026-09-01", "2026-09-02", "16:30", "18:00", "all_days"), func(p map[string]any) {
		p["staff_ids"], p["venue_id"] = []string{e.Teacher1}, e.Room
	}))
	b := e.createProgram(ptProgram("event", "议事会", ptSchedule("2026-09-02", "2026-09-02", "18:30", "19:30", "all_days"), func(p map[string]any) {
		p["venue_id"] = e.Room
	}))
	later := ptSchedule("2026-09-01", "2026-09-02", "16:30", "19:00", "all_days")
	// 1 September's session moves (and is announced) before 2 September's clashes with 议事会.
	e.mustFail(http.StatusConflict, "venue_conflict", "", e.call("PATCH", "/api/v1/programs/"+a.Program.ID, e.Coord, map[string]any{"schedule": later}))
	wed := byDate(e.sessions(e.Coord, "program_id="+a.Program.ID+"&from=2026-09-01"))["2026-09-02"]
	e.mustFail(http.StatusConflict, "venue_conflict", "", e.call("PATCH", "/api/v1/sessions/"+wed.ID, e.Coord, map[string]any{"starts_at": "2026-09-02T18:00:00+08:00"}))
	if n := e.count("notifications"); n != 0 {
		t.Fatalf("%d notifications after two refused changes, want none", n)
	}
	// Without the clash the same change is announced, once per session.
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/programs/"+b.Program.ID, e.Coord, nil), nil)
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/programs/"+a.Program.ID, e.Coord, map[string]any{"schedule": later}), nil)
	if l := e.notices(e.login("13800000002"), ""); len(l.Items) != 2 || l.Items[0].Kind != "session_moved" || l.Items[1].Kind != "session_moved" {
		t.Errorf("teacher after the accepted change: %+v", l.Items)
	}
}

func TestInboxPagesCountsAndMarksRead(t *testing.T) {
	e := newNoticeEnv(t, ptAt(2026, 8, 20, 10, 0))
	res := e.createProgram(ptProgram("volunteer_shift", "社区清洁", ptSchedule("2026-09-01", "2026-09-03", "09:00", "11:00", "all_days"), func(p map[string]any) {
		p["staff_ids"] = []string{e.Teacher1}
	}))
	for _, s := range e.sessions(e.Coord, "program_id="+res.Program.ID+"&from=2026-09-01") {
		e.must(http.StatusOK, e.call("PATCH", "/api/v1/sessions/"+s.ID, e.Coord, map[string]any{"status": "cancelled"}), nil)
	}
	teacher := e.login("13800000002")
	page := e.notices(teacher, "?limit=2")
	if len(page.Items) != 2 || page.NextCursor == nil || page.UnreadCount != 3 || !strings.Contains(page.Items[0].Body, "9月3日") {
		t.Fatalf("first page: %+v; want the 2 newest of 3, all unread", page)
	}
	rest := e.notices(teacher, "?limit=2&cursor="+*page.NextCursor)
	if len(rest.Items) != 1 || rest.NextCursor != nil || !strings.Contains(rest.Items[0].Body, "9月1日") {
		t.Fatalf("second page: %+v", rest)
	}

	id := page.Items[0].ID
	var read struct{ Notification linli.Notification }
	e.must(http.StatusOK, e.call("POST", "/api/v1/me/notifications/"+id+"/read", teacher, nil), &read)
	if read.Notification.ReadAt == nil || !read.Notification.ReadAt.Equal(ptAt(2026, 8, 20, 10, 0)) || read.Notification.ID != id {
		t.Fatalf("read: %+v", read.Notification)
	}
	e.Clock.Set(ptAt(2026, 8, 21, 9, 0))
	e.must(http.StatusOK, e.call("POST", "/api/v1/me/notifications/"+id+"/read", teacher, nil), &read)
	if !read.Notification.ReadAt.Equal(ptAt(2026, 8, 20, 10, 0)) {
		t.Errorf("reading again moved read_at to %s", read.Notification.ReadAt)
	}
	if unread := e.notices(teacher, "?unread=true"); len(unread.Items) != 2 || unread.UnreadCount != 2 || unread.Items[0].ID == id {
		t.Errorf("unread: %+v", unread)
	}
	if badge := e.notices(teacher, "?unread=true&limit=1"); badge.UnreadCount != 2 || len(badge.Items) != 1 {
		t.Errorf("badge query: %+v", badge)
	}

	e.mustFail(http.StatusNotFound, "not_found", "", e.call("POST", "/api/v1/me/notifications/"+id+"/read", e.Coord, nil))
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("POST", "/api/v1/me/notifications/nope/read", teacher, nil))
	e.mustFail(http.StatusUnauthorized, "unauthenticated", "", e.call("GET", "/api/v1/me/notifications", "", nil))
	e.mustFail(http.StatusUnauthorized, "unauthenticated", "", e.call("POST", "/api/v1/me/notifications/"+id+"/read", "", nil))
	e.mustFail(http.StatusBadRequest, "invalid", "unread", e.call("GET", "/api/v1/me/notifications?unread=yes", teacher, nil))
	e.mustFail(http.StatusBadRequest, "invalid", "cursor", e.call("GET", "/api/v1/me/notifications?cursor=!!", teacher, nil))
	if l := e.notices(e.Coord, ""); len(l.Items) != 0 || l.UnreadCount != 0 {
		t.Errorf("another user's inbox: %+v", l)
	}
}

func TestWebhookAdministration(t *testing.T) {
	e := newNoticeEnv(t, ptAt(2026, 8, 20, 10, 0))
	const secret = "gateway-secret-0123456789"
	body := map[string]any{"url": "https://sms.example.cn/linli", "events": []string{"session_cancelled", "child_uncollected"}, "secret": secret}
	e.mustFail(http.StatusUnauthorized, "unauthenticated", "", e.call("POST", "/api/v1/webhooks", "", body))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("POST", "/api/v1/webhooks", e.Coord, body))
	for field, bad := range map[string]map[string]any{
		"url":       with(body, "url", "ftp://sms.example.cn/"),
		"secret":    with(body, "secret", "too-short"),
		"events[1]": with(body, "events", []string{"session_cancelled", "birthday"}),
		"events":    with(body, "events", []string{}),
		"extra":     with(body, "extra", 1),
	} {
		e.mustFail(http.StatusBadRequest, "invalid", field, e.call("POST", "/api/v1/webhooks", e.Admin, bad))
	}
	if n := e.count("webhooks"); n != 0 {
		t.Fatalf("%d webhooks after refusals", n)
	}
	created := e.call("POST", "/api/v1/webhooks", e.Admin, body, "Idempotency-Key", "hook-1")
	var out struct{ Webhook linli.Webhook }
	e.must(http.StatusCreated, created, &out)
	replay := e.call("POST", "/api/v1/webhooks", e.Admin, body, "Idempotency-Key", "hook-1")
	if replay.Status != http.StatusCreated || !bytes.Equal(replay.Body, created.Body) || e.count("webhooks") != 1 {
		t.Errorf("replay: %d %s; %d webhooks", replay.Status, replay.Body, e.count("webhooks"))
	}
	list := e.call("GET", "/api/v1/webhooks", e.Admin, nil)
	audit := e.call("GET", "/api/v1/audit", e.Admin, nil)
	for what, r := range map[string]response{"create": created, "list": list, "audit": audit} {
		if bytes.Contains(r.Body, []byte(secret)) {
			t.Errorf("the %s answer shows the secret: %s", what, r.Body)
		}
	}
	if !bytes.Contains(list.Body, []byte(out.Webhook.ID)) || !bytes.Contains(audit.Body, []byte("webhook.create")) {
		t.Errorf("list %s / audit %s", list.Body, audit.Body)
	}
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("GET", "/api/v1/webhooks", e.Coord, nil))

	s := e.oneShot("after_school", "四点半课堂", e.Teacher1, e.Teacher2)
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/sessions/"+s.ID, e.Coord, map[string]any{"status": "cancelled"}), nil)
	var d struct{ Items []linli.Delivery }
	e.must(http.StatusOK, e.call("GET", "/api/v1/webhooks/"+out.Webhook.ID+"/deliveries?status=pending", e.Admin, nil), &d)
	if len(d.Items) != 2 || d.Items[0].Kind != "session_cancelled" || d.Items[0].Attempts != 0 || d.Items[0].NextAttemptAt == nil {
		t.Errorf("pending deliveries: %+v", d.Items)
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/webhooks/"+out.Webhook.ID+"/deliveries?status=failed", e.Admin, nil), &d)
	if len(d.Items) != 0 {
		t.Errorf("failed deliveries: %+v", d.Items)
	}
	e.mustFail(http.StatusBadRequest, "invalid", "status", e.call("GET", "/api/v1/webhooks/"+out.Webhook.ID+"/deliveries?status=lost", e.Admin, nil))
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("GET", "/api/v1/webhooks/"+s.ID+"/deliveries", e.Admin, nil))

	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("DELETE", "/api/v1/webhooks/"+out.Webhook.ID, e.Coord, nil))
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/webhooks/"+out.Webhook.ID, e.Admin, nil), nil)
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("DELETE", "/api/v1/webhooks/"+out.Webhook.ID, e.Admin, nil))
	if n := e.count("webhook_deliveries"); n != 0 {
		t.Errorf("%d deliveries left of a deleted webhook", n)
	}
}

func TestVolunteersHearOfResolvedConcernsAndCancelledShifts(t *testing.T) {
	e := newVolunteerEnv(t, ptAt(2026, 9, 1, 9, 0))
	e.Server.Notices = storage.Notifications{DB: e.DB}
	visit := e.visits(e.visitPlan(e.Household, []string{e.Volunteer}, "weekly", "2026-09-02", "2026-09-02", "10:00", "11:00"))[0]
	e.Clock.Set(ptAt(2026, 9, 2, 12, 0))
	var log struct {
		VisitLog linli.VisitLog `json:"visit_log"`
	}
	e.must(http.StatusCreated, e.logVisit(e.VolunteerCookie, visit.ID, map[string]any{"outcome": "done", "minutes": 50,
		"concerns": []map[string]any{{"category": "repairs", "text": "楼道灯坏了"}}}), &log)
	concern := "/api/v1/concerns/" + log.VisitLog.Concerns[0].ID
	e.must(http.StatusOK, e.call("PATCH", concern, e.VolunteerCookie, map[string]any{"status": "in_progress"}), nil)
	if l := e.notices(e.VolunteerCookie, ""); len(l.Items) != 0 {
		t.Fatalf("taking a concern up announced %+v", l.Items)
	}
	e.must(http.StatusOK, e.call("PATCH", concern, e.Coord, map[string]any{"status": "resolved", "note": "物业已更换灯泡"}), nil)
	l := e.notices(e.VolunteerCookie, "")
	if len(l.Items) != 1 || l.Items[0].Kind != "concern_resolved" || l.Items[0].Title != "问题已解决：1 单元 101 室" ||
		l.Items[0].Body != "9月2日（周三）10:00走访时发现的1 单元 101 室的维修问题已解决。" {
		t.Errorf("the visiting volunteer: %+v", l.Items)
	}
	if l := e.notices(e.Coord, ""); len(l.Items) != 0 {
		t.Errorf("the coordinator who resolved it was told: %+v", l.Items)
	}

	shift := e.shift("社区清洁", "2026-09-05", "2026-09-05", 5)["2026-09-05"]
	e.must(http.StatusCreated, e.signup(e.Volunteer2Cookie, shift.ID, nil), nil)
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/sessions/"+shift.ID, e.Coord, map[string]any{"status": "cancelled"}), nil)
	if l := e.notices(e.Volunteer2Cookie, ""); len(l.Items) != 1 || l.Items[0].Title != "活动取消：社区清洁" {
		t.Errorf("the signed-up volunteer: %+v", l.Items)
	}
}

func TestAPromotionFromTheWaitlistTellsTheFamilyOnce(t *testing.T) {
	e := newBookingEnv(t)
	e.Server.Notices = storage.Notifications{DB: e.DB}
	fam := e.families(2, "2018-03-01", "2018-03-01")
	seated, waiting := fam[0], fam[1]
	e.exec(`UPDATE users SET locale = 'en' WHERE id = ?`, waiting.UserID)
	session := e.class(2, "2026-07-06")[0]
	first := e.booked(seated.Cookie, map[string]any{"child_id": seated.Children[0], "session_id": session})
	second := e.booked(seated.Cookie, map[string]any{"child_id": seated.Children[1], "session_id": session})
	if twins := e.booked(waiting.Cookie, map[string]any{"child_ids": waiting.Children, "session_id": session}); twins[0].Status != "waitlisted" {
		t.Fatalf("twins: %+v", twins)
	}
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/bookings/"+first[0].ID, seated.Cookie, nil), nil)
	if l := e.notices(waiting.Cookie, ""); len(l.Items) != 0 {
		t.Fatalf("one free seat cannot take twins, yet the family was told %+v", l.Items)
	}
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/bookings/"+second[0].ID, seated.Cookie, nil), nil)
	l := e.notices(waiting.Cookie, "")
	if len(l.Items) != 1 || l.Items[0].Kind != "booking_promoted" || l.Items[0].SessionID != session ||
		l.Items[0].Body != "孩子1-0 and 孩子1-1 now have a confirmed place in “科学实验”, Mon 6 Jul 09:00–11:00." {
		t.Errorf("promoted family: %+v; want one notice naming both twins", l.Items)
	}
	if l := e.notices(seated.Cookie, ""); len(l.Items) != 0 {
		t.Errorf("the family who cancelled was told %+v", l.Items)
	}
}
