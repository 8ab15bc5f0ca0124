package api_test

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/linli/linli/internal/linli"
)

// hoursReport reads GET /reports/volunteer-hours as the caller.
func (e *vtEnv) hoursReport(cookie, query string) linli.ServiceHoursReport {
	e.t.Helper()
	var rep linli.ServiceHoursReport
	e.must(http.StatusOK, e.call("GET", "/api/v1/reports/volunteer-hours?"+query, cookie, nil), &rep)
	return rep
}

// TestServiceHours records the time two volunteers served on a shift, approves one record,
// corrects it, and reads the reports: only approved records count, and the correction changes
// the hours and is in the audit log.
func TestServiceHours(t *testing.T) {
	e := newVolunteerEnv(t, ptAt(2026, 9, 1, 9, 0))
	sat := e.shift("周六社区环境整治", "2026-09-05", "2026-09-05", 5, func(p map[string]any) { p["venue_id"] = e.Room })["2026-09-05"]
	e.must(http.StatusCreated, e.signup(e.VolunteerCookie, sat.ID, nil), nil)
	path := "/api/v1/sessions/" + sat.ID + "/service"
	sheet := func(recs ...[3]string) map[string]any {
		var out []map[string]any
		for _, r := range recs {
			out = append(out, map[string]any{"user_id": r[0], "check_in": r[1], "check_out": r[2]})
		}
		return map[string]any{"records": out}
	}
	zhou := [3]string{e.Volunteer, "2026-09-05T08:45:00+08:00", "2026-09-05T11:15:00+08:00"}
	wu := [3]string{e.Volunteer2, "2026-09-05T09:00:00+08:00", "2026-09-05T10:30:00+08:00"}
	e.Clock.Set(ptAt(2026, 9, 5, 8, 30))
	e.mustFail(http.StatusConflict, "not_started", "", e.call("PUT", path, e.Coord, sheet([3]string{e.Volunteer, "2026-09-05T07:00:00+08:00", "2026-09-05T08:00:00+08:00"})))
	e.Clock.Set(ptAt(2026, 9, 5, 12, 0))
	for field, body := range map[string]map[string]any{
		"records[0].check_out": sheet([3]string{e.Volunteer, "2026-09-05T10:00:00+08:00", "2026-09-05T09:00:00+08:00"}),
		"records[1].user_id":   sheet(zhou, [3]string{e.register("路人", "13900000009"), wu[1], wu[2]}),
		"records[0].check_in":  sheet([3]string{e.Volunteer, "2026-09-04T09:00:00+08:00", wu[2]}),
		"records":              {"records": []any{}},
	} {
		e.mustFail(http.StatusBadRequest, "invalid", field, e.call("PUT", path, e.Coord, body))
	}
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("PUT", path, e.VolunteerCookie, sheet(zhou)))
	var recorded struct{ Records []linli.ServiceRecord }
	e.must(http.StatusOK, e.call("PUT", path, e.Coord, sheet(zhou, wu)), &recorded)
	if len(recorded.Records) != 2 || recorded.Records[0].Hours != 2.5 || recorded.Records[1].Hours != 1.5 || recorded.Records[0].Status != "pending" {
		t.Fatalf("recorded %+v", recorded.Records)
	}
	mine, theirs := recorded.Records[0], recorded.Records[1]
	if rep := e.hoursReport(e.Coord, "community_id="+e.Community); rep.Totals.Records != 0 || len(rep.Rows) != 0 {
		t.Errorf("pending records counted: %+v", rep)
	}

	var approved struct {
		ServiceRecord linli.ServiceRecord `json:"service_record"`
	}
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("POST", "/api/v1/service/"+mine.ID+"/approve", e.VolunteerCookie, nil))
	e.must(http.StatusOK, e.call("POST", "/api/v1/service/"+mine.ID+"/approve", e.Coord, nil), &approved)
	if r := approved.ServiceRecord; r.Status != "approved" || r.ApprovedBy == nil || r.ApprovedBy.Name != "王丽" {
		t.Errorf("approved %+v", r)
	}
	rep := e.hoursReport(e.Coord, "community_id="+e.Community+"&from=2026-09-01&to=2026-09-30")
	if len(rep.Rows) != 1 || rep.Rows[0].Label != "周强" || rep.Rows[0].Hours != 2.5 || rep.Totals.Hours != 2.5 || rep.Totals.Records != 1 {
		t.Errorf("only the approved record counts: %+v", rep)
	}
	if rep := e.hoursReport(e.Coord, "community_id="+e.Community+"&from=2026-09-06"); rep.Totals.Records != 0 {
		t.Errorf("a record of 9/5 counted from 9/6 on: %+v", rep)
	}
	e.mustFail(http.StatusConflict, "conflict", "", e.call("PUT", path, e.Coord, sheet([3]string{e.Volunteer, "2026-09-05T09:00:00+08:00", "2026-09-05T11:00:00+08:00"})))

	// The volunteer asks for other times; the coordinator accepts.
	corr := "/api/v1/service/" + mine.ID + "/corrections"
	fix := map[string]any{"check_in": "2026-09-05T08:30:00+08:00", "check_out": "2026-09-05T11:30:00+08:00", "reason": "提前到场布置，结束后清运垃圾"}
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("POST", corr, e.Coord, fix))
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("POST", corr, e.Volunteer2Cookie, fix))
	e.mustFail(http.StatusBadRequest, "invalid", "reason", e.call("POST", corr, e.VolunteerCookie, map[string]any{"check_in": fix["check_in"], "check_out": fix["check_out"]}))
	var filed struct{ Correction linli.Correction }
	e.must(http.StatusCreated, e.call("POST", corr, e.VolunteerCookie, fix), &filed)
	if filed.Correction.Status != "pending" || filed.Correction.Hours != 3 {
		t.Errorf("filed %+v", filed.Correction)
	}
	e.mustFail(http.StatusConflict, "conflict", "", e.call("POST", corr, e.VolunteerCookie, fix))
	decide := "/api/v1/corrections/" + filed.Correction.ID + "/decide"
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("POST", decide, e.VolunteerCookie, map[string]any{"accept": true}))
	e.mustFail(http.StatusBadRequest, "invalid", "accept", e.call("POST", decide, e.Coord, map[string]any{"note": "?"}))
	var decided linli.CorrectionResult
	e.must(http.StatusOK, e.call("POST", decide, e.Coord, map[string]any{"accept": true, "note": "属实"}), &decided)
	if decided.Correction.Status != "accepted" || decided.ServiceRecord.Hours != 3 || decided.ServiceRecord.Status != "approved" {
		t.Errorf("decided %+v, record %+v", decided.Correction, decided.ServiceRecord)
	}
	e.mustFail(http.StatusConflict, "conflict", "", e.call("POST", decide, e.Coord, map[string]any{"accept": false}))
	if rep := e.hoursReport(e.Coord, "community_id="+e.Community); rep.Totals.Hours != 3 {
		t.Errorf("hours after the correction: %+v", rep.Totals)
	}
	type entry struct {
		Action   string
		ObjectID string `json:"object_id"`
		Detail   struct {
			Accept        bool
			Before, After struct{ Hours float64 }
		}
	}
	var audit struct{ Items []entry }
	e.must(http.StatusOK, e.call("GET", "/api/v1/audit?community_id="+e.Community+"&limit=500", e.Coord, nil), &audit)
	i := slices.IndexFunc(audit.Items, func(a entry) bool { return a.Action == "service.correct" })
	if i < 0 || audit.Items[i].ObjectID != mine.ID || !audit.Items[i].Detail.Accept || audit.Items[i].Detail.Before.Hours != 2.5 || audit.Items[i].Detail.After.Hours != 3 {
		t.Errorf("the correction is not in the audit log with the hours before and after: %+v", audit.Items)
	}

	// A done visit, approved, counts as its own kind; volunteers see their own hours only.
	visits := byDate(e.visits(e.visitPlan(e.Household, []string{e.Volunteer}, "weekly", "2026-09-05", "2026-09-05", "14:00", "15:00")))
	e.Clock.Set(ptAt(2026, 9, 5, 16, 0))
	var log struct {
		VisitLog linli.VisitLog `json:"visit_log"`
	}
	e.must(http.StatusCreated, e.logVisit(e.VolunteerCookie, visits["2026-09-05"].ID, map[string]any{"outcome": "done", "minutes": 45}), &log)
	e.must(http.StatusOK, e.call("POST", "/api/v1/service/"+log.VisitLog.ServiceRecord.ID+"/approve", e.Coord, nil), nil)
	e.must(http.StatusOK, e.call("POST", "/api/v1/service/"+theirs.ID+"/approve", e.Coord, nil), nil)
	byKind := e.hoursReport(e.Coord, "community_id="+e.Community+"&group_by=kind")
	if len(byKind.Rows) != 2 || byKind.Rows[0].Key != "volunteer_shift" || byKind.Rows[0].Hours != 4.5 || byKind.Rows[1].Hours != 0.75 || byKind.Totals.Volunteers != 2 {
		t.Errorf("by kind: %+v", byKind)
	}
	if own := e.hoursReport(e.VolunteerCookie, "community_id="+e.Community); len(own.Rows) != 1 || own.Rows[0].Hours != 3.75 {
		t.Errorf("周强's own hours: %+v", own)
	}
	if own := e.hoursReport(e.Volunteer2Cookie, "group_by=month"); len(own.Rows) != 1 || own.Rows[0].Key != "2026-09" || own.Rows[0].Hours != 1.5 {
		t.Errorf("吴敏's own hours by month: %+v", own)
	}
	e.mustFail(http.StatusBadRequest, "invalid", "group_by", e.call("GET", "/api/v1/reports/volunteer-hours?community_id="+e.Community+"&group_by=teacher", e.Coord, nil))

	// The volunteer record, as JSON and as the CSV Excel and WPS open.
	var record linli.VolunteerRecord
	e.must(http.StatusOK, e.call("GET", "/api/v1/reports/volunteer-record?user_id="+e.Volunteer, e.Coord, nil), &record)
	if len(record.Rows) != 2 || record.Totals.Hours != 3.75 {
		t.Fatalf("record %+v", record)
	}
	if visit := record.Rows[1]; visit.Place != "3 号楼" || visit.Recipient != "1 单元 101 室" || visit.Content != "入户走访（我是对门）" || visit.Hours != 0.75 {
		t.Errorf("the visit's row: %+v", visit)
	}
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("GET", "/api/v1/reports/volunteer-record?user_id="+e.Volunteer, e.Volunteer2Cookie, nil))
	for _, r := range []response{
		e.call("GET", "/api/v1/reports/volunteer-record?format=csv&from=2026-09-01&to=2026-09-30", e.VolunteerCookie, nil),
		e.call("GET", "/api/v1/reports/volunteer-record?from=2026-09-01&to=2026-09-30", e.VolunteerCookie, nil, "Accept", "text/csv"),
	} {
		if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
			r.Header.Get("Content-Disposition") != "attachment; filename=volunteer-record-2026-09-01-2026-09-30.csv" {
			t.Fatalf("CSV answer %d %v", r.Status, r.Header)
		}
		body, ok := strings.CutPrefix(string(r.Body), "\ufeff")
		if !ok {
			t.Errorf("the CSV does not start with the UTF-8 byte order mark: %q", r.Body[:10])
		}
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{
			{"姓名", "日期", "地点", "服务内容", "服务对象", "时长(小时)", "证明单位"},
			{"周强", "2026-09-05", "社区活动室", "周六社区环境整治", "", "3.00", "幸福里社区"},
			{"周强", "2026-09-05", "3 号楼", "入户走访（我是对门）", "1 单元 101 室", "0.75", "幸福里社区"},
		}
		if !slices.EqualFunc(rows, want, slices.Equal) {
			t.Errorf("CSV rows %q, want %q", rows, want)
		}
	}
	r := e.call("GET", "/api/v1/reports/volunteer-hours?community_id="+e.Community+"&format=csv", e.Coord, nil)
	if !strings.HasPrefix(string(r.Body), "\ufeff志愿者编号,志愿者,记录数,时长(小时)\r\n") || !strings.Contains(string(r.Body), ",合计,3,5.25\r\n") {
		t.Errorf("volunteer-hours CSV %q", r.Body)
	}
	e.mustFail(http.StatusBadRequest, "invalid", "format", e.call("GET", "/api/v1/reports/volunteer-hours?format=pdf", e.Coord, nil))
}
