package citygen

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// community builds one community in one transaction.
type community struct {
	i                                                  int
	o                                                  Options
	year                                               year
	calendar, hash                                     string
	rep                                                *Report
	r                                                  *rand.Rand
	grids, buildings, households, children, staff      int
	person                                             int // the city-wide index of the next person
	b                                                  *storage.Bulk
	c                                                  *linli.Community
	venues                                             map[string]string
	visitable                                          []string // households that need visits
	coordinator, school, communityTeacher, resident    string
	volunteers                                         []string
	kids, kidGuardian                                  []string
	afterSchool                                        []string // children booked into after-school care
	guardianName                                       map[string]string
	afterSchoolProgram, holidayPrograms, shiftPrograms []string
}

// build runs the phases, timing each.
func (c *community) build(b *storage.Bulk) error {
	c.b = b
	for _, step := range []struct {
		phase string
		fn    func() error
	}{
		{"places", c.places}, {"people", c.people}, {"programs", c.programs},
		{"visit plans", c.visitPlans}, {"bookings", c.bookings}, {"attendance", c.attendance},
	} {
		t0 := time.Now()
		if err := step.fn(); err != nil {
			return fmt.Errorf("%s: %w", step.phase, err)
		}
		c.rep.Durations[step.phase] += time.Since(t0)
	}
	return nil
}

func str(s string) *string { return &s }

// places writes the community, its venues, grids, buildings and households; one household in
// ten needs visits (an elderly resident living alone, say), with a contact.
func (c *community) places() (err error) {
	if c.c, err = c.b.Community(communityName(c.i), districts[c.i%len(districts)], "沈阳市", c.calendar); err != nil {
		return err
	}
	c.venues = map[string]string{}
	for _, v := range []linli.Venue{
		{Name: "社区活动室", Capacity: 40, Address: "党群服务中心一层"},
		{Name: "书画室", Capacity: 20, Address: "党群服务中心二层"},
		{Name: "科学实验室", Capacity: 24, Address: "党群服务中心三层"},
	} {
		if c.venues[v.Name], err = c.b.Venue(c.c.ID, v); err != nil {
			return err
		}
	}
	compounds := []string{"小区", "花园", "新村", "家园", "公寓"}
	needs := [][]string{{"elderly_alone"}, {"elderly"}, {"elderly", "disabled"}, {"left_behind_child"}, {"low_income"}, {"veteran"}}
	every := 14
	building, household := 0, 0
	for g := range c.grids {
		name := fmt.Sprintf("第%d网格（%s%s）", g+1, string(surnames[(c.i+g)%len(surnames)])+"家", compounds[g%len(compounds)])
		grid, err := c.b.Grid(c.c.ID, name)
		if err != nil {
			return err
		}
		for range share(c.buildings, c.grids, g) {
			building++
			bl, err := c.b.Building(c.c.ID, grid, fmt.Sprintf("%d 号楼", building))
			if err != nil {
				return err
			}
			n := share(c.households, c.buildings, building-1)
			for h := range n {
				label := fmt.Sprintf("%d 单元 %d0%d 室", h/12+1, (h%12)/2+1, h%2+1)
				ch := linli.HouseholdChange{Label: &label}
				if household%10 == 0 {
					need := needs[c.r.IntN(len(needs))]
					phone := mobile(1_000_000+c.i*10_000+household, c.o.Seed) // not a person of the city
					ch.Needs, ch.VisitEveryDays, ch.ContactName, ch.ContactPhone = &need, &every, str(personName(c.r, 0)), &phone
				}
				id, err := c.b.Household(c.c.ID, bl, ch)
				if err != nil {
					return err
				}
				if household%10 == 0 {
					c.visitable = append(c.visitable, id)
				}
				household++
			}
		}
	}
	return nil
}

// user adds the next person of the city.
func (c *community) user(name string) (string, error) {
	id, err := c.b.User(name, mobile(c.person, c.o.Seed), c.hash)
	c.person++
	return id, err
}

// people writes the staff (a coordinator, a school teacher, a community teacher, a resident
// volunteer teacher, the rest volunteers) and the families: a parent per child, every fifth
// child a younger sibling of the one before.
func (c *community) people() (err error) {
	roles := []struct {
		id                *string
		role, teacherType string
	}{
		{&c.coordinator, linli.RoleCoordinator, ""}, {&c.school, linli.RoleTeacher, linli.TeacherSchool},
		{&c.communityTeacher, linli.RoleTeacher, linli.TeacherCommunity}, {&c.resident, linli.RoleTeacher, linli.TeacherResident},
	}
	for _, r := range roles {
		if *r.id, err = c.user(personName(c.r, 0)); err != nil {
			return err
		}
		if err := c.b.Member(c.c.ID, *r.id, r.role, r.teacherType); err != nil {
			return err
		}
	}
	for range c.staff - len(roles) {
		v, err := c.user(personName(c.r, 0))
		if err != nil {
			return err
		}
		if err := c.b.Member(c.c.ID, v, linli.RoleVolunteer, ""); err != nil {
			return err
		}
		c.volunteers = append(c.volunteers, v)
	}
	today := linli.DateOf(c.year.now, linli.ChinaTime)
	c.guardianName = map[string]string{}
	var parent string
	var surname rune
	for k := range c.children {
		if k%5 != 4 || parent == "" {
			surname = pickSurname(c.r)
			name := personName(c.r, surname)
			if parent, err = c.user(name); err != nil {
				return err
			}
			c.guardianName[parent] = name
			c.rep.Parents++
		}
		age := linli.MinChildAge + c.r.IntN(linli.MaxChildAge-linli.MinChildAge+1)
		birth := today.AddDays(-age*365 - c.r.IntN(360))
		kid, err := c.b.Child(parent, personName(c.r, surname), birth)
		if err != nil {
			return err
		}
		c.kids, c.kidGuardian = append(c.kids, kid), append(c.kidGuardian, parent)
		if age >= 6 {
			c.afterSchool = append(c.afterSchool, kid)
		}
	}
	return nil
}
