package linli

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"
)

var noticeSH = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// noticeSample is a session of Monday 6 July 2026, 16:30–18:00 Shanghai time, given in UTC as
// storage reads it back, so that rendering must move it into the community's zone.
func noticeSample() NoticeData {
	return NoticeData{
		Title: "四点半课堂", Timezone: "Asia/Shanghai", Venue: "社区活动室",
		StartsAt: time.Date(2026, 7, 6, 8, 30, 0, 0, time.UTC), EndsAt: time.Date(2026, 7, 6, 10, 0, 0, 0, time.UTC),
		OldStartsAt: time.Date(2026, 7, 3, 8, 30, 0, 0, time.UTC), OldEndsAt: time.Date(2026, 7, 3, 10, 0, 0, 0, time.UTC),
		Reason: "暴雨预警", Children: []string{"王小明", "王小红"}, Household: "3号楼2单元101", Category: "repairs",
	}
}

func TestRenderNoticeEveryKindInBothLanguages(t *testing.T) {
	d := noticeSample()
	for _, kind := range NoticeKinds {
		if kind == NoticeResetIssued {
			continue // about an account, not a session: TestRenderAccountNotices
		}
		if kind == NoticeRoundDrawn || kind == NoticeRoundWishRemoved || kind == NoticeRoundPlaceReleased {
			continue // about a round application, not a session: TestRenderRoundNotices
		}
		for _, tc := range []struct {
			locale     string
			date, time string
		}{
			{LocaleZH, "7月6日", "16:30"},
			{LocaleEN, "6 Jul", "16:30"},
		} {
			if kind == NoticeCalendarYearProvisional { // about a year, not a session
				m := RenderNotice(kind, tc.locale, NoticeData{Year: 2028})
				if !strings.HasPrefix(m.Title, "2028") || !strings.HasPrefix(m.Body, "2028") || hasHan(m.Body) != (tc.locale == LocaleZH) {
					t.Errorf("%s/%s: %q, want the year named, in the reader's language", kind, tc.locale, m)
				}
				continue
			}
			m := RenderNotice(kind, tc.locale, d)
			if m.Title == "" || m.Body == "" || len([]rune(m.Title)) > 40 {
				t.Errorf("%s/%s: title %q body %q: want a short title and a body", kind, tc.locale, m.Title, m.Body)
			}
			when := tc.time
			if kind == NoticeChildUncollected {
				when = "18:00" // it names when the session ended
			}
			if kind == NoticeProgramChanged {
				when = tc.date // it names the first day a change of many sessions touches, not a time
			}
			if kind != NoticeConcernResolved && (!strings.Contains(m.Body, tc.date) || !strings.Contains(m.Body, when)) {
				t.Errorf("%s/%s: body %q does not name %s %s in Shanghai time", kind, tc.locale, m.Body, tc.date, when)
			}
			if !strings.Contains(m.Title+m.Body, "四点半课堂") && !strings.Contains(m.Title, "3号楼2单元101") {
				t.Errorf("%s/%s: %q names neither the session nor the household", kind, tc.locale, m)
			}
			for _, text := range []string{m.Title, m.Body} {
				if ownWords := stripData(text, d); hasHan(ownWords) != (tc.locale == LocaleZH) {
					t.Errorf("%s/%s: %q is in the wrong language", kind, tc.locale, text)
				}
			}
		}
	}
}

// stripData removes from text what the data names, leaving the catalogue's own words.
func stripData(text string, d NoticeData) string {
	for _, v := range append([]string{d.Title, d.Venue, d.Reason, d.Household}, d.Children...) {
		text = strings.ReplaceAll(text, v, "")
	}
	return text
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func TestRenderNoticeText(t *testing.T) {
	d := noticeSample()
	one := d
	one.Children = []string{"Ming"}
	for _, tc := range []struct {
		kind, locale string
		d            NoticeData
		want         Message
	}{
		{NoticeSessionCancelled, LocaleZH, d, Message{"活动取消：四点半课堂", "「四点半课堂」（7月6日（周一）16:30–18:00）已取消。原因：暴雨预警。"}},
		{NoticeSessionCancelled, LocaleEN, d, Message{"Cancelled: 四点半课堂", "“四点半课堂”, Mon 6 Jul 16:30–18:00, is cancelled. Reason: 暴雨预警."}},
		{NoticeSessionMoved, LocaleZH, d, Message{"时间变更：四点半课堂", "「四点半课堂」由7月3日（周五）16:30–18:00改为7月6日（周一）16:30–18:00，地点：社区活动室。"}},
		{NoticeSessionMoved, LocaleEN, d, Message{"Time changed: 四点半课堂", "“四点半课堂” moves from Fri 3 Jul 16:30–18:00 to Mon 6 Jul 16:30–18:00, 社区活动室."}},
		{NoticeBookingPromoted, LocaleZH, d, Message{"候补成功：四点半课堂", "王小明、王小红已从候补转为正式预约：「四点半课堂」，7月6日（周一）16:30–18:00，地点：社区活动室。"}},
		{NoticeBookingPromoted, LocaleEN, one, Message{"Waitlist place confirmed: 四点半课堂", "Ming now has a confirmed place in “四点半课堂”, Mon 6 Jul 16:30–18:00, 社区活动室."}},
		{NoticeChildUncollected, LocaleEN, d, Message{"Not yet collected: 四点半课堂", "“四点半课堂” ended at Mon 6 Jul 18:00; 王小明 and 王小红 are still waiting to be collected."}},
		{NoticeConcernResolved, LocaleZH, d, Message{"问题已解决：3号楼2单元101", "7月6日（周一）16:30走访时发现的3号楼2单元101的维修问题已解决。"}},
	} {
		if got := RenderNotice(tc.kind, tc.locale, tc.d); got != tc.want {
			t.Errorf("%s/%s:\n got %q\nwant %q", tc.kind, tc.locale, got, tc.want)
		}
	}
}

func TestRenderNoticeTranslatesPlanReasons(t *testing.T) {
	d := noticeSample()
	d.Reason = ReasonProgramDeleted
	if got := RenderNotice(NoticeSessionCancelled, LocaleZH, d).Body; !strings.Contains(got, "原因：课程已取消。") {
		t.Errorf("zh body %q does not translate the reason", got)
	}
	if got := RenderNotice(NoticeSessionCancelled, LocaleEN, d).Body; !strings.Contains(got, "Reason: the program was cancelled.") {
		t.Errorf("en body %q does not give the reason", got)
	}
	visit := d
	visit.Kind, visit.Title = KindNeighborVisit, "走访：3号楼2单元101"
	for _, locale := range []string{LocaleZH, LocaleEN} {
		m := RenderNotice(NoticeSessionCancelled, locale, visit)
		if strings.Contains(m.Title+m.Body, "课") || strings.Contains(m.Title+m.Body, "program") {
			t.Errorf("%s: a cancelled visit is told as a class: %+v", locale, m)
		}
	}
	if m := RenderNotice(NoticeSessionCancelled, LocaleZH, visit); !strings.HasPrefix(m.Title, "走访取消：") || !strings.Contains(m.Body, "原因：走访计划已取消。") {
		t.Errorf("zh visit cancelled %+v", m)
	}
	d.Reason = ""
	if got := RenderNotice(NoticeSessionCancelled, LocaleZH, d).Body; strings.Contains(got, "原因") {
		t.Errorf("zh body %q gives a reason there is none of", got)
	}
}

func TestReminderDue(t *testing.T) {
	at := func(m time.Month, d, h, min int) time.Time { return time.Date(2026, m, d, h, min, 0, 0, noticeSH) }
	start := at(7, 6, 9, 0) // a Monday morning shift
	for _, tc := range []struct {
		hour int
		now  time.Time
		want bool
	}{
		{18, at(7, 5, 17, 59), false},
		{18, at(7, 5, 18, 0), true},
		{18, at(7, 5, 23, 0), true},  // the server was down at 18:00: catch up
		{18, at(7, 6, 8, 59), true},  // still before the start
		{18, at(7, 6, 9, 0), false},  // started: too late
		{0, at(7, 5, 0, 0), true},    // midnight reminders
		{0, at(7, 4, 23, 59), false}, // the day before the day before
		{20, at(7, 5, 19, 0), false},
	} {
		if got := ReminderDue(start, noticeSH, tc.hour, tc.now); got != tc.want {
			t.Errorf("hour %d at %s: due %v, want %v", tc.hour, tc.now.Format(time.DateTime), got, tc.want)
		}
	}
	if got := ReminderAt(start.UTC(), noticeSH, 18); !got.Equal(at(7, 5, 18, 0)) {
		t.Errorf("ReminderAt = %s, want 18:00 Shanghai the day before, whatever the zone start is given in", got)
	}
}

func TestAlertDue(t *testing.T) {
	due := time.Date(2026, 7, 6, 18, 30, 0, 0, noticeSH)
	for _, tc := range []struct {
		now  time.Time
		want bool
	}{
		{due.Add(-time.Second), false},
		{due, true},
		{due.Add(AlertWindow), true},
		{due.Add(AlertWindow + time.Second), false},
	} {
		if got := AlertDue(due, tc.now); got != tc.want {
			t.Errorf("at %s: %v, want %v", tc.now, got, tc.want)
		}
	}
}

func TestStillWaiting(t *testing.T) {
	for _, tc := range []struct {
		status string
		out    bool
		want   bool
	}{
		{"present", false, true},
		{"late", false, true},
		{"present", true, false}, // collected
		{"late", true, false},
		{"absent", false, false},
	} {
		if got := StillWaiting(tc.status, tc.out); got != tc.want {
			t.Errorf("%s out=%v: %v, want %v", tc.status, tc.out, got, tc.want)
		}
	}
}

// TestRenderNoticeYear: a notice written in one year about a date in another says the year; a
// date of the year it was written in does not.
func TestRenderNoticeYear(t *testing.T) {
	d := noticeSample() // Monday 6 July, moved from Friday 3 July
	d.WrittenAt = d.StartsAt.AddDate(0, -7, 0)
	y := d.StartsAt.Year()
	zh := RenderNotice(NoticeSessionMoved, LocaleZH, d).Body
	if want := fmt.Sprintf("由%d年7月3日（周五）16:30–18:00改为%d年7月6日（周一）16:30–18:00", y, y); !strings.Contains(zh, want) {
		t.Errorf("zh: %q, want it to contain %q", zh, want)
	}
	en := RenderNotice(NoticeSessionMoved, LocaleEN, d).Body
	if want := fmt.Sprintf("from Fri 3 Jul %d 16:30–18:00 to Mon 6 Jul %d 16:30–18:00", y, y); !strings.Contains(en, want) {
		t.Errorf("en: %q, want it to contain %q", en, want)
	}
	d.WrittenAt = d.StartsAt.AddDate(0, 0, -3)
	if zh := RenderNotice(NoticeSessionMoved, LocaleZH, d).Body; strings.Contains(zh, "年") {
		t.Errorf("a notice about this year's date says the year: %q", zh)
	}
}

// TestRenderAccountNotices: a reset code's notice names who issued it and until when (in China's
// time: no community is concerned), in the reader's language.
func TestRenderAccountNotices(t *testing.T) {
	d := NoticeData{By: "王丽", Until: time.Date(2026, 9, 8, 1, 0, 0, 0, time.UTC)}
	for _, kind := range []string{NoticeResetIssued} {
		for _, tc := range []struct{ locale, until string }{{LocaleZH, "9月8日（周二）09:00"}, {LocaleEN, "Tue 8 Sep 09:00"}} {
			m := RenderNotice(kind, tc.locale, d)
			if m.Title == "" || len([]rune(m.Title)) > 60 || !strings.Contains(m.Body, "王丽") || !strings.Contains(m.Body, tc.until) {
				t.Errorf("%s/%s: %q does not name the issuer and %s", kind, tc.locale, m, tc.until)
			}
			for _, text := range []string{m.Title, m.Body} {
				own := strings.ReplaceAll(text, "王丽", "")
				if hasHan(own) != (tc.locale == LocaleZH) {
					t.Errorf("%s/%s: %q is in the wrong language", kind, tc.locale, text)
				}
			}
		}
	}
}
