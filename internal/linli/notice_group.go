package linli

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// GroupSessionNoticesOver is how many session notices (moved or cancelled) one change of a
// program may give one person before they hear of it in one program_changed notice instead.
const GroupSessionNoticesOver = 3

// GroupSessionNotices decides what one person hears of one change (one transaction) of one
// program, given the session notices it would give them, in the order they were made: the same
// notices when there are at most GroupSessionNoticesOver moves and cancellations, else one
// program_changed notice in their place (with the rest, if any, kept). The summary names the
// program (title, kind and programID), how many sessions moved and were cancelled, the first
// affected start (a move's old time), the cancellations' reason when they all give the same
// one, and the children of kids (names and ids, the recipient's own children booked into the
// sessions), in name order.
func GroupSessionNotices(programID string, notices []Notice, kids [][2]string) []Notice {
	var changes, rest []Notice
	for _, n := range notices {
		if n.Kind == NoticeSessionMoved || n.Kind == NoticeSessionCancelled {
			changes = append(changes, n)
		} else {
			rest = append(rest, n)
		}
	}
	if len(changes) <= GroupSessionNoticesOver {
		return notices
	}
	first := changes[0].Data
	d := NoticeData{Title: first.Title, Kind: first.Kind, Timezone: first.Timezone, ProgramID: programID}
	reasons := map[string]bool{}
	for _, n := range changes {
		start := n.Data.StartsAt
		if n.Kind == NoticeSessionMoved {
			d.Moved++
			start = n.Data.OldStartsAt
		} else {
			d.Cancelled++
			reasons[n.Data.Reason] = true
		}
		if d.StartsAt.IsZero() || start.Before(d.StartsAt) {
			d.StartsAt = start
		}
	}
	if len(reasons) == 1 {
		for r := range reasons {
			d.Reason = r
		}
	}
	kids = slices.Clone(kids)
	slices.SortFunc(kids, func(a, b [2]string) int {
		if a[0] != b[0] {
			return strings.Compare(a[0], b[0])
		}
		return strings.Compare(a[1], b[1])
	})
	for i, k := range kids {
		if i > 0 && kids[i-1][1] == k[1] {
			continue
		}
		d.Children, d.ChildIDs = append(d.Children, k[0]), append(d.ChildIDs, k[1])
	}
	group := Notice{Kind: NoticeProgramChanged, Recipients: changes[0].Recipients, Data: d}
	return append([]Notice{group}, rest...)
}

// zhUnits and enUnits name what a program's sessions are, by the program's kind: a visit or a
// volunteer shift is no class (课).
var (
	zhUnits = map[string]string{KindNeighborVisit: "次走访", KindVolunteerShift: "次志愿服务"}
	enUnits = map[string][2]string{KindNeighborVisit: {"visit", "visits"}, KindVolunteerShift: {"shift", "shifts"}}
)

// zhDay formats a day as 11月20日 周五, with the year when it is not year (0: unknown).
func zhDay(t time.Time, loc *time.Location, year int) string {
	t = t.In(loc)
	if year != 0 && t.Year() != year {
		return fmt.Sprintf("%d年%d月%d日 周%s", t.Year(), t.Month(), t.Day(), zhWeekdays[t.Weekday()])
	}
	return fmt.Sprintf("%d月%d日 周%s", t.Month(), t.Day(), zhWeekdays[t.Weekday()])
}

// enDay formats a day as Fri 20 Nov, with the year when it is not year (0: unknown).
func enDay(t time.Time, loc *time.Location, year int) string {
	t = t.In(loc)
	if year != 0 && t.Year() != year {
		return t.Format("Mon 2 Jan 2006")
	}
	return t.Format("Mon 2 Jan")
}

// renderProgramChangedZH writes a program_changed notice in Chinese.
func renderProgramChangedZH(d NoticeData) Message {
	unit := or(zhUnits[d.Kind], "次课")
	var parts []string
	if d.Moved > 0 {
		parts = append(parts, fmt.Sprintf("%d %s时间调整", d.Moved, unit))
	}
	if d.Cancelled > 0 {
		parts = append(parts, fmt.Sprintf("%d %s取消", d.Cancelled, unit))
	}
	body := fmt.Sprintf("「%s」安排有变：%s（最早 %s）。", d.Title, strings.Join(parts, "，"), zhDay(d.StartsAt, d.Location(), d.year()))
	if d.Reason != "" {
		body += "原因：" + strings.TrimRight(zhReason(d.Kind, d.Reason), "。.") + "。"
	}
	if len(d.Children) > 0 {
		body += strings.Join(d.Children, "、") + "的预约已随之调整。"
	}
	return Message{"安排变更：" + d.Title, body}
}

// renderProgramChangedEN writes a program_changed notice in English.
func renderProgramChangedEN(d NoticeData) Message {
	unit, ok := enUnits[d.Kind]
	if !ok {
		unit = [2]string{"session", "sessions"}
	}
	count := func(n int) string {
		if n == 1 {
			return "1 " + unit[0]
		}
		return fmt.Sprintf("%d %s", n, unit[1])
	}
	var parts []string
	if d.Moved > 0 {
		parts = append(parts, count(d.Moved)+" moved")
	}
	if d.Cancelled > 0 {
		parts = append(parts, count(d.Cancelled)+" cancelled")
	}
	body := fmt.Sprintf("“%s” has changed: %s (from %s).", d.Title, strings.Join(parts, " and "), enDay(d.StartsAt, d.Location(), d.year()))
	if d.Reason != "" {
		body += " Reason: " + strings.TrimSuffix(enReason(d.Kind, d.Reason), ".") + "."
	}
	if len(d.Children) > 0 {
		body += " The bookings of " + enList(d.Children) + " have been changed accordingly."
	}
	return Message{"Schedule changed: " + d.Title, body}
}
