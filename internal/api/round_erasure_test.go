package api_test

import (
	"net/http"
	"testing"
	"time"
)

// TestErasingAChildWhileARoundIsOpenTakesItOutOfTheRound: erasing a child before the close
// withdraws an application of it alone and shrinks its siblings' application to the others, so
// that neither the published size nor a place counts a child who is gone.
func TestErasingAChildWhileARoundIsOpenTakesItOutOfTheRound(t *testing.T) {
	e := newRoundEnv(t)
	class := e.holidayClass("书法A班", 4, 6, 10, "09:00", "10:30")
	r := e.createRound(roundBody([]string{class}))
	e.Clock.Set(rtOpen.Add(time.Hour))
	parent, kids := e.family("2018-03-01", "2018-03-01", "2019-05-05")
	twins := e.apply(parent, r.ID, kids[:2], class)
	solo := e.apply(parent, r.ID, kids[2:], class)
	if twins.Size != 2 || solo.Size != 1 {
		t.Fatalf("applications %+v and %+v", twins, solo)
	}
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/children/"+kids[1], parent, nil), nil)
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/children/"+kids[2], parent, nil), nil)

	var mine struct {
		Items []struct {
			ID       string   `json:"id"`
			ChildIDs []string `json:"child_ids"`
			Size     int      `json:"size"`
		}
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/rounds/"+r.ID+"/applications", parent, nil), &mine)
	if len(mine.Items) != 1 || mine.Items[0].ID != twins.ID || mine.Items[0].Size != 1 ||
		len(mine.Items[0].ChildIDs) != 1 || mine.Items[0].ChildIDs[0] != kids[0] {
		t.Fatalf("after erasing a twin and the single child the family's applications are %+v; want the twins' alone, of the child left", mine.Items)
	}
	e.Clock.Set(rtClose.Add(time.Minute))
	var closed rtRound
	e.must(http.StatusOK, e.call("POST", "/api/v1/rounds/"+r.ID+"/close", e.Coord, nil), &closed)
	if closed.Round.Applications != 1 {
		t.Errorf("the closed round counts %d applications, want 1", closed.Round.Applications)
	}
}
