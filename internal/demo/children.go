package demo

import (
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// demoChild is a child of a demo parent, with one pickup person.
type demoChild struct {
	parent, name, birth, notes string
	pickup                     linli.NewPickupPerson
}

var demoChildren = []demoChild{
	{"13800000007", "陈小雨", "2018-05-12", "对花生过敏", linli.NewPickupPerson{Name: "李桂兰", Relation: "奶奶", Phone: "13900000021"}},
	{"13800000007", "陈小阳", "2020-09-03", "", linli.NewPickupPerson{Name: "李桂兰", Relation: "奶奶", Phone: "13900000021"}},
	{"13800000008", "刘一鸣", "2016-11-20", "", linli.NewPickupPerson{Name: "刘建国", Relation: "爷爷", Phone: "13900000022"}},
}

// seedChildren registers the demo parents' children, with the parents' consent to the current
// child-data policy, and a grandparent each who may collect them.
func (s *seeder) seedChildren(children storage.Children) {
	version := linli.ChildPolicyVersion
	for _, c := range demoChildren {
		if s.err != nil {
			return
		}
		parent := &linli.Actor{User: *s.users[c.parent]}
		birth := s.on(c.birth)
		child, err := children.CreateChild(s.ctx, parent, linli.Given(linli.ChildChange{Name: &c.name, BirthDate: &birth, Notes: &c.notes, ConsentPolicyVersion: &version}))
		if err != nil {
			s.err = err
			return
		}
		_, s.err = children.CreatePickupPerson(s.ctx, parent, child.ID, linli.Given(c.pickup))
	}
}
