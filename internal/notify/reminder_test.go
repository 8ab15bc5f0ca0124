package notify_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/notify"
	"github.com/linli/linli/internal/storage"
)

// scanAt sets the clock and runs one scan of a worker at the default reminder hour (18:00).
func (f *fixture) scanAt(when string, day, hh, mm int) {
	f.t.Helper()
	f.Clock.Set(at(day, hh, mm))
	w := f.worker(f.DB, newReceiver(f.t, always(200)), "scanner")
	if err := w.Scan(f.ctx); err != nil {
		f.t.Fatalf("scan %s: %v", when, err)
	}
}

// household creates a household in a new grid and building and returns its id.
func (f *fixture) household(label string) string {
	f.t.Helper()
	c := storage.Communities{DB: f.DB}
	g, err := c.CreateGrid(f.ctx, f.Admin, f.Community, linli.Given(linli.Named{Name: "一网格"}))
	if err != nil {
		f.t.Fatal(err)
	}
	b, err := c.CreateBuilding(f.ctx, f.Admin, g.ID, linli.Given(linli.Named{Name: "楼"}))
	if err != nil {
		f.t.Fatal(err)
	}
	h, err := c.CreateHousehold(f.ctx, f.Admin, b.ID, linli.Given(linli.HouseholdChange{Label: ptr(label)}))
	if err != nil {
		f.t.Fatal(err)
	}
	return h.ID
}

// only returns the notifications of one kind.
func only(ns []linli.Notification, kind string) []linli.Notification {
	return slices.DeleteFunc(slices.Clone(ns), func(n linli.Notification) bool { return n.Kind != kind })
}

func TestShiftRemindersGoOutOnceTheDayBeforeAtTheHour(t *testing.T) {
	f := newFixture(t, at(6, 10, 0))
	shift := f.program("volunteer_shift", "社区清洁", staffed(f.Zh)+", "+daily(7, 1, "09:00", "11:00"))[0]
	cancelled := f.program("volunteer_shift", "议事会布置", staffed(f.Zh)+", "+daily(7, 1, "14:00", "15:00"))[0]
	f.exec(`INSERT INTO session_signups (session_id, user_id, status, created_at, updated_at) VALUES (?, ?, 'active', '', '')`, cancelled.ID, f.En.ID)
	f.cancel(cancelled.ID)
	if got := f.inbox(f.En); len(got) != 1 || got[0].Title != "Cancelled: 议事会布置" {
		t.Fatalf("a volunteer signed up for a cancelled shift got %+v", got)
	}
	left := f.user("李四", "13800000009", "zh-CN")
	f.exec(`INSERT INTO session_signups (session_id, user_id, status, created_at, updated_at) VALUES (?, ?, 'active', '', ''), (?, ?, 'left', '', '')`,
		shift.ID, f.En.ID, shift.ID, left.ID)

	f.scanAt("before the hour", 6, 17, 59)
	if got := only(f.inbox(f.Zh), linli.NoticeShiftTomorrow); len(got) != 0 {
		t.Fatalf("reminded before 18:00: %+v", got)
	}
	f.scanAt("at the hour", 6, 18, 0)
	f.scanAt("a minute later", 6, 18, 1)
	zh, en := only(f.inbox(f.Zh), linli.NoticeShiftTomorrow), only(f.inbox(f.En), linli.NoticeShiftTomorrow)
	if len(zh) != 1 || zh[0].Title != "志愿服务提醒：社区清洁" || !strings.Contains(zh[0].Body, "7月7日（周二）09:00–11:00") || zh[0].SessionID != shift.ID {
		t.Errorf("staff (zh) reminders: %+v", zh)
	}
	if len(en) != 1 || en[0].Title != "Volunteer shift: 社区清洁" || !strings.Contains(en[0].Body, "Tue 7 Jul 09:00–11:00") {
		t.Errorf("sign-up (en) reminders: %+v", en)
	}
	if got := f.inbox(left); len(got) != 0 {
		t.Errorf("a volunteer who left the shift got %+v", got)
	}

	late := f.member("赵六", "13800000010", "zh-CN", "volunteer")
	f.exec(`INSERT INTO session_signups (session_id, user_id, status, created_at, updated_at) VALUES (?, ?, 'active', '', '')`, shift.ID, late.ID)
	f.scanAt("after a late sign-up", 6, 20, 0)
	if got := f.inbox(late); len(got) != 1 || got[0].Kind != linli.NoticeShiftTomorrow {
		t.Errorf("late sign-up: %+v; want a reminder at the next scan", got)
	}
	if n := len(only(f.inbox(f.Zh), linli.NoticeShiftTomorrow)); n != 1 {
		t.Errorf("the staff member has %d reminders, want still 1", n)
	}
	for _, u := range []*linli.User{f.Zh, f.En} {
		about := slices.DeleteFunc(f.inbox(u), func(n linli.Notification) bool { return n.SessionID != cancelled.ID })
		if !slices.Equal(kinds(about), []string{linli.NoticeSessionCancelled}) {
			t.Errorf("the cancelled shift brought %s %v; want only its cancellation", u.Name, kinds(about))
		}
	}
}

func TestVisitReminderNamesTheHousehold(t *testing.T) {
	f := newFixture(t, at(6, 10, 0))
	visit := f.program("neighbor_visit", "走访独居老人", staffed(f.En)+", "+daily(7, 1, "15:00", "16:00"))[0]
	f.exec(`INSERT INTO visit_plans (id, household_id, community_id, program_id, cadence, created_at, updated_at) VALUES (?, ?, ?, ?, 'weekly', '', '')`,
		visit.ProgramID, f.household("3号楼2单元101"), f.Community, visit.ProgramID)
	f.scanAt("at the hour", 6, 18, 0)
	got := f.inbox(f.En)
	if len(got) != 1 || got[0].Kind != linli.NoticeVisitTomorrow || got[0].Title != "Visit reminder: 3号楼2单元101" ||
		!strings.Contains(got[0].Body, "Tue 7 Jul 15:00–16:00") {
		t.Errorf("visit reminder: %+v", got)
	}
}

func TestUncollectedChildAlertFiresOnceForChildrenStillWaiting(t *testing.T) {
	f := newFixture(t, at(6, 10, 0))
	care := f.program("after_school", "四点半课堂", staffed(f.Zh)+", "+daily(6, 2, "16:30", "18:00"))
	mumZh := f.user("小明妈妈", "13900000001", "zh-CN")
	dadEn := f.user("Lily's dad", "dad@linli.test", "en")
	mumAbsent := f.user("小刚妈妈", "13900000003", "zh-CN")
	ming, lily, gang := f.child("王小明", mumZh), f.child("Lily", dadEn), f.child("李小刚", mumAbsent)
	for _, kid := range []string{ming, lily, gang} {
		f.book(care[0].ID, kid, "confirmed")
	}
	f.exec(`INSERT INTO attendance (session_id, child_id, status, check_in, check_out, recorded_by, updated_at) VALUES
		(?1, ?2, 'present', '2026-07-06T08:31:00.000000Z', NULL, ?5, ''),
		(?1, ?3, 'late', '2026-07-06T08:50:00.000000Z', '2026-07-06T10:02:00.000000Z', ?5, ''),
		(?1, ?4, 'absent', NULL, NULL, ?5, '')`, care[0].ID, ming, lily, gang, f.Zh.ID)
	// The next day every child is collected.
	f.book(care[1].ID, ming, "confirmed")
	f.exec(`INSERT INTO attendance (session_id, child_id, status, check_in, check_out, recorded_by, updated_at) VALUES
		(?, ?, 'present', '2026-07-07T08:31:00.000000Z', '2026-07-07T10:05:00.000000Z', ?, '')`, care[1].ID, ming, f.Zh.ID)

	f.scanAt("29 minutes after the end", 6, 18, 29)
	if got := only(f.inbox(f.Zh), linli.NoticeChildUncollected); len(got) != 0 {
		t.Fatalf("alert before 30 minutes: %+v", got)
	}
	f.scanAt("30 minutes after the end", 6, 18, 30)
	f.scanAt("again", 6, 18, 45)
	for _, tc := range []struct {
		who   *linli.User
		title string
	}{
		{f.Zh, "尚未接走：四点半课堂"},
		{f.Coord, "尚未接走：四点半课堂"},
		{mumZh, "尚未接走：四点半课堂"},
	} {
		got := only(f.inbox(tc.who), linli.NoticeChildUncollected)
		if len(got) != 1 || got[0].Title != tc.title || !strings.Contains(got[0].Body, "王小明") ||
			strings.Contains(got[0].Body, "Lily") || strings.Contains(got[0].Body, "李小刚") || !strings.Contains(got[0].Body, "18:00") {
			t.Errorf("%s: %+v; want one alert naming 王小明 only", tc.who.Name, got)
		}
	}
	for _, u := range []*linli.User{dadEn, mumAbsent, f.En} {
		if got := f.inbox(u); len(got) != 0 {
			t.Errorf("%s (child collected, absent, or not staff) got %+v", u.Name, got)
		}
	}
	f.scanAt("the next evening", 7, 18, 40)
	if got := only(f.inbox(f.Zh), linli.NoticeChildUncollected); len(got) != 1 {
		t.Errorf("staff alerts after a day where every child was collected: %d, want still 1", len(got))
	}
}

func TestWaitlistedBookingsEndWhenTheSessionStarts(t *testing.T) {
	f := newFixture(t, at(6, 10, 0))
	class := f.program("holiday_class", "书法", staffed(f.Zh)+", "+daily(7, 1, "09:00", "10:30"))[0]
	waiting, seated := f.user("Lily's dad", "dad@linli.test", "en"), f.user("小明妈妈", "13900000001", "zh-CN")
	f.book(class.ID, f.child("Lily", waiting), "waitlisted")
	f.book(class.ID, f.child("Tom", waiting), "waitlisted")
	f.book(class.ID, f.child("王小明", seated), "confirmed")

	f.scanAt("before the start", 7, 8, 59)
	if got := f.inbox(waiting); len(got) != 0 {
		t.Fatalf("expired before the start: %+v", got)
	}
	f.scanAt("at the start", 7, 9, 0)
	f.scanAt("later", 7, 9, 30)
	got := f.inbox(waiting)
	if len(got) != 1 || got[0].Kind != linli.NoticeBookingExpired || got[0].Title != "Waitlist place not confirmed: 书法" ||
		!strings.Contains(got[0].Body, "Lily and Tom") {
		t.Errorf("waitlisted family: %+v; want one notice naming both children", got)
	}
	if got := f.inbox(seated); len(got) != 0 {
		t.Errorf("a confirmed family got %+v", got)
	}
}

func TestVisitWithoutALogIsOverdueAfter48Hours(t *testing.T) {
	f := newFixture(t, at(6, 9, 0))
	visits := f.program("neighbor_visit", "走访独居老人", staffed(f.Zh)+", "+daily(6, 2, "10:00", "11:00"))
	f.exec(`INSERT INTO visit_logs (session_id, household_id, community_id, outcome, minutes, visited_at, logged_by, created_at)
		VALUES (?, ?, ?, 'done', 45, '', ?, '')`, visits[1].ID, f.household("5号楼101"), f.Community, f.Zh.ID)

	f.scanAt("47 hours on", 8, 10, 59)
	if got := f.inbox(f.Zh); len(got) != 0 {
		t.Fatalf("overdue too early: %+v", got)
	}
	f.scanAt("48 hours on", 8, 11, 0)
	f.scanAt("the day after", 9, 12, 0)
	for _, u := range []*linli.User{f.Zh, f.Coord} {
		got := f.inbox(u)
		if len(got) != 1 || got[0].Kind != linli.NoticeVisitOverdue || got[0].SessionID != visits[0].ID ||
			!strings.Contains(got[0].Body, "7月6日（周一）10:00–11:00") {
			t.Errorf("%s: %+v; want one overdue notice for the visit without a log", u.Name, got)
		}
	}
}

func TestTwoServersScanningAtOnceRemindEachPersonOnce(t *testing.T) {
	f := newFixture(t, at(6, 10, 0))
	for i := range 10 {
		f.program("volunteer_shift", fmt.Sprintf("社区清洁 %d", i), staffed(f.Zh, f.En)+", "+daily(7, 1, fmt.Sprintf("%02d:00", 8+i), fmt.Sprintf("%02d:30", 8+i)))
	}
	f.Clock.Set(at(6, 18, 0))
	rc := newReceiver(t, always(200))
	var wg sync.WaitGroup
	for _, w := range []*notify.Worker{f.worker(f.DB, rc, "a"), f.worker(f.open(), rc, "b"), f.worker(f.open(), rc, "c")} {
		wg.Go(func() {
			if err := w.Scan(f.ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for _, u := range []*linli.User{f.Zh, f.En} {
		if n := len(only(f.inbox(u), linli.NoticeShiftTomorrow)); n != 10 {
			t.Errorf("%s has %d reminders for 10 shifts", u.Name, n)
		}
	}
}
