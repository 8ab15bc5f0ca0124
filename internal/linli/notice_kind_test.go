package linli

import (
	"strings"
	"testing"
	"time"
)

// TestCancelledVisitSpeaksOfVisits: a visit cancelled because its plan ended or left the date
// says so as a visit (走访), never as a class (课); a shift as a shift; a class keeps its words.
func TestCancelledVisitSpeaksOfVisits(t *testing.T) {
	d := NoticeData{Title: "走访：3 号楼 2 单元 301 室", Timezone: "Asia/Shanghai",
		StartsAt: time.Date(2026, 11, 16, 7, 0, 0, 0, time.UTC), EndsAt: time.Date(2026, 11, 16, 8, 0, 0, 0, time.UTC)}
	for _, reason := range []string{ReasonProgramDeleted, ReasonLeftPlan} {
		d.Kind, d.Reason = KindNeighborVisit, reason
		zh := RenderNotice(NoticeSessionCancelled, LocaleZH, d)
		if strings.Contains(zh.Title+zh.Body, "课") || !strings.HasPrefix(zh.Title, "走访取消：") || !strings.Contains(zh.Body, "走访计划") {
			t.Errorf("a cancelled visit (%s) reads %+v", reason, zh)
		}
		if en := RenderNotice(NoticeSessionCancelled, LocaleEN, d); !strings.Contains(en.Body, "visit plan") || strings.Contains(en.Body, "program") {
			t.Errorf("a cancelled visit (%s) reads %+v in English", reason, en)
		}
		d.Kind = KindVolunteerShift
		if zh := RenderNotice(NoticeSessionCancelled, LocaleZH, d); strings.Contains(zh.Body, "课") || !strings.Contains(zh.Body, "志愿服务") {
			t.Errorf("a cancelled shift (%s) reads %+v", reason, zh)
		}
		d.Kind = KindHolidayClass
		if zh := RenderNotice(NoticeSessionCancelled, LocaleZH, d); !strings.Contains(zh.Body, "课程") {
			t.Errorf("a cancelled class (%s) reads %+v", reason, zh)
		}
	}
}

// TestRenderServiceRejected: rejected hours say, in the reader's language, that service hours
// (服务时长) were not approved, which session and day, how many hours, and the coordinator's note.
func TestRenderServiceRejected(t *testing.T) {
	d := NoticeData{Title: "周六社区环境整治", Kind: KindVolunteerShift, Timezone: "Asia/Shanghai", Minutes: 50, Note: "当天没有签到。",
		StartsAt: time.Date(2026, 9, 5, 1, 0, 0, 0, time.UTC), EndsAt: time.Date(2026, 9, 5, 1, 50, 0, 0, time.UTC)}
	zh := RenderNotice(NoticeServiceRejected, LocaleZH, d)
	for _, want := range []string{"服务时长", "周六社区环境整治", "9月5日", "09:00", "0.83小时", "说明：当天没有签到。"} {
		if !strings.Contains(zh.Title+zh.Body, want) {
			t.Errorf("zh %+v does not say %q", zh, want)
		}
	}
	en := RenderNotice(NoticeServiceRejected, LocaleEN, d)
	for _, want := range []string{"Hours not approved", "0.83 hours", "Sat 5 Sep 09:00", "Note: 当天没有签到."} {
		if !strings.Contains(en.Title+en.Body, want) {
			t.Errorf("en %+v does not say %q", en, want)
		}
	}
}
