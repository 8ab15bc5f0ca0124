package browser_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/linli/linli/internal/testclock"
)

// TestCoordinatorRollCallOfTwenty: a class of twenty takes one tap on 全部到场, a tap for the one
// late and the one absent, and one save (a single PUT). Marking the session held before any roll
// call asks first, naming how many children have no record; checking out with nobody chosen asks
// for the collecting adult; a check-out before the check-in says so; today's delegate is offered.
func TestCoordinatorRollCallOfTwenty(t *testing.T) { rollCallJourney(t, inZH) }

func rollCallJourney(t *testing.T, l lang) {
	s := newSite(t)
	teacher, _ := s.member("李明", "13800000002", "teacher", "school_teacher")
	_, coord := s.member("王丽", "13800000001", "coordinator", "")
	s.speak(l, coord)
	start := s.now().In(china).Add(-10 * time.Minute)
	var prog struct{ Program struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/programs", s.Admin, map[string]any{
		"kind": "after_school", "title": "四点半课堂", "capacity": 25, "staff_ids": []string{teacher}, "max_children_per_staff": 25,
		"schedule": map[string]any{"start_date": start.Format(time.DateOnly), "end_date": start.Format(time.DateOnly),
			"start_time": start.Format("15:04"), "end_time": start.Add(90 * time.Minute).Format("15:04"), "day_filter": "all_days"},
	}, &prog)
	var sessions struct{ Items []struct{ ID string } }
	s.must(http.StatusOK, "GET", "/sessions?program_id="+prog.Program.ID+"&from="+chinaToday(0), "", nil, &sessions)
	session := sessions.Items[0].ID
	// The families booked half an hour ago, before the session began.
	s.offset -= 30 * time.Minute
	var kids []string
	for f := range 4 {
		_, parent := s.member(fmt.Sprintf("家长%d", f), fmt.Sprintf("1390000000%d", f), "", "")
		var family []string
		for k := range 5 {
			family = append(family, s.child(parent, fmt.Sprintf("孩子%d%d", f, k), "2018-05-01"))
		}
		s.must(http.StatusCreated, "POST", "/bookings", parent, map[string]any{"child_ids": family, "session_id": session}, nil)
		if f == 0 {
			s.must(http.StatusCreated, "POST", "/children/"+family[0]+"/pickup-delegations", parent,
				map[string]string{"name": "王阿姨", "phone": "13600000001", "date": chinaToday(0)}, nil)
		}
		kids = append(kids, family...)
	}
	s.offset += 30 * time.Minute

	p := s.open(t)
	p.signIn(coord)
	p.visit("/roster/"+session, "roster")
	p.waitText("#roster-count", l.s("已报名 20 人", "20 booked"))
	p.click("#deliver")
	p.waitText("#roster-status", l.s("还有 20 个孩子没有点名记录", "20 children have no roll-call record yet"))
	p.waitText("#deliver", l.s("仍然标记", "Mark anyway"))

	stopwatch := testclock.Stopwatch()
	p.click("#all-present")
	p.click(`[data-child="` + kids[1] + `"] .seg-late`)
	p.click(`[data-child="` + kids[2] + `"] .seg-absent`)
	if in := eval[string](p, `document.querySelector("#in-`+kids[5]+`").value`); in != s.now().In(china).Format("15:04") && in != s.now().In(china).Add(-time.Minute).Format("15:04") {
		t.Errorf("check-in defaults to %q, want now", in)
	}
	// Check-outs: one with nobody chosen, one before its check-in.
	p.set("#out-"+kids[0], s.now().In(china).Add(time.Minute).Format("15:04"))
	p.set("#in-"+kids[3], "15:00")
	p.set("#out-"+kids[3], "14:00")
	p.click("#rollcall-save")
	p.waitText("#err-"+kids[0], l.s("请选择来接孩子的大人", "Choose the adult collecting the child"))
	p.waitText("#err-"+kids[3], l.s("签退时间早于签到时间", "The check-out is before the check-in"))
	p.waitText("#roster-status", l.s("有 2 个孩子的记录需要改一下", "2 children's records need a fix"))
	delegate := eval[string](p, `[...document.querySelectorAll("#by-`+kids[0]+` option")].find((o) => o.textContent.includes(`+jsString(l.s("王阿姨（仅限当天）", "王阿姨 (today only)"))+`)).value`)
	p.set("#by-"+kids[0], delegate)
	p.set("#out-"+kids[3], "")
	p.click("#rollcall-save")
	p.waitText("#roster-status", l.s("已保存 20 个孩子的记录，到场 19 人", "Saved 20 children's records; 19 here."))
	p.waitText("#roster-count", l.s("到场 19 人", "19 attended"))
	took := stopwatch()
	// The question asked before the roll call (20 unrecorded) no longer holds once it is saved.
	if got, want := p.text("#deliver"), l.s("标记本次已开课", "Mark this session held"); got != want {
		t.Errorf("after the whole class is recorded the button reads %q, want %q", got, want)
	}
	p.shot(l.shot("rollcall"))
	if n := strings.Count(s.logs.String(), `"method":"PUT","route":"/api/v1/sessions/{id}/attendance","status":200`); n != 1 {
		t.Errorf("the roll call took %d successful PUTs, want one for the class", n)
	}
	t.Logf("roll call of 20 in the browser: %v (one tap for all, two exceptions, one save)", took)

	var roster struct {
		Roster struct {
			Attended int
			Children []struct {
				ID         string
				Attendance *struct {
					Status       string
					PickedUpName string `json:"picked_up_name"`
				}
			}
		}
	}
	s.must(http.StatusOK, "GET", "/sessions/"+session+"/roster", coord, nil, &roster)
	got := map[string]string{}
	for _, c := range roster.Roster.Children {
		if c.Attendance != nil {
			got[c.ID] = c.Attendance.Status + " " + c.Attendance.PickedUpName
		}
	}
	if len(got) != 20 || got[kids[1]] != "late " || got[kids[2]] != "absent " || got[kids[0]] != "present 王阿姨" {
		t.Errorf("recorded %v", got)
	}

	// Everyone has a record now: marking the session held goes through.
	p.click("#deliver")
	p.waitText("#roster-status", l.s("已标记为已开课", "Marked held"))
	p.click("#roster-back") // back to the session the roll call is of
	p.do(p.waitPage("session"))
	p.waitText("main h1", "四点半课堂")
}
