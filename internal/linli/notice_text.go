package linli

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Message is the text of a notice in one language: a short title and a one-sentence body.
type Message struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

// RenderNotice writes the title and body of a notice of kind in locale (en, else zh-CN), naming
// the session, its date and time in the community's zone.
func RenderNotice(kind, locale string, d NoticeData) Message {
	if locale == LocaleEN {
		return renderEN(kind, d)
	}
	return renderZH(kind, d)
}

var zhWeekdays = [...]string{"日", "一", "二", "三", "四", "五", "六"}

// zhWhen formats an interval as 7月6日（周一）16:30–18:00; a date outside the year the notice
// was written in (year; 0 when unknown) carries its year: 2027年1月5日（周二）16:30–18:00.
func zhWhen(start, end time.Time, loc *time.Location, year int) string {
	start, end = start.In(loc), end.In(loc)
	zhDate := func(t time.Time) string {
		if year != 0 && t.Year() != year {
			return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
		}
		return fmt.Sprintf("%d月%d日", t.Month(), t.Day())
	}
	s := fmt.Sprintf("%s（周%s）%s", zhDate(start), zhWeekdays[start.Weekday()], start.Format("15:04"))
	if end.IsZero() {
		return s
	}
	if DateOf(end, loc) != DateOf(start, loc) {
		return s + fmt.Sprintf("–%s %s", zhDate(end), end.Format("15:04"))
	}
	return s + "–" + end.Format("15:04")
}

// enWhen formats an interval as Mon 6 Jul 16:30–18:00, with the year (Tue 5 Jan 2027 16:30–18:00)
// when a date is outside the year the notice was written in (year; 0 when unknown).
func enWhen(start, end time.Time, loc *time.Location, year int) string {
	start, end = start.In(loc), end.In(loc)
	layout := func(t time.Time) string {
		if year != 0 && t.Year() != year {
			return "Mon 2 Jan 2006 15:04"
		}
		return "Mon 2 Jan 15:04"
	}
	s := start.Format(layout(start))
	if end.IsZero() {
		return s
	}
	if DateOf(end, loc) != DateOf(start, loc) {
		return s + "–" + end.Format(layout(end))
	}
	return s + "–" + end.Format("15:04")
}

// year is the year, in the notice's zone, the notice was written in; 0 when unknown.
func (d NoticeData) year() int {
	if d.WrittenAt.IsZero() {
		return 0
	}
	return d.WrittenAt.In(d.Location()).Year()
}

var zhCategories = map[string]string{"repairs": "维修", "health": "健康", "paperwork": "办事", "safety": "安全", "other": "其他"}

var zhReasons = map[string]string{ReasonLeftPlan: "该日期已不在课程安排中", ReasonProgramDeleted: "课程已取消"}

// zhVisitReasons and zhShiftReasons say the plan's reasons of a visit or a shift in its own
// words: a visit or a volunteer shift is no class (课).
var (
	zhVisitReasons = map[string]string{ReasonLeftPlan: "该日期已不在走访计划中", ReasonProgramDeleted: "走访计划已取消"}
	zhShiftReasons = map[string]string{ReasonLeftPlan: "该日期已不在志愿服务安排中", ReasonProgramDeleted: "志愿服务已停止"}
	enVisitReasons = map[string]string{ReasonLeftPlan: "the date is no longer in the visit plan", ReasonProgramDeleted: "the visit plan was ended"}
	enShiftReasons = map[string]string{ReasonLeftPlan: "the date is no longer in the shift's schedule", ReasonProgramDeleted: "the shift has been discontinued"}
)

// zhReason says a cancellation's reason in Chinese, in the words of the session's kind.
func zhReason(kind, reason string) string {
	switch kind {
	case KindNeighborVisit:
		return or(zhVisitReasons[reason], reason)
	case KindVolunteerShift:
		return or(zhShiftReasons[reason], reason)
	}
	return or(zhReasons[reason], reason)
}

// ReasonText returns a session's cancellation reason in locale, in the words of the session's
// kind: a reason the system writes (such as ReasonLeftPlan) translated, one a person typed as it
// is. Notices and feeds say it alike.
func ReasonText(kind, reason, locale string) string {
	if locale == LocaleEN {
		return enReason(kind, reason)
	}
	return zhReason(kind, reason)
}

// enReason says a cancellation's reason in English, in the words of the session's kind.
func enReason(kind, reason string) string {
	switch kind {
	case KindNeighborVisit:
		return or(enVisitReasons[reason], reason)
	case KindVolunteerShift:
		return or(enShiftReasons[reason], reason)
	}
	return reason
}

// or returns s, or alt when s is empty.
func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func renderZH(kind string, d NoticeData) Message {
	loc := d.Location()
	when := zhWhen(d.StartsAt, d.EndsAt, loc, d.year())
	kids := strings.Join(d.Children, "、")
	venue := ""
	if d.Venue != "" {
		venue = "，地点：" + d.Venue
	}
	household := or(d.Household, d.Title)
	switch kind {
	case NoticeBookingPromoted:
		return Message{"候补成功：" + d.Title, fmt.Sprintf("%s已从候补转为正式预约：「%s」，%s%s。", kids, d.Title, when, venue)}
	case NoticeBookingExpired:
		return Message{"候补未成功：" + d.Title, fmt.Sprintf("「%s」已于%s开始，%s仍在候补名单中，本次预约已结束。", d.Title, when, kids)}
	case NoticeSessionCancelled:
		reason, title := "", "活动取消："
		if d.Reason != "" {
			reason = "原因：" + zhReason(d.Kind, d.Reason) + "。"
		}
		if d.Kind == KindNeighborVisit {
			title = "走访取消："
		}
		return Message{title + d.Title, fmt.Sprintf("「%s」（%s）已取消。%s", d.Title, when, reason)}
	case NoticeSessionMoved:
		return Message{"时间变更：" + d.Title, fmt.Sprintf("「%s」由%s改为%s%s。", d.Title, zhWhen(d.OldStartsAt, d.OldEndsAt, loc, d.year()), when, venue)}
	case NoticeShiftTomorrow:
		return Message{"志愿服务提醒：" + d.Title, fmt.Sprintf("提醒：您参加的志愿服务「%s」在%s%s。", d.Title, when, venue)}
	case NoticeVisitTomorrow:
		return Message{"走访提醒：" + household, fmt.Sprintf("提醒：您的走访「%s」（%s）安排在%s。", d.Title, household, when)}
	case NoticeVisitOverdue:
		return Message{"走访未记录：" + household, fmt.Sprintf("%s的走访「%s」（%s）已结束超过48小时，尚未填写走访记录。", when, d.Title, household)}
	case NoticeConcernResolved:
		return Message{"问题已解决：" + household, fmt.Sprintf("%s走访时发现的%s的%s问题已解决。", zhWhen(d.StartsAt, time.Time{}, loc, d.year()), household, or(zhCategories[d.Category], d.Category))}
	case NoticeChildUncollected:
		return Message{"尚未接走：" + d.Title, fmt.Sprintf("「%s」已于%s结束，%s仍未签退接走，请尽快处理。", d.Title, zhWhen(d.EndsAt, time.Time{}, loc, d.year()), kids)}
	case NoticeCalendarYearProvisional:
		return Message{fmt.Sprintf("%d年放假安排尚未公布", d.Year), fmt.Sprintf("%d年即将开始，日历中该年的节假日仍是按农历推算的暂定安排。国务院公布后，请在“节假日”页面导入（或升级服务器），排期会自动调整并通知相关家庭。", d.Year)}
	case NoticeServiceRejected:
		return Message{"服务时长未通过：" + d.Title, fmt.Sprintf("您%s在「%s」登记的%s小时服务时长未通过审核。说明：%s。如有异议，可在“我的服务时长”中申请更正。",
			when, d.Title, hoursText(d.Minutes), strings.TrimRight(d.Note, "。."))}
	case NoticeProgramChanged:
		return renderProgramChangedZH(d)
	case NoticeRoundDrawn, NoticeRoundWishRemoved, NoticeRoundPlaceReleased:
		return renderRoundZH(kind, d)
	case NoticeResetIssued:
		return Message{"已为您的账号签发密码重置码", fmt.Sprintf("%s为您的账号签发了一次性密码重置码，有效至%s。如果不是您本人请求的，请立即联系社区或管理员。", d.By, zhWhen(d.Until, time.Time{}, loc, d.year()))}
	}
	return Message{d.Title, when}
}

// enList joins names as "A", "A and B" or "A, B and C".
func enList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func renderEN(kind string, d NoticeData) Message {
	loc := d.Location()
	when := enWhen(d.StartsAt, d.EndsAt, loc, d.year())
	kids := enList(d.Children)
	has, is := "has", "is"
	if len(d.Children) > 1 {
		has, is = "have", "are"
	}
	venue := ""
	if d.Venue != "" {
		venue = ", " + d.Venue
	}
	household := or(d.Household, d.Title)
	switch kind {
	case NoticeBookingPromoted:
		return Message{"Waitlist place confirmed: " + d.Title, fmt.Sprintf("%s now %s a confirmed place in “%s”, %s%s.", kids, has, d.Title, when, venue)}
	case NoticeBookingExpired:
		return Message{"Waitlist place not confirmed: " + d.Title, fmt.Sprintf("“%s” started %s with %s still on the waitlist; the booking has ended.", d.Title, when, kids)}
	case NoticeSessionCancelled:
		reason := ""
		if d.Reason != "" {
			reason = " Reason: " + strings.TrimSuffix(enReason(d.Kind, d.Reason), ".") + "."
		}
		return Message{"Cancelled: " + d.Title, fmt.Sprintf("“%s”, %s, is cancelled.%s", d.Title, when, reason)}
	case NoticeSessionMoved:
		return Message{"Time changed: " + d.Title, fmt.Sprintf("“%s” moves from %s to %s%s.", d.Title, enWhen(d.OldStartsAt, d.OldEndsAt, loc, d.year()), when, venue)}
	case NoticeShiftTomorrow:
		return Message{"Volunteer shift: " + d.Title, fmt.Sprintf("Reminder: your shift “%s” is on %s%s.", d.Title, when, venue)}
	case NoticeVisitTomorrow:
		return Message{"Visit reminder: " + household, fmt.Sprintf("Reminder: your visit “%s” (%s) is on %s.", d.Title, household, when)}
	case NoticeVisitOverdue:
		return Message{"Visit not logged: " + household, fmt.Sprintf("The visit “%s” (%s) on %s ended over 48 hours ago and has no log yet.", d.Title, household, when)}
	case NoticeConcernResolved:
		return Message{"Concern resolved: " + household, fmt.Sprintf("The %s concern found at %s on the visit of %s is resolved.", or(d.Category, "other"), household, enWhen(d.StartsAt, time.Time{}, loc, d.year()))}
	case NoticeChildUncollected:
		return Message{"Not yet collected: " + d.Title, fmt.Sprintf("“%s” ended at %s; %s %s still waiting to be collected.", d.Title, enWhen(d.EndsAt, time.Time{}, loc, d.year()), kids, is)}
	case NoticeCalendarYearProvisional:
		return Message{fmt.Sprintf("%d holidays not announced yet", d.Year), fmt.Sprintf("%d begins soon and its holidays in the day calendar are still provisional, worked out from the lunar calendar. Once the State Council announces them, import them on the Holidays page (or upgrade the server): schedules adjust and the families concerned are told.", d.Year)}
	case NoticeServiceRejected:
		return Message{"Hours not approved: " + d.Title, fmt.Sprintf("Your %s hours of service on “%s”, %s, were not approved. Note: %s. If you disagree, file a correction under My service hours.",
			hoursText(d.Minutes), d.Title, when, strings.TrimRight(d.Note, "。."))}
	case NoticeProgramChanged:
		return renderProgramChangedEN(d)
	case NoticeRoundDrawn, NoticeRoundWishRemoved, NoticeRoundPlaceReleased:
		return renderRoundEN(kind, d)
	case NoticeResetIssued:
		return Message{"A password reset code was issued for your account", fmt.Sprintf("%s issued a one-time password reset code for your account, valid until %s. If you did not ask for it, contact your community office or an administrator now.", d.By, enWhen(d.Until, time.Time{}, loc, d.year()))}
	}
	return Message{d.Title, when}
}

// hoursText writes minutes as hours with at most two decimals: 90 → "1.5", 120 → "2", 50 → "0.83".
func hoursText(minutes int) string {
	return strconv.FormatFloat(math.Round(float64(minutes)/60*100)/100, 'f', -1, 64)
}
