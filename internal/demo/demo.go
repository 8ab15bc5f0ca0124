// Package demo seeds a demo city on first run: one community shaped like the real ones (grids,
// buildings, households, venues, a coordinator, teachers of each type, volunteers, parents and
// their children), in Chinese, through the same services the API uses so that every rule holds
// for the demo too.
package demo

import (
	"context"
	"fmt"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// Password is the password of every demo login.
const Password = "linli-demo"

// Login is a demo account to print for the user.
type Login struct {
	Login string
	Role  string
}

// person is a demo user and the role they hold.
type person struct {
	name, login, role, teacherType, label string
}

var people = []person{
	{"系统管理员", "13800000000", "", "", "管理员 admin"},
	{"王丽", "13800000001", linli.RoleCoordinator, "", "社区协调员 coordinator"},
	{"李明", "13800000002", linli.RoleTeacher, linli.TeacherSchool, "学校教师 school teacher"},
	{"赵芳", "13800000003", linli.RoleTeacher, linli.TeacherCommunity, "社区兼职教师 community teacher"},
	{"孙秀英", "13800000004", linli.RoleTeacher, linli.TeacherResident, "居民志愿者教师 resident volunteer teacher"},
	{"周强", "13800000005", linli.RoleVolunteer, "", "志愿者 volunteer"},
	{"吴敏", "13800000006", linli.RoleVolunteer, "", "志愿者 volunteer"},
	{"陈静", "13800000007", "", "", "家长 parent"},
	{"刘洋", "13800000008", "", "", "家长 parent"},
}

// Seed creates the demo data unless a community already exists, and returns the demo logins.
func Seed(ctx context.Context, db *storage.DB) ([]Login, error) {
	logins := make([]Login, len(people))
	for i, p := range people {
		logins[i] = Login{p.login, p.label}
	}
	cs := storage.Communities{DB: db}
	existing, _, err := cs.FindCommunities(ctx, linli.Page{Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(existing) > 0 {
		return logins, nil
	}
	accounts := storage.Accounts{DB: db}
	admin, err := accounts.CreateAdmin(ctx, linli.Registration{Name: people[0].name, Login: people[0].login, Password: Password})
	if err != nil {
		return nil, err
	}
	a := &linli.Actor{User: *admin}
	s := &seeder{ctx: ctx, cs: cs, admin: a, years: schoolYearsFrom2026(db.Now())}
	s.seedCommunity()
	s.seedUsers(accounts)
	s.seedPlaces()
	s.seedPrograms(storage.Planning{DB: db})
	s.seedChildren(storage.Children{DB: db})
	s.seedVolunteers(db)
	s.seedAttendance(db)
	s.seedJourneys(db)
	s.seedRounds(db)
	if s.err != nil {
		return nil, s.err
	}
	return logins, nil
}

// seeder carries the first error through the steps, so each step reads as a list of facts.
type seeder struct {
	ctx       context.Context
	cs        storage.Communities
	admin     *linli.Actor
	community *linli.Community
	users     map[string]*linli.User
	years     int // school years from the plan's (2026–27) to the demo clock's, see on
	err       error
}

func str(s string) *string { return &s }

func (s *seeder) seedCommunity() {
	s.community, s.err = s.cs.CreateCommunity(s.ctx, s.admin, linli.Given(linli.CommunityChange{
		Name: str("幸福里社区"), District: str("和平区"), City: str("沈阳市"),
	}))
}

func (s *seeder) seedUsers(accounts storage.Accounts) {
	s.users = map[string]*linli.User{}
	for _, p := range people[1:] {
		if s.err != nil {
			return
		}
		u, err := accounts.Register(s.ctx, linli.Registration{Name: p.name, Login: p.login, Password: Password})
		if err != nil {
			s.err = err
			return
		}
		s.users[p.login] = u
		if p.role != "" {
			_, s.err = s.cs.AddMember(s.ctx, s.admin, s.community.ID, linli.Given(linli.NewMember{UserID: u.ID, Role: p.role, TeacherType: p.teacherType}))
		}
	}
}

func (s *seeder) seedPlaces() {
	if s.err != nil {
		return
	}
	id := s.community.ID
	for _, v := range []linli.Venue{
		{Name: "社区活动室", Capacity: 40, Address: "幸福里 3 号楼一层"},
		{Name: "书画室", Capacity: 20, Address: "党群服务中心二层"},
		{Name: "科学实验室", Capacity: 24, Address: "党群服务中心三层"},
	} {
		if _, s.err = s.cs.CreateVenue(s.ctx, s.admin, id, linli.Given(v)); s.err != nil {
			return
		}
	}
	needs := [][]string{{"elderly_alone"}, {}, {"elderly", "disabled"}, {"left_behind_child"}}
	every := 14
	for g, grid := range []string{"第一网格（幸福里小区）", "第二网格（和平苑）", "第三网格（长白新村）", "第四网格（锦绣园）"} {
		gr, err := s.cs.CreateGrid(s.ctx, s.admin, id, linli.Given(linli.Named{Name: grid}))
		if err != nil {
			s.err = err
			return
		}
		for b := 1; b <= 3; b++ {
			bl, err := s.cs.CreateBuilding(s.ctx, s.admin, gr.ID, linli.Given(linli.Named{Name: fmt.Sprintf("%d 号楼", g*3+b)}))
			if err != nil {
				s.err = err
				return
			}
			for h := 0; h < 4; h++ {
				label := fmt.Sprintf("%d 单元 %d0%d 室", h/2+1, h%2+2, h+1)
				ch := linli.HouseholdChange{Label: &label, Needs: &needs[h]}
				if len(needs[h]) > 0 {
					ch.VisitEveryDays = &every
					ch.ContactName = str("住户")
				}
				if _, s.err = s.cs.CreateHousehold(s.ctx, s.admin, bl.ID, linli.Given(ch)); s.err != nil {
					return
				}
			}
		}
	}
}
