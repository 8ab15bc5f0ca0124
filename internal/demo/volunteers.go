package demo

import (
	"fmt"
	"slices"
	"time"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// shiftHelpers are demo volunteers who only take the Saturday shift.
var shiftHelpers = []person{
	{"郑伟", "13800000009", linli.RoleVolunteer, "", "志愿者 volunteer"},
	{"冯娟", "13800000010", linli.RoleVolunteer, "", "志愿者 volunteer"},
}

// demoTroubles are troubles the demo volunteers found on their visits.
var demoTroubles = []linli.NewConcern{
	{Category: "repairs", Text: "楼道声控灯不亮，老人晚上下楼不便"},
	{Category: "paperwork", Text: "需要协助办理高龄津贴申请"},
	{Category: "health", Text: "血压偏高，建议社区医生上门随访"},
	{Category: "safety", Text: "燃气软管老化，需联系燃气公司更换"},
}

// visitSlots are the weekday hours of fortnightly visits; each volunteer takes each weekday and
// slot once, so that their visits never clash.
var visitSlots = [][2]string{{"09:30", "10:30"}, {"10:30", "11:30"}, {"14:30", "15:30"}, {"15:30", "16:30"}}

// seedVolunteers pairs 周强 and 吴敏 with the households that need visits (fortnightly on a
// weekday; monthly in the evening for left-behind children), logs the visits that ended 48 hours
// before now but a few (every sixth one missed; troubles found, some solved since), approves the
// service of visits older than two weeks, and staffs the Saturday shift: sign-ups for the next
// four Saturdays, approved hours for the past ones (the last one still pending).
func (s *seeder) seedVolunteers(db *storage.DB) {
	if s.err != nil {
		return
	}
	vs, planning := storage.Volunteers{DB: db}, storage.Planning{DB: db}
	for _, p := range shiftHelpers {
		u, err := storage.Accounts{DB: db}.Register(s.ctx, linli.Registration{Name: p.name, Login: p.login, Password: Password})
		if err != nil {
			s.err = err
			return
		}
		s.users[p.login] = u
		if _, s.err = s.cs.AddMember(s.ctx, s.admin, s.community.ID, linli.Given(linli.NewMember{UserID: u.ID, Role: p.role})); s.err != nil {
			return
		}
	}
	now := db.Now()
	plans := s.seedVisitPlans(vs)
	for i, p := range plans {
		s.seedVisitLogs(vs, planning, p, i, now)
	}
	s.seedShift(vs, planning, now)
}

// seedVisitPlans plans visits to every household with needs and returns the plans.
func (s *seeder) seedVisitPlans(vs storage.Volunteers) []*linli.VisitPlan {
	households := s.householdsWithNeeds()
	volunteers := []string{s.users["13800000005"].ID, s.users["13800000006"].ID}
	var plans []*linli.VisitPlan
	for i, h := range households {
		if s.err != nil {
			return nil
		}
		k := i / 2
		cadence, start, slot := linli.CadenceFortnightly, s.on("2026-09-01"), [2]string{"18:30", "19:30"}
		if slices.Contains(h.Needs, "left_behind_child") {
			cadence, start = linli.CadenceMonthly, start.AddDays(k%28)
		} else {
			slot = visitSlots[(k/5)%len(visitSlots)]
			for start.ISOWeekday() != 1+k%5 {
				start = start.AddDays(1)
			}
		}
		end, from, to := s.on("2027-06-30"), clock(slot[0]), clock(slot[1])
		res, err := vs.CreateVisitPlan(s.ctx, s.admin, h.ID, linli.Given(linli.VisitPlanChange{VolunteerIDs: &[]string{volunteers[i%2]},
			Cadence: &cadence, StartDate: &start, EndDate: &end, StartTime: &from, EndTime: &to}))
		if err != nil {
			s.err = fmt.Errorf("demo: visit plan %d: %w", i, err)
			return nil
		}
		plans = append(plans, res.VisitPlan)
	}
	return plans
}

// householdsWithNeeds lists the community's households that have needs, grid by grid.
func (s *seeder) householdsWithNeeds() []linli.Household {
	var out []linli.Household
	grids, _, err := s.cs.FindGrids(s.ctx, s.admin, s.community.ID, linli.Page{Limit: linli.MaxPageLimit})
	for _, g := range grids {
		var buildings []linli.Building
		if err == nil {
			buildings, _, err = s.cs.FindBuildings(s.ctx, s.admin, g.ID, linli.Page{Limit: linli.MaxPageLimit})
		}
		for _, b := range buildings {
			var hs []linli.Household
			if err == nil {
				hs, _, err = s.cs.FindHouseholds(s.ctx, s.admin, b.ID, linli.Page{Limit: linli.MaxPageLimit})
			}
			for _, h := range hs {
				if len(h.Needs) > 0 {
					out = append(out, h)
				}
			}
		}
	}
	s.err = err
	return out
}

// seedVisitLogs logs the n-th plan's visits that are overdue at now, but for the last one or
// three of some plans (see below); the first done visit of every third plan raises a trouble, solved for every
// other one.
func (s *seeder) seedVisitLogs(vs storage.Volunteers, planning storage.Planning, p *linli.VisitPlan, n int, now time.Time) {
	if s.err != nil {
		return
	}
	visitor := &linli.Actor{User: *s.volunteer(p.VolunteerIDs[0])}
	visits, _, err := planning.FindSessions(s.ctx, s.admin, linli.SessionFilter{ProgramID: p.ProgramID, From: p.StartDate, Page: linli.Page{Limit: linli.MaxPageLimit}})
	if err != nil {
		s.err = err
		return
	}
	past := slices.IndexFunc(visits, func(v linli.Session) bool { return !linli.VisitOverdue(v.EndsAt, now) })
	if past < 0 {
		past = len(visits)
	}
	// Left for the overdue lists: the last visit of every fourth plan (吴敏's), and the last
	// three of every twelfth plan from the third on (周强's), the oldest of them weeks overdue.
	switch {
	case n%4 == 1:
		past -= min(1, past)
	case n%12 == 2:
		past -= min(3, past)
	}
	raised := false
	for i, v := range visits[:past] {
		e := linli.VisitLogEntry{Outcome: linli.VisitDone, Minutes: new(40 + 5*(i%4)), Notes: "聊了家常，身体状况良好"}
		if (n+i)%6 == 5 {
			e = linli.VisitLogEntry{Outcome: linli.VisitMissed, Notes: "家中无人，已电话联系"}
		} else if !raised && n%3 == 0 {
			e.Concerns, raised = []linli.NewConcern{demoTroubles[(n/3)%len(demoTroubles)]}, true
		}
		log, err := vs.LogVisit(s.ctx, visitor, v.ID, linli.Given(e))
		if err != nil {
			s.err = err
			return
		}
		for _, c := range log.Concerns {
			s.progressConcern(vs, visitor, c.ID, n%2 == 0)
		}
		if log.ServiceRecord != nil && v.EndsAt.Before(now.AddDate(0, 0, -14)) {
			if _, s.err = vs.ApproveService(s.ctx, s.admin, log.ServiceRecord.ID); s.err != nil {
				return
			}
		}
	}
}

// progressConcern has the visitor take a trouble up and, when solved, the coordinator resolve it.
func (s *seeder) progressConcern(vs storage.Volunteers, visitor *linli.Actor, id string, solved bool) {
	status, note := linli.ConcernInProgress, "已报社区，跟进中"
	if _, s.err = vs.UpdateConcern(s.ctx, visitor, id, linli.Given(linli.ConcernChange{Status: &status, Note: &note})); s.err != nil || !solved {
		return
	}
	status, note = linli.ConcernResolved, "已协调解决，回访确认"
	_, s.err = vs.UpdateConcern(s.ctx, s.admin, id, linli.Given(linli.ConcernChange{Status: &status, Note: &note}))
}

// volunteer returns the demo user with the id.
func (s *seeder) volunteer(id string) *linli.User {
	for _, u := range s.users {
		if u.ID == id {
			return u
		}
	}
	return nil
}

// seedShift signs the helpers up for the next four Saturday shifts and records the time served
// on the past ones by the shift's staff and helpers, approved but for the last.
func (s *seeder) seedShift(vs storage.Volunteers, planning storage.Planning, now time.Time) {
	if s.err != nil {
		return
	}
	shifts, _, err := planning.FindPrograms(s.ctx, s.admin, linli.ProgramFilter{CommunityID: s.community.ID, Kind: linli.KindVolunteerShift})
	if err != nil || len(shifts) == 0 {
		s.err = err
		return
	}
	sessions, _, err := planning.FindSessions(s.ctx, s.admin, linli.SessionFilter{ProgramID: shifts[0].ID, From: shifts[0].Schedule.StartDate, Page: linli.Page{Limit: linli.MaxPageLimit}})
	if err != nil {
		s.err = err
		return
	}
	helpers := []string{s.users["13800000009"].ID, s.users["13800000010"].ID, s.users["13800000004"].ID}
	servants := append(slices.Clone(shifts[0].StaffIDs), helpers[:2]...)
	upcoming := 0
	for i, sess := range sessions {
		switch {
		case sess.StartsAt.After(now) && upcoming < 4:
			upcoming++
			for _, h := range helpers[:1+upcoming%3] {
				if _, s.err = vs.SignUp(s.ctx, s.admin, sess.ID, linli.Given(linli.SignupRequest{UserID: h})); s.err != nil {
					return
				}
			}
		case sess.EndsAt.Before(now):
			var sheet linli.ServiceSheet
			for j, u := range servants {
				in, out := sess.StartsAt.Add(-10*time.Minute), sess.EndsAt.Add(time.Duration(10*j)*time.Minute)
				sheet.Records = append(sheet.Records, linli.ServiceEntry{UserID: u, CheckIn: in.Format(time.RFC3339), CheckOut: out.Format(time.RFC3339)})
			}
			recs, err := vs.RecordService(s.ctx, s.admin, sess.ID, linli.Given(sheet))
			if err != nil {
				s.err = err
				return
			}
			if i+1 < len(sessions) && sessions[i+1].EndsAt.Before(now) {
				for _, r := range recs {
					if _, s.err = vs.ApproveService(s.ctx, s.admin, r.ID); s.err != nil {
						return
					}
				}
			}
		}
	}
}
