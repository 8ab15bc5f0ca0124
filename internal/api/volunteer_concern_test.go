package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/linli/linli/internal/linli"
)

// vtConcerns lists a community's concerns as the caller sees them.
func (e *vtEnv) concerns(cookie, query string) []linli.Concern {
	e.t.Helper()
	var page struct{ Items []linli.Concern }
	e.must(http.StatusOK, e.call("GET", "/api/v1/communities/"+e.Community+"/concerns?"+query, cookie, nil), &page)
	return page.Items
}

// TestConcerns raises troubles on a visit and takes them through the whole state machine:
// who may move them where, what each sees, the history kept, and that their text never reaches
// the audit log or the server log.
func TestConcerns(t *testing.T) {
	e := newVolunteerEnv(t, ptAt(2026, 9, 1, 9, 0))
	visits := byDate(e.visits(e.visitPlan(e.Household, []string{e.Volunteer}, "weekly", "2026-09-02", "2026-09-30", "10:00", "11:00")))
	e.visitPlan(e.household("2 单元 202 室", 0), []string{e.Volunteer2}, "weekly", "2026-09-02", "2026-09-30", "14:00", "15:00")
	e.Clock.Set(ptAt(2026, 9, 2, 12, 0))
	var log struct {
		VisitLog linli.VisitLog `json:"visit_log"`
	}
	e.must(http.StatusCreated, e.logVisit(e.VolunteerCookie, visits["2026-09-02"].ID, map[string]any{"outcome": "done", "minutes": 50,
		"concerns": []map[string]any{{"category": "repairs", "text": "楼道灯坏了"}, {"category": "health", "text": "血压偏高，需要陪同就医"}}}), &log)
	if len(log.VisitLog.Concerns) != 2 || log.VisitLog.Concerns[0].Status != "open" || log.VisitLog.Concerns[0].Household.Building != "3 号楼" {
		t.Fatalf("concerns raised: %+v", log.VisitLog.Concerns)
	}
	light, health := log.VisitLog.Concerns[0].ID, log.VisitLog.Concerns[1].ID
	path := func(id string) string { return "/api/v1/concerns/" + id }
	patch := func(cookie, id string, body map[string]any) linli.Concern {
		t.Helper()
		var out struct{ Concern linli.Concern }
		e.must(http.StatusOK, e.call("PATCH", path(id), cookie, body), &out)
		return out.Concern
	}

	// Who sees them: the coordinator and the household's volunteer; not the other volunteer.
	if got := e.concerns(e.Coord, ""); len(got) != 2 || got[0].ID != light {
		t.Errorf("coordinator sees %d concerns", len(got))
	}
	if got := e.concerns(e.VolunteerCookie, ""); len(got) != 2 {
		t.Errorf("the household's volunteer sees %d concerns, want 2", len(got))
	}
	if got := e.concerns(e.Volunteer2Cookie, ""); len(got) != 0 {
		t.Errorf("another household's volunteer sees %+v", got)
	}
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("GET", "/api/v1/communities/"+e.Community+"/concerns", e.Parent, nil))
	e.mustFail(http.StatusBadRequest, "invalid", "status", e.call("GET", "/api/v1/communities/"+e.Community+"/concerns?status=closed", e.Coord, nil))
	for _, who := range []string{e.Volunteer2Cookie, e.Parent} {
		e.mustFail(http.StatusNotFound, "not_found", "", e.call("PATCH", path(light), who, map[string]any{"status": "in_progress"}))
	}

	// The volunteer takes it up and adds notes; resolving is the coordinator's.
	e.Clock.Set(ptAt(2026, 9, 3, 9, 0))
	if c := patch(e.VolunteerCookie, light, map[string]any{"status": "in_progress"}); c.Status != "in_progress" {
		t.Errorf("taken up: %+v", c)
	}
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("PATCH", path(light), e.VolunteerCookie, map[string]any{"status": "resolved", "note": "修好了"}))
	patch(e.VolunteerCookie, light, map[string]any{"note": "已报物业"})
	e.mustFail(http.StatusBadRequest, "invalid", "note", e.call("PATCH", path(light), e.VolunteerCookie, map[string]any{"status": "in_progress"}))
	e.mustFail(http.StatusBadRequest, "invalid", "status", e.call("PATCH", path(light), e.Coord, map[string]any{"status": "closed"}))
	e.Clock.Set(ptAt(2026, 9, 4, 15, 0))
	c := patch(e.Coord, light, map[string]any{"status": "resolved", "note": "物业已更换灯泡"})
	if c.Status != "resolved" || c.ResolvedAt == nil || !c.ResolvedAt.Equal(ptAt(2026, 9, 4, 15, 0)) {
		t.Errorf("resolved: %+v", c)
	}
	e.mustFail(http.StatusConflict, "conflict", "", e.call("PATCH", path(light), e.Coord, map[string]any{"status": "in_progress"}))
	e.mustFail(http.StatusConflict, "conflict", "", e.call("PATCH", path(light), e.Coord, map[string]any{"status": "open"}))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("PATCH", path(light), e.VolunteerCookie, map[string]any{"status": "open", "note": "又坏了"}))
	c = patch(e.Coord, light, map[string]any{"status": "open", "note": "又坏了"})
	if c.Status != "open" || c.ResolvedAt != nil {
		t.Errorf("reopened: %+v", c)
	}
	type step struct{ by, from, to, note string }
	var got []step
	for _, h := range c.History {
		got = append(got, step{h.By.Name, h.From, h.To, h.Note})
	}
	want := []step{{"周强", "", "open", ""}, {"周强", "open", "in_progress", ""}, {"周强", "in_progress", "in_progress", "已报物业"},
		{"王丽", "in_progress", "resolved", "物业已更换灯泡"}, {"王丽", "resolved", "open", "又坏了"}}
	if len(got) != len(want) {
		t.Fatalf("history %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("history[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	if !c.History[3].At.Equal(ptAt(2026, 9, 4, 15, 0)) {
		t.Errorf("resolved at %v", c.History[3].At)
	}
	patch(e.Coord, health, map[string]any{"status": "resolved", "note": "已联系家属"})
	if got := e.concerns(e.Coord, "status=open"); len(got) != 1 || got[0].ID != light {
		t.Errorf("open concerns: %+v", got)
	}
	if all := e.concerns(e.Coord, "limit=1"); len(all) != 1 || all[0].Status != "open" {
		t.Errorf("first page of all concerns: %+v, want the open one first", all)
	}
	var page struct {
		Items      []linli.Concern
		NextCursor string `json:"next_cursor"`
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/communities/"+e.Community+"/concerns?limit=1", e.Coord, nil), &page)
	cursor := page.NextCursor
	page.NextCursor = ""
	e.must(http.StatusOK, e.call("GET", "/api/v1/communities/"+e.Community+"/concerns?limit=1&cursor="+cursor, e.Coord, nil), &page)
	if len(page.Items) != 1 || page.Items[0].ID != health || page.NextCursor != "" {
		t.Errorf("second page: %+v", page)
	}

	audit := e.call("GET", "/api/v1/audit?community_id="+e.Community+"&limit=500", e.Coord, nil)
	for _, secret := range []string{"楼道灯", "血压", "已报物业", "又坏了", "物业已更换灯泡"} {
		if strings.Contains(string(audit.Body), secret) || strings.Contains(e.Logs.String(), secret) {
			t.Errorf("%q is in the audit log or the server log", secret)
		}
	}
	if !strings.Contains(string(audit.Body), `"concern.update"`) || !strings.Contains(string(audit.Body), `"visit.log"`) {
		t.Errorf("the concern's changes and the visit log are not audited: %s", audit.Body)
	}
}
