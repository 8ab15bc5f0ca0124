package demo

import (
	"fmt"
	"slices"
	"time"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// moreFamilies are families of the demo community who only book (their logins are not printed),
// so that rosters and the class-hour reports have children enough to show.
var moreFamilies = []struct {
	parent, login, child, birth string
	pickup                      linli.NewPickupPerson
}{
	{"张伟", "13910000001", "张可欣", "2017-04-18", linli.NewPickupPerson{Name: "王秀珍", Relation: "外婆", Phone: "13920000001"}},
	{"王芳", "13910000002", "王子涵", "2018-08-09", linli.NewPickupPerson{Name: "王德明", Relation: "爷爷", Phone: "13920000002"}},
	{"李娜", "13910000003", "李梓萱", "2016-02-27", linli.NewPickupPerson{Name: "赵凤英", Relation: "奶奶", Phone: "13920000003"}},
	{"赵磊", "13910000004", "赵宇轩", "2019-06-30", linli.NewPickupPerson{Name: "孙丽华", Relation: "姥姥", Phone: "13920000004"}},
	{"孙静", "13910000005", "孙浩然", "2015-12-05", linli.NewPickupPerson{Name: "孙志刚", Relation: "舅舅", Phone: "13920000005"}},
	{"周杰", "13910000006", "周诗涵", "2017-10-21", linli.NewPickupPerson{Name: "周国庆", Relation: "爷爷", Phone: "13920000006"}},
	{"吴丽", "13910000007", "吴俊熙", "2018-03-14", linli.NewPickupPerson{Name: "陈桂芝", Relation: "外婆", Phone: "13920000007"}},
	{"郑强", "13910000008", "郑雨桐", "2016-07-02", linli.NewPickupPerson{Name: "郑建华", Relation: "爷爷", Phone: "13920000008"}},
}

// summerClasses are the past summer's holiday classes, so that the reports hold a holiday term
// too: each on its weekdays from 13 July to 21 August 2026, 09:00–10:30.
var summerClasses = []struct {
	title, category, room, teacher string
	weekdays                       []int
	ages                           [2]int
}{
	{"暑期科学实验营", "science", "科学实验室", "13800000002", []int{1, 3, 5}, [2]int{6, 12}},
	{"暑期书法班", "calligraphy", "书画室", "13800000003", []int{2, 4}, [2]int{7, 12}},
}

// demoChildOf is a demo child with who may collect it and its guardian.
type demoChildOf struct {
	id       string
	guardian *linli.Actor
	pickup   string // the pickup person's id
}

// seedAttendance books the demo children into the summer classes and the after-school term, then
// takes each session that has ended by now as its staff would (attendance with the odd late or
// absent child, each after-school child handed to a guardian or a pickup person), marks it
// delivered, and has the families rate the summer classes. Bookings close when a session starts,
// so the clock is set back to before each term while booking, and to each session's end while it
// is taken, then restored: every rule holds as it would have on the day.
func (s *seeder) seedAttendance(db *storage.DB) {
	if s.err != nil {
		return
	}
	now, realClock := db.Now(), db.Now
	defer func() { db.Now = realClock }()
	at := func(t time.Time) { db.Now = func() time.Time { return t } }
	kids := s.seedMoreFamilies(storage.Children{DB: db})
	programs := s.seedSummerClasses(storage.Planning{DB: db})
	care, err := s.programOf(storage.Planning{DB: db}, linli.KindAfterSchool)
	if err != nil {
		s.err = err
		return
	}
	loc := s.community.Location()
	at(s.on("2026-07-01").At(clock("09:00"), loc))
	booked := s.bookAll(storage.Bookings{DB: db}, programs, kids)
	at(s.on("2026-08-25").At(clock("09:00"), loc))
	for id, children := range s.bookAll(storage.Bookings{DB: db}, []string{care}, kids) {
		booked[id] = children
	}
	if s.err != nil {
		return
	}
	var sessions []linli.Session
	for _, p := range append(programs, care) {
		some, _, err := storage.Planning{DB: db}.FindSessions(s.ctx, s.admin, linli.SessionFilter{ProgramID: p,
			From: s.on("2026-07-01"), To: linli.DateOf(now, loc), Page: linli.Page{Limit: linli.MaxPageLimit}})
		if err != nil {
			s.err = err
			return
		}
		sessions = append(sessions, some...)
	}
	slices.SortFunc(sessions, func(a, b linli.Session) int { return a.StartsAt.Compare(b.StartsAt) })
	att := storage.Attendance{DB: db}
	for i, sess := range sessions {
		if sess.Status != linli.SessionScheduled || sess.EndsAt.After(now) || len(sess.Staff) == 0 {
			continue
		}
		at(sess.EndsAt.Add(10 * time.Minute))
		staff := &linli.Actor{User: linli.User{ID: sess.Staff[0].ID, Name: sess.Staff[0].Name}}
		if records := takeAttendance(&sess, booked[sess.ID], kids, i); len(records) > 0 {
			if _, s.err = att.RecordAttendance(s.ctx, staff, sess.ID, linli.Given(linli.AttendanceChange{Records: records})); s.err != nil {
				return
			}
		}
		if _, s.err = att.Deliver(s.ctx, staff, sess.ID); s.err != nil {
			return
		}
		if sess.Kind == linli.KindHolidayClass {
			s.rate(att, &sess, booked[sess.ID], kids, i)
		}
	}
}

// seedMoreFamilies registers moreFamilies and returns every demo child, each with its guardian
// and pickup person.
func (s *seeder) seedMoreFamilies(children storage.Children) map[string]demoChildOf {
	out := map[string]demoChildOf{}
	accounts := storage.Accounts{DB: children.DB}
	for _, f := range moreFamilies {
		if s.err != nil {
			return nil
		}
		u, err := accounts.Register(s.ctx, linli.Registration{Name: f.parent, Login: f.login, Password: Password})
		if err != nil {
			s.err = err
			return nil
		}
		s.users[f.login] = u
		parent, birth, version, notes := &linli.Actor{User: *u}, s.on(f.birth), linli.ChildPolicyVersion, ""
		c, err := children.CreateChild(s.ctx, parent, linli.Given(linli.ChildChange{Name: &f.child, BirthDate: &birth, Notes: &notes, ConsentPolicyVersion: &version}))
		if err != nil {
			s.err = err
			return nil
		}
		if _, s.err = children.CreatePickupPerson(s.ctx, parent, c.ID, linli.Given(f.pickup)); s.err != nil {
			return nil
		}
	}
	for _, login := range []string{"13800000007", "13800000008", "13910000001", "13910000002", "13910000003", "13910000004",
		"13910000005", "13910000006", "13910000007", "13910000008"} {
		parent := &linli.Actor{User: *s.users[login]}
		mine, _, err := children.FindChildren(s.ctx, parent, linli.Given(linli.Page{}))
		if err != nil {
			s.err = err
			return nil
		}
		for _, c := range mine {
			pickups, _, err := children.FindPickupPersons(s.ctx, parent, c.ID, linli.Page{})
			if err != nil || len(pickups) == 0 {
				s.err = fmt.Errorf("demo: pickups of %s: %v", c.Name, err)
				return nil
			}
			out[c.ID] = demoChildOf{id: c.ID, guardian: parent, pickup: pickups[0].ID}
		}
	}
	return out
}

// seedSummerClasses plans the summer classes and returns their program ids.
func (s *seeder) seedSummerClasses(planning storage.Planning) []string {
	if s.err != nil {
		return nil
	}
	venues, _, err := s.cs.FindVenues(s.ctx, s.community.ID, linli.Page{})
	if err != nil {
		s.err = err
		return nil
	}
	var ids []string
	for _, c := range summerClasses {
		venue := venues[slices.IndexFunc(venues, func(v linli.Venue) bool { return v.Name == c.room })].ID
		p := program{kind: linli.KindHolidayClass, title: c.title, category: c.category, venue: venue, staff: []string{s.users[c.teacher].ID},
			ages: c.ages, capacity: 16, schedule: linli.Schedule{StartDate: s.on("2026-07-13"), EndDate: s.on("2026-08-21"),
				StartTime: clock("09:00"), EndTime: clock("10:30"), Weekdays: c.weekdays, DayFilter: "all_days"}}
		res, err := planning.CreateProgram(s.ctx, s.admin, s.community.ID, linli.Given(p.change()))
		if err != nil {
			s.err = err
			return nil
		}
		ids = append(ids, res.Program.ID)
	}
	return ids
}

// programOf returns the id of the community's first program of kind.
func (s *seeder) programOf(planning storage.Planning, kind string) (string, error) {
	ps, _, err := planning.FindPrograms(s.ctx, s.admin, linli.ProgramFilter{CommunityID: s.community.ID, Kind: kind})
	if err != nil || len(ps) == 0 {
		return "", fmt.Errorf("demo: no %s program: %v", kind, err)
	}
	return ps[0].ID, nil
}

// bookAll books every child into each program (sessions its age or a full class refuse are
// left out) and returns the confirmed children of each session.
func (s *seeder) bookAll(bookings storage.Bookings, programs []string, kids map[string]demoChildOf) map[string][]string {
	out := map[string][]string{}
	ids := make([]string, 0, len(kids))
	for id := range kids {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, p := range programs {
		for _, id := range ids {
			if s.err != nil {
				return nil
			}
			made, err := bookings.Book(s.ctx, kids[id].guardian, linli.Given(linli.BookingRequest{ChildID: id, ProgramID: p}))
			if linli.ErrorCode(err) == linli.ENotEligible || linli.ErrorCode(err) == linli.EFull {
				continue
			}
			if err != nil {
				s.err = err
				return nil
			}
			for _, b := range made {
				if b.Status == linli.BookingConfirmed {
					out[b.SessionID] = append(out[b.SessionID], b.ChildID)
				}
			}
		}
	}
	return out
}

// takeAttendance is the attendance of a session as its staff take it: most children present,
// every thirteenth late and every eleventh absent; after school, each is collected by a guardian
// or, every third time, the pickup person.
func takeAttendance(sess *linli.Session, children []string, kids map[string]demoChildOf, n int) []linli.AttendanceInput {
	var out []linli.AttendanceInput
	for j, id := range children {
		k := n*7 + j
		in := linli.AttendanceInput{ChildID: id, Status: linli.AttendancePresent}
		arrive, leave := sess.StartsAt.Add(time.Duration(k%6)*time.Minute), sess.EndsAt.Add(time.Duration(k%8)*time.Minute)
		switch {
		case k%11 == 0:
			in.Status = linli.AttendanceAbsent
			out = append(out, in)
			continue
		case k%13 == 0:
			in.Status, arrive = linli.AttendanceLate, sess.StartsAt.Add(20*time.Minute)
		}
		checkIn, checkOut := arrive.Format(time.RFC3339), leave.Format(time.RFC3339)
		in.CheckIn, in.CheckOut = &checkIn, &checkOut
		if sess.Kind == linli.KindAfterSchool {
			by := kids[id].guardian.User.ID
			if k%3 == 0 {
				by = kids[id].pickup
			}
			in.PickedUpBy = &by
		}
		out = append(out, in)
	}
	return out
}

// rate has the families of the children present give a rating now and then.
func (s *seeder) rate(att storage.Attendance, sess *linli.Session, children []string, kids map[string]demoChildOf, n int) {
	comments := []string{"孩子回家一直在讲今天的实验", "老师很有耐心", "", "希望下学期还能报名"}
	for j, id := range children {
		k := n*7 + j
		if s.err != nil || k%11 == 0 || k%4 != 0 {
			continue
		}
		in := linli.NewFeedback{ChildID: id, Rating: 5 - k%3/2, Comment: comments[k%len(comments)]}
		if _, s.err = att.GiveFeedback(s.ctx, kids[id].guardian, sess.ID, linli.Given(in)); s.err != nil {
			return
		}
	}
}
