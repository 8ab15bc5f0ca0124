package browser_test

import (
	"net/http"
	"testing"
	"time"
)

// TestCoordinatorHoursAndVisits: the approvals list pending hours in date order; one is rejected
// with a note (asked for when missing) and the rest approved at once; the class-hours report
// says that by teacher a shared session counts for each, and leads from a program's rating to
// its comments; a resolved trouble stays under 已解决.
func TestCoordinatorHoursAndVisits(t *testing.T) { hoursAndVisitsJourney(t, inZH) }

func hoursAndVisitsJourney(t *testing.T, l lang) {
	s := newSite(t)
	_, coord := s.member("王丽", "13800000001", "coordinator", "")
	s.speak(l, coord)
	vid, volunteer := s.member("周强", "13800000005", "volunteer", "")
	t1, _ := s.member("李明", "13800000002", "teacher", "school_teacher")
	t2, _ := s.member("赵芳", "13800000003", "teacher", "community_teacher")

	// Hours on three past shifts, recorded newest first.
	var shift struct{ Program struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/programs", s.Admin, map[string]any{
		"kind": "volunteer_shift", "title": "社区环境整治", "capacity": 5,
		"schedule": map[string]any{"start_date": chinaToday(-3), "end_date": chinaToday(-1), "start_time": "09:00", "end_time": "11:00", "day_filter": "all_days"},
	}, &shift)
	var shifts struct {
		Items []struct{ ID, StartsAt string }
	}
	s.must(http.StatusOK, "GET", "/sessions?program_id="+shift.Program.ID+"&from="+chinaToday(-3), "", nil, &shifts)
	record := map[int]string{}
	for _, i := range []int{2, 0, 1} {
		day := chinaToday(i - 3)
		var rec struct{ Records []struct{ ID string } }
		s.must(http.StatusOK, "PUT", "/sessions/"+shifts.Items[i].ID+"/service", coord, map[string]any{"records": []map[string]any{
			{"user_id": vid, "check_in": day + "T09:00:00+08:00", "check_out": day + "T11:00:00+08:00"}}}, &rec)
		record[i] = rec.Records[0].ID
	}

	// A holiday class taught by two, booked three days ago, held, and rated with a comment.
	s.offset -= 72 * time.Hour
	var class struct{ Program struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/programs", s.Admin, map[string]any{
		"kind": "holiday_class", "title": "周末书法班", "capacity": 10, "staff_ids": []string{t1, t2},
		"schedule": map[string]any{"start_date": chinaToday(-2), "end_date": chinaToday(-2), "start_time": "09:00", "end_time": "10:30", "day_filter": "all_days"},
	}, &class)
	var held struct{ Items []struct{ ID string } }
	s.must(http.StatusOK, "GET", "/sessions?program_id="+class.Program.ID+"&from="+chinaToday(-2), "", nil, &held)
	_, parent := s.member("陈静", "13800000007", "", "")
	child := s.child(parent, "陈小雨", "2018-05-12")
	s.must(http.StatusCreated, "POST", "/bookings", parent, map[string]any{"child_id": child, "session_id": held.Items[0].ID}, nil)
	s.offset += 72 * time.Hour
	s.must(http.StatusOK, "PUT", "/sessions/"+held.Items[0].ID+"/attendance", coord, map[string]any{"records": []map[string]any{{"child_id": child, "status": "present"}}}, nil)
	s.must(http.StatusOK, "POST", "/sessions/"+held.Items[0].ID+"/deliver", coord, nil, nil)
	s.must(http.StatusCreated, "POST", "/sessions/"+held.Items[0].ID+"/feedback", parent, map[string]any{"rating": 4, "comment": "教室有点冷，孩子很喜欢老师"}, nil)

	p := s.open(t)
	p.signIn(coord)
	p.visit("/approvals", "approvals")
	p.waitText("#approval-list", "周强")
	order := eval[[]string](p, `[...document.querySelectorAll("#approval-list [data-record]")].map((li) => li.dataset.record)`)
	if len(order) != 3 || order[0] != record[0] || order[1] != record[1] || order[2] != record[2] {
		t.Errorf("the approvals are in the order %v, want by date %v", order, []string{record[0], record[1], record[2]})
	}
	card := `#approval-list [data-record="` + record[1] + `"]`
	eval[bool](p, `(document.querySelector(`+jsString(card+" details")+`).open = true)`)
	p.click(card + " form button[type=submit]")
	p.waitText(card+" .field-error", l.s("请写明原因", "Say why"))
	p.fill(card+" form [name=note]", "签到表上没有他")
	p.click(card + " form button[type=submit]")
	p.waitText(card, l.s("已退回：签到表上没有他", "Rejected: 签到表上没有他"))
	p.waitText("#approve-all", l.s("全部确认（2 条）", "Approve all (2)")) // three waited; one is rejected
	p.click("#approve-all")
	p.waitText("#approve-all", l.s("再按一次确认", "Press again to confirm"))
	p.click("#approve-all")
	p.waitText("#approvals-summary", l.s("已全部确认，共 2 条", "All 2 approved."))
	p.shot(l.shot("approvals"))
	var rejected struct {
		Items []struct {
			ID         string
			RejectNote string `json:"reject_note"`
		}
	}
	s.must(http.StatusOK, "GET", "/service?community_id="+s.Community+"&status=rejected", coord, nil, &rejected)
	if len(rejected.Items) != 1 || rejected.Items[0].ID != record[1] || rejected.Items[0].RejectNote != "签到表上没有他" {
		t.Errorf("rejected records %+v", rejected.Items)
	}

	// The report by teacher says a shared session counts for each; by program it leads to the comments.
	p.visit("/reports?group_by=teacher&from="+chinaToday(-30)+"&to="+chinaToday(0), "reports")
	p.waitText("#report-totals", l.s("共开课 1 次", "1 session held"))
	p.waitText("#report-table", "李明")
	p.waitText("#report-table", "赵芳")
	p.waitText("main", l.s("两位老师合上的一次课会在每位老师名下各算一次", "a session taught by two counts once for each of them"))
	p.visit("/reports?group_by=program&from="+chinaToday(-30)+"&to="+chinaToday(0), "reports")
	p.waitText("#report-table", l.s("评价 4 分（1 条）", "rated 4 (1 rating)"))
	p.click(`#report-table a[href="#/programs/` + class.Program.ID + `"]`)
	p.do(p.waitPage("program"))
	p.waitText("#program-feedback", l.s("家长评价（1）", "Families' ratings (1)"))
	p.waitText("#program-feedback", "教室有点冷，孩子很喜欢老师")
	p.waitText("#program-feedback", "★★★★☆")

	// A trouble found on a visit, resolved, stays findable under 已解决.
	var grid, building, household struct{ Grid, Building, Household struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/grids", coord, map[string]string{"name": "第一网格"}, &grid)
	s.must(http.StatusCreated, "POST", "/grids/"+grid.Grid.ID+"/buildings", coord, map[string]string{"name": "3 号楼"}, &building)
	s.must(http.StatusCreated, "POST", "/buildings/"+building.Building.ID+"/households", coord, map[string]any{"label": "2 单元 301 室", "needs": []string{"elderly_alone"}}, &household)
	var plan struct {
		VisitPlan struct {
			ProgramID string `json:"program_id"`
		} `json:"visit_plan"`
	}
	s.must(http.StatusCreated, "POST", "/households/"+household.Household.ID+"/visit-plans", coord, map[string]any{
		"volunteer_ids": []string{vid}, "cadence": "weekly", "start_date": chinaToday(-1), "end_date": chinaToday(-1), "start_time": "09:00", "end_time": "10:00",
	}, &plan)
	var visits struct{ Items []struct{ ID string } }
	s.must(http.StatusOK, "GET", "/sessions?program_id="+plan.VisitPlan.ProgramID+"&from="+chinaToday(-1), coord, nil, &visits)
	s.must(http.StatusCreated, "POST", "/sessions/"+visits.Items[0].ID+"/visit-log", volunteer, map[string]any{
		"outcome": "done", "minutes": 40, "concerns": []map[string]any{{"category": "repairs", "text": "楼道灯坏了"}}}, nil)
	p.visit("/troubles", "troubles")
	p.waitText("#concern-list", "楼道灯坏了")
	p.expand(l.s("更新进展", "Update"))
	p.set("#concern-list form [name=status]", "resolved")
	p.fill("#concern-list form [name=note]", "物业已更换灯泡")
	p.click("#concern-list form button[type=submit]")
	p.waitText("#resolved-list", "楼道灯坏了")
	p.waitText("#resolved-list", l.s("王丽：物业已更换灯泡", "王丽: 物业已更换灯泡"))
	// said at the top, where the coordinator looks
	p.waitText("#trouble-resolved", l.s("已标记为已解决：3 号楼 2 单元 301 室。", "Marked as resolved: 3 号楼 2 单元 301 室."))
	if open := eval[bool](p, `document.querySelector("#resolved").open`); !open {
		t.Error("after resolving, 已解决 is folded away")
	}
	p.reload("troubles")
	p.expand(l.s("已解决（1）", "Resolved (1)"))
	p.waitText("#resolved-list", "楼道灯坏了")
}
