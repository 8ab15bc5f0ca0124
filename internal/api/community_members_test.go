package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// cmMembers is the answer of GET /communities/{id}/members.
type cmMembers struct {
	Items []struct {
		UserID      string `json:"user_id"`
		Name, Role  string
		TeacherType string `json:"teacher_type"`
	}
	NextCursor *string `json:"next_cursor"`
}

// TestCommunityMembers: the community's coordinators and the administrators read its members,
// with names, roles, logins, status and since; its other members get 403 and see no name,
// everyone else 404 (401 signed out).
func TestCommunityMembers(t *testing.T) {
	e := newEnv(t)
	coordID, coord := e.member("王丽", "13800000001", "coordinator", "")
	teacherID, _ := e.member("李明", "13800000002", "teacher", "school_teacher")
	volunteerID, volunteer := e.member("周强", "13800000005", "volunteer", "")
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities/"+e.Community+"/members", e.Admin,
		map[string]any{"user_id": teacherID, "role": "volunteer"}), nil)
	e.register("陈静", "13800000007")
	parent := e.login("13800000007")
	var other struct{ Community struct{ ID string } }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities", e.Admin, map[string]any{"name": "另一个社区"}), &other)
	otherCoordID := e.register("外社区主任", "13900000001")
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities/"+other.Community.ID+"/members", e.Admin,
		map[string]any{"user_id": otherCoordID, "role": "coordinator"}), nil)
	otherCoord := e.login("13900000001")

	path := "/api/v1/communities/" + e.Community + "/members"
	for _, c := range []struct {
		who, cookie string
		want        int
	}{
		{"anonymous", "", 401}, {"parent", parent, 404}, {"volunteer of the community", volunteer, 403},
		{"coordinator of another community", otherCoord, 404}, {"coordinator", coord, 200}, {"admin", e.Admin, 200},
	} {
		r := e.call("GET", path, c.cookie, nil)
		if r.Status != c.want {
			t.Errorf("GET members as %s: %d, want %d: %s", c.who, r.Status, c.want, r.Body)
		}
		if c.want != 200 && strings.Contains(string(r.Body), "李明") {
			t.Errorf("GET members as %s showed a name: %s", c.who, r.Body)
		}
	}
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("GET", "/api/v1/communities/nope/members", coord, nil))

	r := e.call("GET", path, coord, nil)
	var m cmMembers
	e.must(http.StatusOK, r, &m)
	got := map[string]string{}
	for _, it := range m.Items {
		got[it.Name+" "+it.Role] = it.TeacherType
	}
	want := map[string]string{"王丽 coordinator": "", "李明 teacher": "school_teacher", "李明 volunteer": "", "周强 volunteer": ""}
	if len(got) != len(want) || len(m.Items) != len(want) {
		t.Errorf("members %v, want %v", got, want)
	}
	for k, v := range want {
		if tt, ok := got[k]; !ok || tt != v {
			t.Errorf("member %q: teacher type %q (listed %v), want %q", k, tt, ok, v)
		}
	}
	// API.md: the list adds login, status and since to the names, so that a coordinator tells
	// apart two members of the same name; nothing else about the user.
	var raw struct{ Items []map[string]any }
	if err := json.Unmarshal(r.Body, &raw); err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{"community_id": true, "user_id": true, "name": true, "login": true, "role": true, "teacher_type": true, "status": true, "since": true}
	for _, it := range raw.Items {
		for k := range it {
			if !allowed[k] {
				t.Errorf("a member carries the field %q: %v", k, it)
			}
		}
		if it["status"] != "active" || it["since"] == "" || !strings.HasPrefix(it["login"].(string), "1380000000") {
			t.Errorf("a registered member is listed as %v, want active with its login and since", it)
		}
	}

	// Paged one at a time, the pages hold every member once.
	seen := map[string]bool{}
	for cursor, pages := "", 0; ; pages++ {
		if pages > len(want) {
			t.Fatal("the pages do not end")
		}
		var page cmMembers
		e.must(http.StatusOK, e.call("GET", path+"?limit=1&cursor="+cursor, e.Admin, nil), &page)
		for _, it := range page.Items {
			seen[it.UserID+" "+it.Role] = true
		}
		if page.NextCursor == nil {
			break
		}
		cursor = *page.NextCursor
	}
	for _, k := range []string{coordID + " coordinator", teacherID + " teacher", teacherID + " volunteer", volunteerID + " volunteer"} {
		if !seen[k] {
			t.Errorf("paging one at a time missed %s (saw %v)", k, seen)
		}
	}
	e.mustFail(http.StatusBadRequest, "invalid", "limit", e.call("GET", path+"?limit=0", coord, nil))

	// ?role= keeps one role.
	var teachers cmMembers
	e.must(http.StatusOK, e.call("GET", path+"?role=teacher", coord, nil), &teachers)
	if len(teachers.Items) != 1 || teachers.Items[0].Name != "李明" || teachers.Items[0].Role != "teacher" {
		t.Errorf("?role=teacher lists %+v", teachers.Items)
	}
	e.mustFail(http.StatusBadRequest, "invalid", "role", e.call("GET", path+"?role=parent", coord, nil))
}

// TestPendingMember: a coordinator adds a phone number nobody has registered yet with a name; the
// list shows it pending under that name; registering with that number makes it an active
// volunteer at once, and a pending member is removed by its login.
func TestPendingMember(t *testing.T) {
	e := newEnv(t)
	_, coord := e.member("王丽", "13800000001", "coordinator", "")
	path := "/api/v1/communities/" + e.Community + "/members"
	e.mustFail(http.StatusBadRequest, "invalid", "name", e.call("POST", path, coord, map[string]any{"login": "13800000021", "role": "volunteer"}))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("POST", path, coord, map[string]any{"login": "13800000021", "name": "刘洋", "role": "coordinator"}))
	var added struct {
		Membership struct{ UserID, Login, Name, Role, Status, Since string }
	}
	e.must(http.StatusCreated, e.call("POST", path, coord, map[string]any{"login": "+86 138 0000 0021", "name": "刘洋", "role": "volunteer"}), &added)
	if m := added.Membership; m.UserID != "" || m.Login != "13800000021" || m.Name != "刘洋" || m.Status != "pending" || m.Since == "" {
		t.Errorf("pending membership %+v", m)
	}
	e.must(http.StatusCreated, e.call("POST", path, coord, map[string]any{"login": "13800000022", "name": "孙悦", "role": "teacher", "teacher_type": "community_teacher"}), nil)
	list := func() map[string]string {
		var m struct {
			Items []struct{ Name, Login, Role, Status string }
		}
		e.must(http.StatusOK, e.call("GET", path, coord, nil), &m)
		out := map[string]string{}
		for _, it := range m.Items {
			out[it.Login+" "+it.Role] = it.Name + " " + it.Status
		}
		return out
	}
	if got := list(); got["13800000021 volunteer"] != "刘洋 pending" || got["13800000022 teacher"] != "孙悦 pending" {
		t.Errorf("members %v, want 刘洋 and 孙悦 pending", got)
	}

	// Registering with the number makes the role active, under the name the user chose.
	id := e.register("刘小洋", "13800000021")
	if got := list(); got["13800000021 volunteer"] != "刘小洋 active" {
		t.Errorf("after registering, members %v", got)
	}
	var me struct {
		Memberships []struct{ CommunityID, Role string }
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/me", e.login("13800000021"), nil), &me)
	if len(me.Memberships) != 1 || me.Memberships[0].Role != "volunteer" {
		t.Errorf("the new user's memberships: %+v", me.Memberships)
	}

	// The pending teacher goes by login; the active volunteer by id.
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("DELETE", path+"/13800000022?role=volunteer", coord, nil))
	e.must(http.StatusNoContent, e.call("DELETE", path+"/13800000022?role=teacher", coord, nil), nil)
	e.must(http.StatusNoContent, e.call("DELETE", path+"/"+id+"?role=volunteer", coord, nil), nil)
	if got := list(); len(got) != 1 {
		t.Errorf("after removing both, members %v, want the coordinator only", got)
	}
	// Registering with the removed pending login later gives no role.
	e.register("孙悦", "13800000022")
	e.must(http.StatusOK, e.call("GET", "/api/v1/me", e.login("13800000022"), nil), &me)
	if len(me.Memberships) != 0 {
		t.Errorf("a removed pending member still became a member: %+v", me.Memberships)
	}
}
