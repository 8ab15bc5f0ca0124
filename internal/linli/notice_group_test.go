package linli

import (
	"fmt"
	"testing"
	"time"
)

func TestGroupSessionNotices(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	at := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 16, 30, 0, 0, loc) }
	written := time.Date(2026, 11, 18, 10, 0, 0, 0, loc)
	moved := func(day int) Notice {
		return Notice{Kind: NoticeSessionMoved, Recipients: []string{"u"}, SessionID: fmt.Sprint("m", day), Data: NoticeData{
			Title: "四点半课堂", Kind: KindAfterSchool, Timezone: "Asia/Shanghai", OldStartsAt: at(11, day), StartsAt: at(11, day).Add(time.Hour)}}
	}
	cancelled := func(m time.Month, day int, reason string) Notice {
		return Notice{Kind: NoticeSessionCancelled, Recipients: []string{"u"}, SessionID: fmt.Sprint("c", m, day), Data: NoticeData{
			Title: "四点半课堂", Kind: KindAfterSchool, Timezone: "Asia/Shanghai", StartsAt: at(m, day), Reason: reason}}
	}
	visit := func(n Notice) Notice { n.Data.Kind, n.Data.Title = KindNeighborVisit, "走访 3号楼101"; return n }
	kids := [][2]string{{"陈小雨", "k2"}, {"陈小阳", "k1"}, {"陈小雨", "k2"}}
	many := func(nMoved, nCancelled int, reason string) []Notice {
		var ns []Notice
		for i := range nMoved {
			ns = append(ns, moved(20+i))
		}
		for i := range nCancelled {
			ns = append(ns, cancelled(12, 1+i, reason))
		}
		return ns
	}
	cases := []struct {
		name     string
		notices  []Notice
		kids     [][2]string
		zh, en   string
		children []string
	}{
		{name: "three stay as they are", notices: many(2, 1, ""), kids: kids},
		{name: "moved and cancelled", notices: many(30, 6, "暴雨预警"), kids: kids, children: []string{"陈小阳", "陈小雨"},
			zh: "「四点半课堂」安排有变：30 次课时间调整，6 次课取消（最早 11月20日 周五）。原因：暴雨预警。陈小阳、陈小雨的预约已随之调整。",
			en: "“四点半课堂” has changed: 30 sessions moved and 6 sessions cancelled (from Fri 20 Nov). Reason: 暴雨预警. The bookings of 陈小阳 and 陈小雨 have been changed accordingly."},
		{name: "cancelled only, out of order, plan reason, no children", notices: []Notice{cancelled(1, 8, ReasonLeftPlan), cancelled(1, 5, ReasonLeftPlan), cancelled(1, 6, ReasonLeftPlan), cancelled(1, 7, ReasonLeftPlan)},
			zh: "「四点半课堂」安排有变：4 次课取消（最早 1月5日 周一）。原因：该日期已不在课程安排中。",
			en: "“四点半课堂” has changed: 4 sessions cancelled (from Mon 5 Jan). Reason: the date is no longer in the program's schedule."},
		{name: "different reasons say none; one move", notices: append(many(1, 2, "暴雨预警"), cancelled(12, 9, "停电")),
			zh: "「四点半课堂」安排有变：1 次课时间调整，3 次课取消（最早 11月20日 周五）。",
			en: "“四点半课堂” has changed: 1 session moved and 3 sessions cancelled (from Fri 20 Nov)."},
		{name: "visits", notices: []Notice{visit(cancelled(12, 1, ReasonLeftPlan)), visit(cancelled(12, 2, ReasonLeftPlan)), visit(cancelled(12, 3, ReasonLeftPlan)), visit(cancelled(12, 4, ReasonLeftPlan))},
			zh: "「走访 3号楼101」安排有变：4 次走访取消（最早 12月1日 周二）。原因：该日期已不在走访计划中。",
			en: "“走访 3号楼101” has changed: 4 visits cancelled (from Tue 1 Dec). Reason: the date is no longer in the visit plan."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := GroupSessionNotices("p1", c.notices, c.kids)
			if c.zh == "" {
				if len(got) != len(c.notices) || got[0].Kind != c.notices[0].Kind {
					t.Fatalf("got %d notices, want the %d as they are", len(got), len(c.notices))
				}
				return
			}
			if len(got) != 1 || got[0].Kind != NoticeProgramChanged || got[0].SessionID != "" || len(got[0].Recipients) != 1 || got[0].Recipients[0] != "u" ||
				got[0].Data.ProgramID != "p1" || fmt.Sprint(got[0].Data.Children) != fmt.Sprint(c.children) {
				t.Fatalf("got %+v", got)
			}
			if err := got[0].Validate(); err != nil {
				t.Fatal(err)
			}
			d := got[0].Data
			d.WrittenAt = written
			if m := RenderNotice(got[0].Kind, LocaleZH, d); m.Body != c.zh || m.Title != "安排变更："+d.Title {
				t.Errorf("zh %+v\nwant %s", m, c.zh)
			}
			if m := RenderNotice(got[0].Kind, LocaleEN, d); m.Body != c.en || m.Title != "Schedule changed: "+d.Title {
				t.Errorf("en %+v\nwant %s", m, c.en)
			}
		})
	}
	// Written in 2026, a first date in 2027 carries its year.
	d := GroupSessionNotices("p1", []Notice{cancelled(1, 5, ""), cancelled(1, 6, ""), cancelled(1, 7, ""), cancelled(1, 8, "")}, nil)[0].Data
	d.StartsAt, d.WrittenAt = d.StartsAt.AddDate(1, 0, 0), written
	if zh, en := RenderNotice(NoticeProgramChanged, LocaleZH, d).Body, RenderNotice(NoticeProgramChanged, LocaleEN, d).Body; zh != "「四点半课堂」安排有变：4 次课取消（最早 2027年1月5日 周二）。" || en != "“四点半课堂” has changed: 4 sessions cancelled (from Tue 5 Jan 2027)." {
		t.Errorf("next year: %s / %s", zh, en)
	}
}
