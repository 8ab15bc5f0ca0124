package browser_test

import (
	"net/http"
	"testing"
	"time"
)

// TestTeacherRollCallAndPickup: a teacher takes the roll of an after-school session; checking a
// child out to nobody is refused beside the pickup field, and to the grandmother the parent named
// it is recorded.
func TestTeacherRollCallAndPickup(t *testing.T) {
	s := newSite(t)
	teacher, teacherCookie := s.member("李明", "13800000002", "teacher", "school_teacher")
	start, length := s.now().In(china).Add(20*time.Minute), 30*time.Minute
	var prog struct{ Program struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/programs", s.Admin, map[string]any{
		"kind": "after_school", "title": "四点半课堂", "capacity": 10, "age_min": 6, "age_max": 12, "staff_ids": []string{teacher},
		"schedule": map[string]any{"start_date": start.Format(time.DateOnly), "end_date": start.Format(time.DateOnly),
			"start_time": start.Format("15:04"), "end_time": start.Add(length).Format("15:04"), "day_filter": "all_days"},
	}, &prog)
	var sessions struct{ Items []struct{ ID string } }
	s.must(http.StatusOK, "GET", "/sessions?program_id="+prog.Program.ID, "", nil, &sessions)
	_, parent := s.member("陈静", "13800000007", "", "")
	child := s.child(parent, "陈小雨", "2018-03-08")
	s.must(http.StatusCreated, "POST", "/children/"+child+"/pickups", parent, map[string]string{"name": "陈奶奶", "relation": "奶奶", "phone": "13900001111"}, nil)
	s.must(http.StatusCreated, "POST", "/bookings", parent, map[string]string{"child_id": child, "session_id": sessions.Items[0].ID}, nil)

	p := s.open(t)
	p.signIn(teacherCookie)
	p.visit("/teach", "teach")
	p.waitText("main", "四点半课堂")
	p.click(`main a[href="#/roster/` + sessions.Items[0].ID + `"]`)
	p.do(p.waitPage("roster"))
	p.waitText("#roster", "陈小雨")
	p.waitText("#roster", "13900001111")
	form := "#att-" + child
	p.set(form+" [name=check_out]", start.Add(length).Format("15:04"))
	p.click(form + " button[type=submit]")
	p.waitText("#att-"+child+"-f-picked_up_by-error", "此人未获授权接走孩子")
	p.set(form+" [name=picked_up_by]", eval[string](p, `[...document.querySelectorAll("`+form+` [name=picked_up_by] option")].find((o) => o.textContent.startsWith("陈奶奶")).value`))
	p.click(form + " button[type=submit]")
	p.waitText(form+" .form-ok", "已保存。")
	p.shot("roster")

	var roster struct {
		Roster struct {
			Children []struct {
				Attendance *struct {
					PickedUpName string `json:"picked_up_name"`
				}
			}
		}
	}
	s.must(http.StatusOK, "GET", "/sessions/"+sessions.Items[0].ID+"/roster", teacherCookie, nil, &roster)
	if c := roster.Roster.Children; len(c) != 1 || c[0].Attendance == nil || c[0].Attendance.PickedUpName != "陈奶奶" {
		t.Errorf("roster after check-out: %+v", c)
	}
}
