package demo

import (
	"fmt"
	"time"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// springFestival2027 are the weekdays around the 2027 Spring Festival (除夕 2/5) that the
// holiday classes leave out until the year's official arrangement is imported.
var springFestival2027 = []string{"2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"}

// seedPrograms gives the community a city school calendar with a winter break, and plans a
// term of after-school care, winter holiday classes, a Saturday volunteer shift and a monthly
// residents' council.
func (s *seeder) seedPrograms(planning storage.Planning) {
	if s.err != nil {
		return
	}
	cal, err := planning.CreateCalendar(s.ctx, s.admin, linli.Given(linli.NewCalendar{Name: "沈阳市中小学校历", BaseID: "cn"}))
	if err != nil {
		s.err = err
		return
	}
	winter := linli.DaysChange{Ranges: []linli.DayRange{{From: s.on("2027-01-23"), To: s.on("2027-02-28"), Kind: "school_break", Note: "寒假"}}}
	if _, s.err = planning.MarkDays(s.ctx, s.admin, cal.ID, linli.Given(winter)); s.err != nil {
		return
	}
	if _, s.err = s.cs.UpdateCommunity(s.ctx, s.admin, s.community.ID, linli.Given(linli.CommunityChange{CalendarID: &cal.ID})); s.err != nil {
		return
	}
	venues, _, err := s.cs.FindVenues(s.ctx, s.community.ID, linli.Page{})
	if err != nil {
		s.err = err
		return
	}
	venue := map[string]string{}
	for _, v := range venues {
		venue[v.Name] = v.ID
	}
	teacher, community, resident := s.users["13800000002"].ID, s.users["13800000003"].ID, s.users["13800000004"].ID
	volunteers := []string{s.users["13800000005"].ID, s.users["13800000006"].ID}
	winterClass := func(title, category, room string, staff string, weekdays []int, start, end string, ageMin, ageMax, capacity int) program {
		return program{kind: linli.KindHolidayClass, title: title, category: category, venue: venue[room], staff: []string{staff},
			ages: [2]int{ageMin, ageMax}, capacity: capacity, schedule: linli.Schedule{
				StartDate: s.on("2027-01-25"), EndDate: s.on("2027-02-26"), StartTime: clock(start), EndTime: clock(end),
				Weekdays: weekdays, DayFilter: "non_school_days", ExceptDates: s.springFestival()}}
	}
	for _, p := range []program{
		{kind: linli.KindAfterSchool, title: "四点半课堂", category: "reading", venue: venue["社区活动室"], staff: []string{teacher, resident},
			ages: [2]int{6, 12}, capacity: 30, description: "放学后作业辅导与阅读，18:00 由家长或授权接送人接回。",
			schedule: linli.Schedule{StartDate: s.on("2026-09-01"), EndDate: s.on("2027-01-22"), StartTime: clock("16:30"), EndTime: clock("18:00"), DayFilter: "school_days"}},
		winterClass("寒假书法班", "calligraphy", "书画室", community, []int{1, 3, 5}, "09:00", "10:30", 7, 12, 16),
		winterClass("寒假口才班", "speech", "社区活动室", resident, []int{2, 4}, "09:00", "10:30", 5, 10, 20),
		winterClass("寒假科学实验", "science", "科学实验室", teacher, []int{1, 3, 5}, "14:00", "15:30", 8, 12, 20),
		winterClass("寒假美术班", "art", "书画室", community, []int{2, 4}, "14:00", "15:30", 4, 9, 16),
		{kind: linli.KindVolunteerShift, title: "周六社区环境整治", category: "other", staff: volunteers, capacity: 12,
			description: "清理楼道杂物、绿地捡拾垃圾，在党群服务中心门前集合。",
			schedule: linli.Schedule{StartDate: s.on("2026-09-05"), EndDate: s.on("2027-06-26"), StartTime: clock("09:00"), EndTime: clock("11:00"),
				RRule: "FREQ=WEEKLY;BYDAY=SA", DayFilter: "all_days"}},
		{kind: linli.KindEvent, title: "居民议事会", category: "other", venue: venue["社区活动室"], capacity: 40,
			description: "每月最后一个周五晚，居民代表共商小区事务。",
			schedule: linli.Schedule{StartDate: s.on("2026-09-01"), EndDate: s.on("2027-06-30"), StartTime: clock("19:00"), EndTime: clock("20:30"),
				RRule: "FREQ=MONTHLY;BYDAY=-1FR", DayFilter: "all_days"}},
	} {
		if _, s.err = planning.CreateProgram(s.ctx, s.admin, s.community.ID, linli.Given(p.change())); s.err != nil {
			return
		}
	}
}

// program is a demo program in plain fields.
type program struct {
	kind, title, category, venue, description string
	staff                                     []string
	ages                                      [2]int // zero for none
	capacity                                  int
	schedule                                  linli.Schedule
}

// change returns the program as an API body would give it.
func (p program) change() linli.ProgramChange {
	ch := linli.ProgramChange{Kind: &p.kind, Title: &p.title, Category: &p.category, Capacity: &p.capacity,
		StaffIDs: &p.staff, Schedule: &p.schedule}
	if p.description != "" {
		ch.Description = &p.description
	}
	if p.venue != "" {
		ch.VenueID = &p.venue
	}
	if p.ages[0] != 0 {
		ch.AgeMin, ch.AgeMax = &p.ages[0], &p.ages[1]
	}
	return ch
}

// on returns a date of the demo's plan, written for the school year that starts in September
// 2026, moved by whole years into the school year of the demo's clock (the one starting in
// September of this year from July on, else of last year): the demo is always in its term.
// 29 February becomes the 28th in a common year.
func (s *seeder) on(text string) linli.Date {
	d := date(text)
	y, m, day := d.Year()+s.years, d.Month(), d.Day()
	if m == time.February && day == 29 && !(y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
		day = 28
	}
	return date(fmt.Sprintf("%04d-%02d-%02d", y, int(m), day))
}

// springFestival returns the days around the Spring Festival that the winter classes leave out:
// the 2027 ones in the plan's own year; in another year none, as the festival moves with the
// moon and the official arrangement, once imported, keeps the classes off its holidays.
func (s *seeder) springFestival() []linli.Date {
	if s.years != 0 {
		return nil
	}
	return dates(springFestival2027...)
}

// schoolYearsFrom2026 counts the school years (September to August; from July on the coming one)
// between the one starting in 2026 and the one of now.
func schoolYearsFrom2026(now time.Time) int {
	y := now.Year()
	if now.Month() < time.July {
		y--
	}
	return y - 2026
}

func date(s string) linli.Date {
	d, err := linli.ParseDate(s)
	if err != nil {
		panic("demo: " + err.Error())
	}
	return d
}

func dates(ss ...string) []linli.Date {
	out := make([]linli.Date, len(ss))
	for i, s := range ss {
		out[i] = date(s)
	}
	return out
}

func clock(s string) linli.Clock {
	c, err := linli.ParseClock(s)
	if err != nil {
		panic("demo: " + err.Error())
	}
	return c
}
