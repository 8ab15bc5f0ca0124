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
// with names and roles but never a login or a phone number; its other members get 403, everyone
// else 404 (401 signed out).
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
	var raw struct{ Items []map[string]any }
	if err := json.Unmarshal(r.Body, &raw); err != nil {
		t.Fatal(err)
	}
	for _, it := range raw.Items {
		for k := range it {
			if k != "user_id" && k != "name" && k != "role" && k != "teacher_type" {
				t.Errorf("a member carries the field %q: %v", k, it)
			}
		}
	}
	if body := string(r.Body); strings.Contains(body, "login") || strings.Contains(body, "1380000000") {
		t.Errorf("the member list shows a login or a phone number: %s", body)
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
}
