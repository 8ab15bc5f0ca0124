package browser_test

import (
	"net/http"
	"testing"
	"time"
)

// TestTeacherRollCallAndPickup: a teacher takes the roll of an after-school session; checking a
// child out to nobody asks, beside the child, for the adult who collects them, and to the
// grandmother the parent named it is recorded.
func TestTeacherRollCallAndPickup(t *testing.T) { teacherRollCallJourney(t, inZH) }

func teacherRollCallJourney(t *testing.T, l lang) {
	s := newSite(t)
	teacher, teacherCookie := s.member("李明", "13800000002", "teacher", "school_teacher")
	s.speak(l, teacherCookie)
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
	// Checked out with nobody chosen: the page asks for the collecting adult, not "not authorised".
	p.click(`#roster [data-child="` + child + `"] .seg-present`)
	p.set("#out-"+child, start.Add(length).Format("15:04"))
	p.click("#rollcall-save")
	p.waitText("#err-"+child, l.s("请选择来接孩子的大人", "Choose the adult collecting the child"))
	p.set("#by-"+child, eval[string](p, `[...document.querySelectorAll("#by-`+child+` option")].find((o) => o.textContent.startsWith("陈奶奶")).value`))
	p.click("#rollcall-save")
	p.waitText("#roster-status", l.s("已保存 1 个孩子的记录", "Saved 1 child's record"))
	p.shot(l.shot("roster"))

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
