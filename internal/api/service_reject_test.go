package api_test

import (
	"net/http"
	"testing"

	"github.com/linli/linli/internal/linli"
)

// TestServiceReject: a coordinator rejects a pending record with a note; it leaves the pending
// list, shows as rejected with the note, never counts; an approved record cannot be rejected;
// approving a rejected record takes the rejection back.
func TestServiceReject(t *testing.T) {
	e := newVolunteerEnv(t, ptAt(2026, 9, 1, 9, 0))
	sat := e.shift("周六社区环境整治", "2026-09-05", "2026-09-05", 5)["2026-09-05"]
	e.must(http.StatusCreated, e.signup(e.VolunteerCookie, sat.ID, nil), nil)
	e.Clock.Set(ptAt(2026, 9, 5, 12, 0))
	var recorded struct{ Records []linli.ServiceRecord }
	e.must(http.StatusOK, e.call("PUT", "/api/v1/sessions/"+sat.ID+"/service", e.Coord, map[string]any{"records": []map[string]any{
		{"user_id": e.Volunteer, "check_in": "2026-09-05T09:00:00+08:00", "check_out": "2026-09-05T11:00:00+08:00"},
		{"user_id": e.Volunteer2, "check_in": "2026-09-05T09:00:00+08:00", "check_out": "2026-09-05T10:00:00+08:00"}}}), &recorded)
	zhou, wu := recorded.Records[0].ID, recorded.Records[1].ID

	e.mustFail(http.StatusBadRequest, "invalid", "note", e.call("POST", "/api/v1/service/"+zhou+"/reject", e.Coord, map[string]any{"note": "  "}))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("POST", "/api/v1/service/"+zhou+"/reject", e.VolunteerCookie, map[string]any{"note": "x"}))
	var rej struct {
		ServiceRecord linli.ServiceRecord `json:"service_record"`
	}
	e.must(http.StatusOK, e.call("POST", "/api/v1/service/"+zhou+"/reject", e.Coord, map[string]any{"note": "当天没有签到"}), &rej)
	if rej.ServiceRecord.Status != "rejected" || rej.ServiceRecord.RejectNote != "当天没有签到" {
		t.Errorf("rejected record %+v", rej.ServiceRecord)
	}
	list := func(status string) []linli.ServiceRecord {
		var page struct{ Items []linli.ServiceRecord }
		e.must(http.StatusOK, e.call("GET", "/api/v1/service?community_id="+e.Community+"&status="+status, e.Coord, nil), &page)
		return page.Items
	}
	if p := list("pending"); len(p) != 1 || p[0].ID != wu {
		t.Errorf("pending after the rejection: %+v", p)
	}
	if r := list("rejected"); len(r) != 1 || r[0].ID != zhou {
		t.Errorf("rejected: %+v", r)
	}
	if rep := e.hoursReport(e.Coord, "community_id="+e.Community); rep.Totals.Records != 0 {
		t.Errorf("a rejected record counted: %+v", rep.Totals)
	}

	e.must(http.StatusOK, e.call("POST", "/api/v1/service/"+wu+"/approve", e.Coord, nil), nil)
	e.mustFail(http.StatusConflict, "conflict", "", e.call("POST", "/api/v1/service/"+wu+"/reject", e.Coord, map[string]any{"note": "算错了"}))

	var ok struct {
		ServiceRecord linli.ServiceRecord `json:"service_record"`
	}
	e.must(http.StatusOK, e.call("POST", "/api/v1/service/"+zhou+"/approve", e.Coord, nil), &ok)
	if ok.ServiceRecord.Status != "approved" || ok.ServiceRecord.RejectNote != "" {
		t.Errorf("approved after rejecting: %+v", ok.ServiceRecord)
	}
}
