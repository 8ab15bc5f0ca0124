package demo

import (
	"time"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// RegionViewerLogin is the demo's street-office official: a viewer of 和平区, above 太原街街道,
// above 幸福里社区 and 和平苑社区.
const RegionViewerLogin = "13800000020"

// regionLogin is the line the demo prints for the region viewer.
var regionLogin = Login{RegionViewerLogin, "和平区民政科 刘主任 region viewer (和平区 › 太原街街道)"}

// seedRegions puts the demo community into 太原街街道 (a street) of 和平区 (a district) of 沈阳市,
// with a second community, 和平苑社区, beside it that held a summer Go class (delivered by its
// teacher, so the region's chart has two bars), and makes 刘主任 a viewer of the district.
func (s *seeder) seedRegions(db *storage.DB) {
	if s.err != nil {
		return
	}
	rs := storage.Regions{DB: db}
	var city, district, street *linli.Region
	for _, r := range []struct {
		into        **linli.Region
		name, level string
		parent      **linli.Region
	}{{&city, "沈阳市", linli.LevelCity, nil}, {&district, "和平区", linli.LevelDistrict, &city}, {&street, "太原街街道", linli.LevelStreet, &district}} {
		ch := linli.RegionChange{Name: str(r.name), Level: str(r.level)}
		if r.parent != nil {
			ch.ParentID = &(*r.parent).ID
		}
		if *r.into, s.err = rs.CreateRegion(s.ctx, s.admin, linli.Given(ch)); s.err != nil {
			return
		}
	}
	other, err := s.cs.CreateCommunity(s.ctx, s.admin, linli.Given(linli.CommunityChange{Name: str("和平苑社区"), District: str("和平区"), City: str("沈阳市")}))
	if err != nil {
		s.err = err
		return
	}
	for _, id := range []string{s.community.ID, other.ID} {
		if _, s.err = s.cs.UpdateCommunity(s.ctx, s.admin, id, linli.Given(linli.CommunityChange{RegionID: &street.ID})); s.err != nil {
			return
		}
	}
	s.seedOtherCommunity(db, other)
	if s.err != nil {
		return
	}
	accounts := storage.Accounts{DB: db}
	u, err := accounts.Register(s.ctx, linli.Registration{Name: "刘主任", Login: RegionViewerLogin, Password: Password})
	if err != nil {
		s.err = err
		return
	}
	_, s.err = rs.AddViewer(s.ctx, s.admin, district.ID, linli.Given(linli.NewViewer{UserID: u.ID}))
}

// seedOtherCommunity gives 和平苑社区 its teacher (赵芳 teaches there too) and a summer Go class on
// Tuesdays and Thursdays from 14 July to 20 August, each session delivered at its end.
func (s *seeder) seedOtherCommunity(db *storage.DB, c *linli.Community) {
	teacher := s.users["13800000003"]
	if _, s.err = s.cs.AddMember(s.ctx, s.admin, c.ID, linli.Given(linli.NewMember{UserID: teacher.ID, Role: linli.RoleTeacher, TeacherType: linli.TeacherCommunity})); s.err != nil {
		return
	}
	now, realClock := db.Now(), db.Now
	defer func() { db.Now = realClock }()
	at := func(t time.Time) { db.Now = func() time.Time { return t } }
	loc := c.Location()
	at(s.on("2026-07-01").At(clock("09:00"), loc))
	planning := storage.Planning{DB: db}
	p := program{kind: linli.KindHolidayClass, title: "暑期围棋班", category: "other", staff: []string{teacher.ID}, ages: [2]int{6, 12}, capacity: 12,
		schedule: linli.Schedule{StartDate: s.on("2026-07-14"), EndDate: s.on("2026-08-20"), StartTime: clock("14:00"), EndTime: clock("15:30"),
			Weekdays: []int{2, 4}, DayFilter: "all_days"}}
	res, err := planning.CreateProgram(s.ctx, s.admin, c.ID, linli.Given(p.change()))
	if err != nil {
		s.err = err
		return
	}
	sessions, _, err := planning.FindSessions(s.ctx, s.admin, linli.SessionFilter{ProgramID: res.Program.ID, From: s.on("2026-07-01"),
		To: linli.DateOf(now, loc), Page: linli.Page{Limit: linli.MaxPageLimit}})
	if err != nil {
		s.err = err
		return
	}
	att := storage.Attendance{DB: db}
	staff := &linli.Actor{User: *teacher}
	for _, sess := range sessions {
		if sess.EndsAt.After(now) || sess.Status != linli.SessionScheduled {
			continue
		}
		at(sess.EndsAt.Add(10 * time.Minute))
		if _, s.err = att.Deliver(s.ctx, staff, sess.ID); s.err != nil {
			return
		}
	}
}
