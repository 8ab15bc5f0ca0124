package storage

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

// noticeWorld is a database with a community, an administrator and a one-session program on
// Wednesday 8 July 2026, 16:30–18:00 Shanghai time, staffed by a volunteer who reads Chinese.
type noticeWorld struct {
	t       *testing.T
	ctx     context.Context
	d       *DB
	admin   *linli.Actor
	staff   *linli.User
	session *linli.Session
}

func newNoticeWorld(t *testing.T) *noticeWorld {
	t.Helper()
	w := &noticeWorld{t: t, ctx: context.Background(), d: openTest(t)}
	w.d.Now = func() time.Time { return time.Date(2026, 7, 6, 2, 0, 0, 0, time.UTC) }
	admin, err := Accounts{w.d}.CreateAdmin(w.ctx, linli.Registration{Name: "管理员", Login: "admin@linli.test", Password: "admin-password"})
	if err != nil {
		t.Fatal(err)
	}
	w.admin = &linli.Actor{User: *admin}
	name := "幸福里社区"
	c, err := Communities{w.d}.CreateCommunity(w.ctx, w.admin, linli.Given(linli.CommunityChange{Name: &name}))
	if err != nil {
		t.Fatal(err)
	}
	w.staff = w.user("张伟", "13800000002", linli.LocaleZH)
	if _, err := (Communities{w.d}).AddMember(w.ctx, w.admin, c.ID, linli.Given(linli.NewMember{UserID: w.staff.ID, Role: "volunteer"})); err != nil {
		t.Fatal(err)
	}
	var ch linli.ProgramChange
	json.Unmarshal([]byte(`{"kind": "neighbor_visit", "title": "走访独居老人", "capacity": 2, "staff_ids": ["`+w.staff.ID+`"],
		"schedule": {"start_date": "2026-07-08", "end_date": "2026-07-08", "start_time": "16:30", "end_time": "18:00", "day_filter": "all_days"}}`), &ch)
	res, err := Planning{w.d}.CreateProgram(w.ctx, w.admin, c.ID, linli.Given(ch))
	if err != nil {
		t.Fatal(err)
	}
	sessions, err := programSessions(w.ctx, w.d.read, res.Program.ID)
	if err != nil || len(sessions) != 1 {
		t.Fatal(sessions, err)
	}
	w.session = &sessions[0]
	return w
}

func (w *noticeWorld) user(name, login, locale string) *linli.User {
	w.t.Helper()
	u, err := Accounts{w.d}.Register(w.ctx, linli.Registration{Name: name, Login: login, Password: "password-" + login, Locale: locale})
	if err != nil {
		w.t.Fatal(err)
	}
	return u
}

func (w *noticeWorld) exec(query string, args ...any) {
	w.t.Helper()
	if _, err := w.d.write.Exec(query, args...); err != nil {
		w.t.Fatal(err)
	}
}

func (w *noticeWorld) inbox(u *linli.User) []linli.Notification {
	w.t.Helper()
	in, err := Notifications{w.d}.FindNotifications(w.ctx, &linli.Actor{User: *u}, linli.Given(linli.NotificationFilter{Page: linli.Page{Limit: 500}}))
	if err != nil {
		w.t.Fatal(err)
	}
	return in.Items
}

func TestNotifyTxWritesOncePerRecipientAndNothingOnRollback(t *testing.T) {
	w := newNoticeWorld(t)
	en := w.user("Emma", "emma@linli.test", linli.LocaleEN)
	if _, err := (Notifications{w.d}).CreateWebhook(w.ctx, w.admin, linli.Given(linli.NewWebhook{URL: "https://gw.example.cn/", Events: []string{linli.NoticeVisitTomorrow}, Secret: "0123456789abcdef"})); err != nil {
		t.Fatal(err)
	}
	n := linli.Notice{Kind: linli.NoticeVisitTomorrow, Recipients: []string{w.staff.ID, en.ID, w.staff.ID}, SessionID: w.session.ID, Once: true, Data: sessionNotice(w.session)}
	for range 2 {
		if err := w.d.inTx(w.ctx, func(tx *Tx) error { return notifyTx(w.ctx, tx, n) }); err != nil {
			t.Fatal(err)
		}
	}
	boom := errors.New("the change failed after announcing")
	n.Kind, n.Once = linli.NoticeSessionCancelled, false
	if err := w.d.inTx(w.ctx, func(tx *Tx) error {
		if err := notifyTx(w.ctx, tx, n); err != nil {
			return err
		}
		return boom
	}); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	zh, english := w.inbox(w.staff), w.inbox(en)
	if len(zh) != 1 || zh[0].Title != "走访提醒：走访独居老人" || len(english) != 1 || english[0].Title != "Visit reminder: 走访独居老人" {
		t.Errorf("inboxes %+v / %+v; want one reminder each, in Chinese and English, and no cancellation", zh, english)
	}
	var deliveries int
	w.d.read.QueryRow(`SELECT COUNT(*) FROM webhook_deliveries`).Scan(&deliveries)
	if deliveries != 2 {
		t.Errorf("%d webhook deliveries, want one per notification written", deliveries)
	}
}

func TestNotifyPromotedNamesEachGuardiansOwnChildren(t *testing.T) {
	w := newNoticeWorld(t)
	mum, dad := w.user("妈妈", "13900000001", linli.LocaleZH), w.user("Dad", "dad@linli.test", linli.LocaleEN)
	for _, c := range []struct{ id, name string }{{"c1", "王小明"}, {"c2", "王小红"}, {"c3", "Tom"}} {
		w.exec(`INSERT INTO children (id, name, birth_date, created_by, created_at, updated_at) VALUES (?, ?, '2018-01-01', ?, '', '')`, c.id, c.name, mum.ID)
	}
	// 王小明 and 王小红 are mum's; 王小红 and Tom are dad's (siblings promoted together).
	w.exec(`INSERT INTO child_guardians (child_id, user_id, added_by, added_at) VALUES ('c1', ?1, '', ''), ('c2', ?1, '', ''), ('c2', ?2, '', ''), ('c3', ?2, '', '')`, mum.ID, dad.ID)
	if err := w.d.inTx(w.ctx, func(tx *Tx) error { return notifyPromoted(w.ctx, tx, w.session.ID, []string{"c1", "c2", "c3"}) }); err != nil {
		t.Fatal(err)
	}
	m, d := w.inbox(mum), w.inbox(dad)
	if len(m) != 1 || m[0].Kind != linli.NoticeBookingPromoted || !strings.HasPrefix(m[0].Body, "王小明、王小红已从候补转为正式预约") {
		t.Errorf("mother: %+v", m)
	}
	if len(d) != 1 || !strings.HasPrefix(d[0].Body, "Tom and 王小红 now have a confirmed place") || !strings.Contains(d[0].Body, "Wed 8 Jul 16:30–18:00") {
		t.Errorf("father: %+v", d)
	}
	if got := w.inbox(w.staff); len(got) != 0 {
		t.Errorf("staff told of a promotion: %+v", got)
	}
}

func TestNotifyConcernResolvedTellsWhoRaisedItAndTheVisitorsButNotTheResolver(t *testing.T) {
	w := newNoticeWorld(t)
	raiser, coord := w.user("李四", "13900000002", linli.LocaleEN), w.user("王丽", "13900000003", linli.LocaleZH)
	w.exec(`INSERT INTO grids (id, community_id, name, created_at) VALUES ('g', ?, '一网格', '')`, w.session.CommunityID)
	w.exec(`INSERT INTO buildings (id, grid_id, community_id, name, created_at) VALUES ('b', 'g', ?, '3号楼', '')`, w.session.CommunityID)
	w.exec(`INSERT INTO households (id, building_id, community_id, label, created_at, updated_at) VALUES ('h', 'b', ?, '2单元101', '', '')`, w.session.CommunityID)
	w.exec(`INSERT INTO concerns (id, community_id, household_id, session_id, category, text, status, raised_by, raised_at, updated_at)
		VALUES ('k', ?, 'h', ?, 'repairs', '楼道灯坏了', 'resolved', ?, '', '')`, w.session.CommunityID, w.session.ID, raiser.ID)
	if err := w.d.inTx(w.ctx, func(tx *Tx) error {
		return notifyConcernResolved(w.ctx, tx, &linli.Actor{User: *coord}, "k")
	}); err != nil {
		t.Fatal(err)
	}
	r, s := w.inbox(raiser), w.inbox(w.staff)
	if len(r) != 1 || r[0].Title != "Concern resolved: 2单元101" || !strings.Contains(r[0].Body, "repairs") || strings.Contains(r[0].Body, "楼道灯") {
		t.Errorf("raiser: %+v; want the category and household, never the text", r)
	}
	if len(s) != 1 || s[0].Body != "7月8日（周三）16:30走访时发现的2单元101的维修问题已解决。" {
		t.Errorf("visitor: %+v", s)
	}
	if got := w.inbox(coord); len(got) != 0 {
		t.Errorf("the resolver was told: %+v", got)
	}
}
