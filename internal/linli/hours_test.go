package linli

import (
	"testing"
	"time"
)

func TestLessonPeriods(t *testing.T) {
	cases := []struct {
		minutes, lesson int
		want            float64
	}{
		{90, 40, 2.25},
		{90, 45, 2},
		{120, 40, 3},
		{40, 0, 1}, // no lesson length given: the default 40
	}
	for _, c := range cases {
		if got := LessonPeriods(time.Duration(c.minutes)*time.Minute, c.lesson); got != c.want {
			t.Errorf("LessonPeriods(%d min, %d) = %v, want %v", c.minutes, c.lesson, got, c.want)
		}
	}
}

func TestMonthOf(t *testing.T) {
	cases := []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 10, 1, 0, 30, 0, 0, attShanghai), "2026-10"}, // 2026-09-30T16:30Z
		{time.Date(2026, 9, 30, 23, 59, 0, 0, attShanghai), "2026-09"},
		{time.Date(2026, 9, 30, 16, 30, 0, 0, time.UTC), "2026-10"},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, attShanghai), "2027-01"},
	}
	for _, c := range cases {
		if got := MonthOf(c.at, attShanghai); got != c.want {
			t.Errorf("MonthOf(%v) = %s, want %s", c.at, got, c.want)
		}
	}
}

// hoursSession is a delivered session starting at start for minutes, with staff and attendance.
func hoursSession(program, kind string, start time.Time, minutes, attended int, staff ...StaffMember) DeliveredSession {
	return DeliveredSession{ProgramID: program, ProgramTitle: "课程" + program, Kind: kind, Category: "reading",
		StartsAt: start, Length: time.Duration(minutes) * time.Minute, LessonMinutes: 40, Attended: attended, Staff: staff}
}

// tallyAll adds up sessions in Shanghai.
func tallyAll(sessions []DeliveredSession, groupBy, locale string, ratings map[string]Rating) ([]ClassHoursRow, ClassHoursRow) {
	t := NewClassHoursTally(groupBy, attShanghai, locale)
	for i := range sessions {
		t.Add(&sessions[i])
	}
	return t.Result(nil, ratings)
}

func TestClassHoursTally(t *testing.T) {
	li := StaffMember{ID: "li", Name: "李明", TeacherType: TeacherSchool}
	zhao := StaffMember{ID: "zhao", Name: "赵芳", TeacherType: TeacherCommunity}
	sun := StaffMember{ID: "sun", Name: "孙秀英", TeacherType: TeacherCommunity}
	sessions := []DeliveredSession{
		hoursSession("p1", KindAfterSchool, time.Date(2026, 9, 30, 16, 30, 0, 0, attShanghai), 90, 10, li, zhao),
		hoursSession("p2", KindHolidayClass, time.Date(2026, 10, 1, 0, 30, 0, 0, attShanghai), 60, 4, zhao, sun),
		hoursSession("p2", KindHolidayClass, time.Date(2026, 10, 2, 9, 0, 0, 0, attShanghai), 60, 2),
		hoursSession("p3", KindEvent, time.Date(2026, 10, 3, 19, 0, 0, 0, attShanghai), 90, 30, li),
	}
	type want struct {
		key                        string
		sessions                   int
		hours, periods, childHours float64
	}
	cases := []struct {
		groupBy string
		rows    []want
	}{
		{ClassHoursByTeacherType, []want{
			{TeacherSchool, 1, 1.5, 2.25, 15},
			{TeacherCommunity, 3, 3.5, 5.25, 23}, // s1 once for 赵芳, s2 once for each of its two community teachers
			{UnstaffedKey, 1, 1, 1.5, 2},
		}},
		{ClassHoursByTeacher, []want{{"sun", 1, 1, 1.5, 4}, {"li", 1, 1.5, 2.25, 15}, {"zhao", 2, 2.5, 3.75, 19}, {UnstaffedKey, 1, 1, 1.5, 2}}},
		{ClassHoursByProgram, []want{{"p1", 1, 1.5, 2.25, 15}, {"p2", 2, 2, 3, 6}}},
		{ClassHoursByKind, []want{{KindAfterSchool, 1, 1.5, 2.25, 15}, {KindHolidayClass, 2, 2, 3, 6}}},
		{ClassHoursByMonth, []want{{"2026-09", 1, 1.5, 2.25, 15}, {"2026-10", 2, 2, 3, 6}}},
		{ClassHoursByCategory, []want{{"reading", 3, 3.5, 5.25, 21}}},
	}
	for _, c := range cases {
		rows, totals := tallyAll(sessions, c.groupBy, LocaleZH, map[string]Rating{"p2": {Sum: 9, Count: 2}})
		if len(rows) != len(c.rows) {
			t.Errorf("%s: %d rows %+v, want %d", c.groupBy, len(rows), rows, len(c.rows))
			continue
		}
		for i, w := range c.rows {
			r := rows[i]
			if r.Key != w.key || r.Sessions != w.sessions || r.Hours != w.hours || r.LessonPeriods != w.periods || r.ChildHours != w.childHours {
				t.Errorf("%s row %d: %+v, want %+v", c.groupBy, i, r, w)
			}
			if r.Label == "" || r.Label == r.Key && c.groupBy != ClassHoursByCategory {
				t.Errorf("%s row %d: label %q", c.groupBy, i, r.Label)
			}
		}
		// The event is left out; every other session counts once in the totals.
		if totals.Sessions != 3 || totals.Hours != 3.5 || totals.LessonPeriods != 5.25 || totals.ChildHours != 21 {
			t.Errorf("%s totals: %+v", c.groupBy, totals)
		}
	}
	rows, totals := tallyAll(sessions, ClassHoursByProgram, LocaleZH, map[string]Rating{"p2": {Sum: 9, Count: 2}})
	if rows[0].RatingAvg != nil || *rows[0].RatingCount != 0 || *rows[1].RatingAvg != 4.5 || *rows[1].RatingCount != 2 || *totals.RatingAvg != 4.5 {
		t.Errorf("ratings on program rows: %+v %+v, totals %+v", rows[0], rows[1], totals)
	}
	named := NewClassHoursTally(ClassHoursByTeacher, attShanghai, LocaleZH)
	for i := range sessions {
		named.Add(&sessions[i])
	}
	rows, _ = named.Result(map[string]string{"li": "Z", "sun": "Y", "zhao": "A"}, nil)
	if len(rows) != 4 || rows[0].Key != "zhao" || rows[0].Label != "A" || rows[2].Key != "li" || rows[3].Key != UnstaffedKey {
		t.Errorf("teachers named apart: %+v", rows)
	}
	if rows, _ := tallyAll(sessions, ClassHoursByMonth, LocaleZH, nil); rows[1].Label != "2026年10月" {
		t.Errorf("month label %q", rows[1].Label)
	}
	if rows, _ := tallyAll(sessions, ClassHoursByKind, LocaleEN, nil); rows[0].Label != "After-school care" {
		t.Errorf("English kind label %q", rows[0].Label)
	}
}

func TestClassHoursFilter(t *testing.T) {
	f := ClassHoursFilter{CommunityID: "c"}
	if err := f.Validate(); err != nil || f.GroupBy != ClassHoursByProgram {
		t.Errorf("default grouping: %q %v", f.GroupBy, err)
	}
	for _, bad := range []ClassHoursFilter{
		{GroupBy: "month"},
		{CommunityID: "c", GroupBy: "week"},
		{CommunityID: "c", From: NewDate(2026, 9, 2), To: NewDate(2026, 9, 1)},
	} {
		if ErrorCode(bad.Validate()) != EInvalid {
			t.Errorf("%+v accepted", bad)
		}
	}
}
