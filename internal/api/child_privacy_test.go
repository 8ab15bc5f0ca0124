package api_test

import (
	"strings"
	"testing"

	"github.com/linli/linli/internal/linli"
)

// TestChildOnlyForGuardians checks that anyone but a guardian, administrators and coordinators
// included, gets 404 on every route of a child, sees none of its data, and changes nothing.
func TestChildOnlyForGuardians(t *testing.T) {
	e := newEnv(t)
	_, coord := e.member("王丽", "13800000001", "coordinator", "")
	_, teacher := e.member("李明", "13800000002", "teacher", "school_teacher")
	e.register("陈静", "13800000007")
	e.register("刘洋", "13800000008")
	parentA, parentB := e.login("13800000007"), e.login("13800000008")
	c := e.addChild(parentA, childBody())
	tomorrow := e.today().AddDays(1).String()
	var p struct{ Pickup struct{ ID string } }
	e.must(201, e.call("POST", "/api/v1/children/"+c.ID+"/pickups", parentA, map[string]any{"name": "李桂兰", "relation": "奶奶", "phone": "13900000021"}), &p)
	var d struct{ Delegation struct{ ID string } }
	e.must(201, e.call("POST", "/api/v1/children/"+c.ID+"/pickup-delegations", parentA, map[string]any{"name": "王阿姨", "phone": "13900000031", "date": tomorrow}), &d)
	own := e.addChild(parentB, with(childBody(), "name", "刘一鸣"))
	secrets := []string{"陈小雨", "2018-05-12", "花生过敏", "李桂兰", "13900000021", "王阿姨", "13900000031"}
	before := e.snapshot(childTables)

	base := "/api/v1/children/" + c.ID
	routes := []struct {
		method, path string
		body         any
	}{
		{"GET", base, nil},
		{"PATCH", base, map[string]any{"notes": "改掉"}},
		{"PATCH", base, `{"notes":`}, // 404 comes before 400
		{"POST", base + "/guardians", map[string]any{"login": "13800000008"}},
		{"GET", base + "/pickups", nil},
		{"POST", base + "/pickups", map[string]any{"name": "张三", "relation": "叔叔", "phone": "13900000099"}},
		{"POST", base + "/pickups", map[string]any{"phone": "bad"}},
		{"DELETE", base + "/pickups/" + p.Pickup.ID, nil},
		{"GET", base + "/pickup-delegations", nil},
		{"POST", base + "/pickup-delegations", map[string]any{"name": "张三", "phone": "13900000099", "date": tomorrow}},
		{"DELETE", base + "/pickup-delegations/" + d.Delegation.ID, nil},
		// A's items through B's own child are not found either.
		{"DELETE", "/api/v1/children/" + own.ID + "/pickups/" + p.Pickup.ID, nil},
		{"DELETE", "/api/v1/children/" + own.ID + "/pickup-delegations/" + d.Delegation.ID, nil},
	}
	callers := []struct{ name, cookie string }{{"parent B", parentB}, {"coordinator", coord}, {"teacher", teacher}, {"admin", e.Admin}}
	for _, rt := range routes {
		for _, who := range callers {
			if who.cookie != parentB && strings.Contains(rt.path, own.ID) {
				continue
			}
			r := e.call(rt.method, rt.path, who.cookie, rt.body)
			e.mustFail(404, "not_found", "", r)
			for _, s := range secrets {
				if strings.Contains(string(r.Body), s) {
					t.Errorf("%s %s as %s leaked %q: %s", rt.method, rt.path, who.name, s, r.Body)
				}
			}
		}
		e.mustFail(401, "unauthenticated", "", e.call(rt.method, rt.path, "", rt.body))
	}
	e.mustFail(404, "not_found", "", e.call("GET", "/api/v1/children/not-a-uuid", parentA, nil))
	e.unchanged(before)

	for _, who := range callers {
		var list struct{ Items []testChild }
		e.must(200, e.call("GET", "/api/v1/children", who.cookie, nil), &list)
		for _, it := range list.Items {
			if it.ID == c.ID {
				t.Errorf("%s lists parent A's child", who.name)
			}
		}
	}
	var list struct{ Items []testChild }
	e.must(200, e.call("GET", "/api/v1/children", parentA, nil), &list)
	if len(list.Items) != 1 || list.Items[0].ID != c.ID || list.Items[0].Consent.PolicyVersion != linli.ChildPolicyVersion {
		t.Fatalf("parent A's children: %+v", list.Items)
	}
}

func TestSecondGuardian(t *testing.T) {
	e := newEnv(t)
	e.register("陈静", "13800000007")
	fatherID := e.register("陈刚", "13800000009")
	mother, father := e.login("13800000007"), e.login("13800000009")
	c := e.addChild(mother, childBody())
	e.mustFail(404, "not_found", "", e.call("GET", "/api/v1/children/"+c.ID, father, nil))

	// Inviting answers the same for an unknown login and a registered one; the father accepts.
	e.invite(mother, c.ID, "13999999999")
	e.addGuardian(mother, c.ID, "+86 138-0000-0009", father)
	var got struct{ Child testChild }
	e.must(200, e.call("GET", "/api/v1/children/"+c.ID, father, nil), &got)
	if got.Child.Name != "陈小雨" || len(got.Child.Guardians) != 2 || got.Child.Guardians[1].UserID != fatherID || got.Child.Guardians[1].Name != "陈刚" {
		t.Fatalf("the second guardian reads %+v", got.Child)
	}
	var list struct{ Items []testChild }
	e.must(200, e.call("GET", "/api/v1/children", father, nil), &list)
	if len(list.Items) != 1 || list.Items[0].ID != c.ID || len(list.Items[0].Guardians) != 2 {
		t.Fatalf("the second guardian lists %+v", list.Items)
	}
	// The second guardian may manage the child as the first.
	e.must(201, e.call("POST", "/api/v1/children/"+c.ID+"/pickups", father, map[string]any{"name": "陈建国", "relation": "爷爷", "phone": "13900000022"}), nil)
	e.must(200, e.call("PATCH", "/api/v1/children/"+c.ID, father, map[string]any{"notes": ""}), nil)
}

// TestChildDataStaysOutOfLogs checks that neither the server's log nor the audit log holds a
// child's name, birth date, notes or pickup phone numbers, while every change is audited.
func TestChildDataStaysOutOfLogs(t *testing.T) {
	e := newEnv(t)
	e.register("陈静", "13800000007")
	e.register("陈刚", "13800000009")
	parent := e.login("13800000007")
	c := e.addChild(parent, childBody())
	base := "/api/v1/children/" + c.ID
	e.must(200, e.call("PATCH", base, parent, map[string]any{"notes": "乳糖不耐受"}), nil)
	e.addGuardian(parent, c.ID, "13800000009", e.login("13800000009"))
	var p struct{ Pickup struct{ ID string } }
	e.must(201, e.call("POST", base+"/pickups", parent, map[string]any{"name": "李桂兰", "relation": "奶奶", "phone": "13900000021"}), &p)
	var d struct{ Delegation struct{ ID string } }
	e.must(201, e.call("POST", base+"/pickup-delegations", parent, map[string]any{"name": "王阿姨", "phone": "13900000031",
		"date": e.today().AddDays(1).String()}), &d)
	e.must(204, e.call("DELETE", base+"/pickups/"+p.Pickup.ID, parent, nil), nil)
	e.must(204, e.call("DELETE", base+"/pickup-delegations/"+d.Delegation.ID, parent, nil), nil)
	e.call("POST", "/api/v1/children", parent, with(childBody(), "birth_date", "2099-01-01"))
	e.call("POST", base+"/pickups", parent, map[string]any{"name": "张秘密", "relation": "邻居", "phone": "12345"})

	var audit []string
	rows, err := e.DB.ReadPool().Query(`SELECT action || ' ' || object_type || ' ' || COALESCE(detail, '') FROM audit_log WHERE object_type IN ('child', 'pickup_person', 'pickup_delegation') ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		audit = append(audit, s)
	}
	rows.Close()
	wantActions := []string{"child.create", "child.update", "child.guardian_invite", "child.guardian_add", "pickup_person.create", "pickup_delegation.create", "pickup_person.delete", "pickup_delegation.delete"}
	if len(audit) != len(wantActions) {
		t.Fatalf("audit entries %q, want the actions %q", audit, wantActions)
	}
	for i, a := range wantActions {
		if !strings.HasPrefix(audit[i], a+" ") {
			t.Errorf("audit entry %d is %q, want %s", i, audit[i], a)
		}
	}
	all := e.Logs.String() + strings.Join(audit, "\n")
	for _, s := range []string{"陈小雨", "2018-05-12", "花生过敏", "乳糖不耐受", "李桂兰", "13900000021", "王阿姨", "13900000031", "2099-01-01", "张秘密"} {
		if strings.Contains(all, s) {
			t.Errorf("the logs hold the child's data %q", s)
		}
	}
}
