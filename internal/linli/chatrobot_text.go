package linli

import (
	"fmt"
	"strings"
	"time"
)

// ChatText is the message a robot posts about e, in Chinese (the language of the community's
// group chats): what, when, where, why, and the link to the public page, which base (the
// server's public URL, without a trailing slash) is put before. It names no family, child or
// household: e has none to name. times is how many sessions one change cancelled or moved.
func ChatText(e ChatEvent, times int, base string) string {
	var b strings.Builder
	line := func(format string, args ...any) {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, format, args...)
	}
	loc := chatZone(e.Timezone)
	switch e.Kind {
	case ChatProgramPublished:
		line("【%s】%s", zhPublished[e.ProgramKind], e.Title)
		if !e.StartsAt.IsZero() {
			from := e.StartsAt.In(loc)
			when := chatDay(from)
			if e.LastDate != "" && e.LastDate != from.Format(time.DateOnly) {
				if last, err := time.ParseInLocation(time.DateOnly, e.LastDate, loc); err == nil {
					when += " 至 " + chatDay(last)
				}
			}
			line("时间：%s，%s", when, chatClock(from, e.EndsAt.In(loc)))
		}
		if e.Sessions > 1 {
			line("共 %d 次", e.Sessions)
		}
		venue(line, e.Venue)
		link(line, "报名", base, e.Link)
	case ChatSessionCancelled:
		line("【停课通知】%s", e.Title)
		line("时间：%s%s", chatWhen(e.StartsAt, e.EndsAt, loc), zhMore(times, "取消"))
		venue(line, e.Venue)
		if r := ReasonText(e.ProgramKind, e.Reason, LocaleZH); r != "" {
			line("原因：%s", r)
		}
		link(line, "详情", base, e.Link)
	case ChatSessionMoved:
		line("【调课通知】%s", e.Title)
		line("原时间：%s", chatWhen(e.OldStartsAt, e.OldEndsAt, loc))
		line("新时间：%s%s", chatWhen(e.StartsAt, e.EndsAt, loc), zhMore(times, "调整"))
		venue(line, e.Venue)
		if e.Reason != "" {
			line("原因：%s", e.Reason)
		}
		link(line, "详情", base, e.Link)
	case ChatRoundDrawn:
		line("【摇号结果】%s 已完成电脑随机派位", e.Title)
		link(line, "结果公示", base, e.Link)
	}
	return b.String()
}

// zhPublished heads a program_published post by the program's kind.
var zhPublished = map[string]string{
	KindAfterSchool:    "新课程·课后托管",
	KindHolidayClass:   "新课程·假期课堂",
	KindVolunteerShift: "志愿服务招募",
	KindEvent:          "社区活动",
	"":                 "新发布",
}

// chatDay is a date as 7月10日（周五）.
func chatDay(t time.Time) string {
	return fmt.Sprintf("%d月%d日（周%s）", int(t.Month()), t.Day(), zhWeekdays[t.Weekday()])
}

// chatClock is the time of day from start to end, 15:30–17:00.
func chatClock(start, end time.Time) string {
	if end.IsZero() {
		return start.Format("15:04")
	}
	return start.Format("15:04") + "–" + end.Format("15:04")
}

// chatWhen is a session's day and times, as the in-app notices write them.
func chatWhen(start, end time.Time, loc *time.Location) string {
	return zhWhen(start, end, loc, start.In(loc).Year())
}

// zhMore says that a change concerned further sessions of the same program.
func zhMore(times int, what string) string {
	if times <= 1 {
		return ""
	}
	return fmt.Sprintf("（本次共%s %d 次，以上为最早一次）", what, times)
}

func venue(line func(string, ...any), v string) {
	if v != "" {
		line("地点：%s", v)
	}
}

func link(line func(string, ...any), label, base, path string) {
	if path != "" {
		line("%s：%s%s", label, base, path)
	}
}

// location is the zone named, or China's when the name is empty or unknown.
func chatZone(name string) *time.Location {
	if name != "" {
		if loc, err := time.LoadLocation(name); err == nil {
			return loc
		}
	}
	return chinaZone
}

var chinaZone = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()
