package demo

import (
	"fmt"
	"time"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// roundClass is a class planned for an application round: weekly on one day, from a month after
// the demo's today for six weeks, so that its sessions start after the round closes.
type roundClass struct {
	title, category string
	weekday         int
	start, end      string
	ages            [2]int
	capacity        int
}

// roundApplication is a demo family's application: the children by name, the wishes by title.
type roundApplication struct {
	parent   string
	children []string
	wishes   []string
}

var (
	openClasses = []roundClass{
		{"书法精品班", "calligraphy", 6, "09:00", "10:30", [2]int{6, 12}, 12},
		{"小主持人班", "speech", 6, "14:00", "15:30", [2]int{5, 12}, 10},
		{"少儿编程入门", "science", 7, "09:00", "10:30", [2]int{8, 12}, 8},
	}
	openApplications = []roundApplication{
		{"13800000007", []string{"陈小雨"}, []string{"书法精品班", "小主持人班"}},
		{"13800000008", []string{"刘一鸣"}, []string{"少儿编程入门", "书法精品班"}},
		{"13910000001", []string{"张可欣"}, []string{"书法精品班"}},
		{"13910000003", []string{"李梓萱"}, []string{"少儿编程入门", "书法精品班"}},
		{"13910000005", []string{"孙浩然"}, []string{"少儿编程入门"}},
	}
	drawnClasses = []roundClass{
		{"围棋启蒙班", "other", 6, "16:00", "17:30", [2]int{5, 12}, 4},
		{"少儿舞蹈班", "art", 7, "16:00", "17:30", [2]int{4, 12}, 3},
	}
	drawnApplications = []roundApplication{
		{"13800000007", []string{"陈小雨", "陈小阳"}, []string{"少儿舞蹈班", "围棋启蒙班"}},
		{"13800000008", []string{"刘一鸣"}, []string{"围棋启蒙班"}},
		{"13910000002", []string{"王子涵"}, []string{"少儿舞蹈班", "围棋启蒙班"}},
		{"13910000004", []string{"赵宇轩"}, []string{"少儿舞蹈班"}},
		{"13910000006", []string{"周诗涵"}, []string{"围棋启蒙班", "少儿舞蹈班"}},
		{"13910000007", []string{"吴俊熙"}, []string{"围棋启蒙班"}},
		{"13910000008", []string{"郑雨桐"}, []string{"少儿舞蹈班", "围棋启蒙班"}},
	}
)

// seedRounds adds two application rounds (报名摇号): one open for applications this week, where
// 陈静 has applied for 陈小雨 and may still apply for 陈小阳, and one drawn with a public number,
// where 陈静's two applied together; each page of rounds has something to show.
func (s *seeder) seedRounds(db *storage.DB) {
	if s.err != nil {
		return
	}
	now := db.Now()
	today := linli.DateOf(now, s.community.Location())
	rounds := storage.Rounds{DB: db}
	stamp := func(t time.Time) *string { v := t.Format(time.RFC3339); return &v }
	plan := func(title string, classes []roundClass, opens, closes time.Time, apps []roundApplication) (string, map[string]string) {
		ids := s.roundClasses(storage.Planning{DB: db}, classes, today.AddDays(30))
		if s.err != nil {
			return "", nil
		}
		programIDs := make([]string, 0, len(classes))
		for _, c := range classes {
			programIDs = append(programIDs, ids[c.title])
		}
		source := fmt.Sprintf("福彩3D %s 开奖号码，三位数字连写", linli.DateOf(closes, s.community.Location()).AddDays(1))
		wishes, places := 3, 1
		groups := []linli.RoundGroupIn{{Key: "hardship", Label: "困境儿童"}, {Key: "working", Label: "双职工家庭"}}
		r, err := rounds.CreateRound(s.ctx, s.admin, s.community.ID, linli.Given(linli.RoundChange{Title: &title, ProgramIDs: programIDs,
			OpensAt: stamp(opens), ClosesAt: stamp(closes), EntropySource: &source, MaxWishes: &wishes, MaxPlacesPerChild: &places, PriorityGroups: &groups}))
		if err != nil {
			s.err = fmt.Errorf("demo: round %s: %w", title, err)
			return "", nil
		}
		for _, a := range apps {
			s.applyIn(db, rounds, r.ID, a, ids)
		}
		return r.ID, ids
	}
	plan("周末书法、主持、编程班报名", openClasses, now.Add(-48*time.Hour), now.Add(5*24*time.Hour), openApplications)
	drawn, _ := plan("周末围棋、舞蹈班报名", drawnClasses, now.Add(-7*24*time.Hour), now.Add(24*time.Hour), drawnApplications)
	if s.err != nil {
		return
	}
	if _, s.err = rounds.CloseRound(s.ctx, s.admin, drawn); s.err != nil {
		return
	}
	entropy := "385"
	_, _, s.err = rounds.DrawRound(s.ctx, s.admin, drawn, linli.Given(linli.DrawBody{PublicEntropy: &entropy}))
}

// roundClasses plans the classes of a round from the date first and returns their ids by title.
func (s *seeder) roundClasses(planning storage.Planning, classes []roundClass, first linli.Date) map[string]string {
	ids := map[string]string{}
	for _, c := range classes {
		p, err := planning.CreateProgram(s.ctx, s.admin, s.community.ID, linli.Given(program{kind: linli.KindHolidayClass, title: c.title,
			category: c.category, ages: c.ages, capacity: c.capacity, staff: []string{s.users["13800000003"].ID},
			schedule: linli.Schedule{StartDate: first, EndDate: first.AddDays(41), StartTime: clock(c.start), EndTime: clock(c.end),
				Weekdays: []int{c.weekday}, DayFilter: "all_days"}}.change()))
		if err != nil {
			s.err = fmt.Errorf("demo: class %s: %w", c.title, err)
			return nil
		}
		ids[c.title] = p.Program.ID
	}
	return ids
}

// applyIn sends a family's application to a round.
func (s *seeder) applyIn(db *storage.DB, rounds storage.Rounds, roundID string, a roundApplication, programs map[string]string) {
	if s.err != nil {
		return
	}
	f := s.parentAndChildren(db, a.parent)
	body := linli.ApplicationBody{}
	for _, name := range a.children {
		body.ChildIDs = append(body.ChildIDs, f.children[name])
	}
	for _, title := range a.wishes {
		body.ProgramIDs = append(body.ProgramIDs, programs[title])
	}
	if _, err := rounds.Apply(s.ctx, f.actor, roundID, body.ChildIDs[0], linli.Given(body)); err != nil {
		s.err = fmt.Errorf("demo: %s applies: %w", a.parent, err)
	}
}
