package citygen

import (
	"time"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

func clock(h, m int) linli.Clock { return linli.Clock{Hour: h, Minute: m} }

// program is a program of the city in plain fields.
type program struct {
	kind, title, category, venue, description string
	staff                                     []string
	ages                                      [2]int
	capacity                                  int
	schedule                                  linli.Schedule
}

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

// programs plans the community's school year: after-school care on every school day, holiday
// classes in the winter and summer breaks, and a Saturday volunteer shift all year.
func (c *community) programs() error {
	y := c.year
	holiday := func(title, category, room, staff string, weekdays []int, start, end linli.Date, h, age0, age1, capacity int) program {
		return program{kind: linli.KindHolidayClass, title: title, category: category, venue: c.venues[room], staff: []string{staff},
			ages: [2]int{age0, age1}, capacity: capacity, schedule: linli.Schedule{StartDate: start, EndDate: end,
				StartTime: clock(h, 0), EndTime: clock(h+1, 30), Weekdays: weekdays, DayFilter: "non_school_days"}}
	}
	summerTo := y.end.AddDays(-10)
	list := []program{
		{kind: linli.KindAfterSchool, title: "四点半课堂", category: "reading", venue: c.venues["社区活动室"], staff: []string{c.school, c.resident},
			ages: [2]int{6, 12}, capacity: 30, description: "放学后作业辅导与阅读，18:00 由家长或授权接送人接回。",
			schedule: linli.Schedule{StartDate: y.start, EndDate: y.summerFrom.AddDays(-1), StartTime: clock(16, 30), EndTime: clock(18, 0), DayFilter: "school_days"}},
		holiday("寒假书法班", "calligraphy", "书画室", c.communityTeacher, []int{1, 3, 5}, y.winterFrom, y.winterTo, 9, 7, 12, 16),
		holiday("寒假口才班", "speech", "社区活动室", c.resident, []int{2, 4}, y.winterFrom, y.winterTo, 9, 5, 10, 20),
		holiday("暑期科学实验", "science", "科学实验室", c.school, []int{1, 3, 5}, y.summerFrom, summerTo, 14, 8, 12, 20),
		holiday("暑期美术班", "art", "书画室", c.communityTeacher, []int{2, 4}, y.summerFrom, summerTo, 14, 4, 9, 16),
		{kind: linli.KindVolunteerShift, title: "周六社区环境整治", category: "other", staff: c.volunteers[:2], capacity: 12,
			description: "清理楼道杂物、绿地捡拾垃圾，在党群服务中心门前集合。",
			schedule: linli.Schedule{StartDate: y.start, EndDate: y.end, StartTime: clock(9, 0), EndTime: clock(11, 0),
				RRule: "FREQ=WEEKLY;BYDAY=SA", DayFilter: "all_days"}},
	}
	for i, p := range list {
		res, err := c.b.Program(c.c.ID, p.change())
		if err != nil {
			return err
		}
		c.rep.Sessions += res.SessionsCreated
		switch {
		case i == 0:
			c.afterSchoolProgram = append(c.afterSchoolProgram, res.Program.ID)
		case p.kind == linli.KindHolidayClass:
			c.holidayPrograms = append(c.holidayPrograms, res.Program.ID)
		default:
			c.shiftPrograms = append(c.shiftPrograms, res.Program.ID)
		}
	}
	return nil
}

// visitPlans plans a visit every fortnight to each household that needs one, all year, by one
// volunteer each: a volunteer's plans start on different days of the fortnight (and, beyond
// fourteen, at a later hour), so that none of their visits clash.
func (c *community) visitPlans() error {
	cadence := linli.CadenceFortnightly
	for k, h := range c.visitable {
		v := c.volunteers[k%len(c.volunteers)]
		j := k / len(c.volunteers)
		start, end := c.year.start.AddDays(j%14), c.year.end
		from, to := clock(9+j/14%7, 0), clock(9+j/14%7, 45)
		if from.Hour >= 9 && from.Hour < 11 {
			from.Hour, to.Hour = from.Hour+5, to.Hour+5 // clear of the Saturday shift
		}
		res, err := c.b.VisitPlan(h, linli.VisitPlanChange{VolunteerIDs: &[]string{v}, Cadence: &cadence,
			StartDate: &start, EndDate: &end, StartTime: &from, EndTime: &to})
		if err != nil {
			return err
		}
		sessions, err := c.b.Sessions(res)
		if err != nil {
			return err
		}
		c.rep.Plans++
		c.rep.Sessions += len(sessions)
	}
	return nil
}

// bookings enrols the after-school children into every after-school session (capacity 30 and
// two more in line), and half-fills the holiday classes with children of their ages.
func (c *community) bookings() error {
	for _, pid := range c.afterSchoolProgram {
		sessions, err := c.b.Sessions(pid)
		if err != nil {
			return err
		}
		kids := c.afterSchool[:min(len(c.afterSchool), 32)]
		for _, s := range sessions {
			if err := c.b.Enrol(s.ID, kids); err != nil {
				return err
			}
			c.rep.Bookings += len(kids)
		}
	}
	for n, pid := range c.holidayPrograms {
		sessions, err := c.b.Sessions(pid)
		if err != nil {
			return err
		}
		// Children from the end of the list, a different slice per class; half a class each.
		k := len(c.kids)
		from, to := max(0, k-8*(n+1)), max(0, k-8*n)
		for _, s := range sessions {
			if err := c.b.Enrol(s.ID, c.kids[from:to]); err != nil {
				return err
			}
			c.rep.Bookings += to - from
		}
	}
	return nil
}

// attendance records the roll call of every after-school session of the term that has ended
// (since 1 September, or since 1 March in the second term): most children present, checked in a
// few minutes after the start and collected by their guardian; some late, some absent.
func (c *community) attendance() error {
	termFrom := c.year.start
	if !c.year.now.Before(c.year.termTwoFrom.At(clock(0, 0), linli.ChinaTime)) {
		termFrom = c.year.termTwoFrom
	}
	guardian := map[string]string{}
	for i, k := range c.kids {
		guardian[k] = c.kidGuardian[i]
	}
	for _, pid := range c.afterSchoolProgram {
		sessions, err := c.b.Sessions(pid)
		if err != nil {
			return err
		}
		kids := c.afterSchool[:min(len(c.afterSchool), 30)] // the confirmed ones
		for _, s := range sessions {
			if !s.EndsAt.Before(c.year.now) || s.StartsAt.Before(termFrom.At(clock(0, 0), linli.ChinaTime)) {
				continue
			}
			recs := make([]storage.BulkAttendance, len(kids))
			for i, k := range kids {
				r := storage.BulkAttendance{ChildID: k, Status: linli.AttendancePresent}
				switch x := c.r.IntN(20); {
				case x == 0:
					r.Status = linli.AttendanceAbsent
				case x == 1:
					r.Status = linli.AttendanceLate
				}
				if r.Status != linli.AttendanceAbsent {
					in := s.StartsAt.Add(time.Duration(c.r.IntN(15)) * time.Minute)
					out := s.EndsAt.Add(time.Duration(c.r.IntN(20)) * time.Minute)
					g := guardian[k]
					r.CheckIn, r.CheckOut, r.GuardianID, r.Pickup = &in, &out, g, c.guardianName[g]
				}
				recs[i] = r
			}
			if err := c.b.Attend(s.ID, c.school, s.EndsAt.Add(30*time.Minute), recs); err != nil {
				return err
			}
			c.rep.Attended++
		}
	}
	return nil
}
