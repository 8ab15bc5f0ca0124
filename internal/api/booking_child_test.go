package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestChildExportAndDelete(t *testing.T) {
	e := newBookingEnv(t)
	days := e.class(1, "2026-07-07")
	parent := e.families(1, "2018-03-01")[0]
	kid := parent.Children[0]
	second := e.register("李强", "13900000002")
	e.addGuardian(parent.Cookie, kid, "13900000002", e.login("13900000002"))
	e.must(http.StatusCreated, e.call("POST", "/api/v1/children/"+kid+"/pickups", parent.Cookie,
		map[string]any{"name": "王奶奶", "relation": "奶奶", "phone": "13912345678"}), nil)
	e.must(http.StatusCreated, e.call("POST", "/api/v1/children/"+kid+"/pickup-delegations", parent.Cookie,
		map[string]any{"name": "张阿姨", "phone": "13712345678", "date": "2026-07-07"}), nil)
	past := e.booked(parent.Cookie, map[string]any{"child_id": kid, "session_id": days[0]})[0]
	future := e.booked(parent.Cookie, map[string]any{"child_id": kid, "session_id": days[1]})[0]
	waiting := e.families(1, "2018-03-01")[0]
	next := e.booked(waiting.Cookie, map[string]any{"child_id": waiting.Children[0], "session_id": days[1]})[0]

	// The export holds everything stored about the child, and is a download.
	r := e.call("GET", "/api/v1/children/"+kid+"/export", e.login("13900000002"), nil)
	e.must(http.StatusOK, r, nil)
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, kid+".json") {
		t.Fatalf("Content-Disposition %q", cd)
	}
	var name string
	e.DB.ReadPool().QueryRow(`SELECT name FROM children WHERE id = ?`, kid).Scan(&name)
	var x struct {
		Export struct {
			Child struct {
				ID, Name  string
				BirthDate string `json:"birth_date"`
			}
			Guardians []struct{ UserID, Name string }
			Consents  []struct {
				PolicyVersion string `json:"policy_version"`
			}
			PickupPersons []struct{ Name, Phone string } `json:"pickup_persons"`
			Delegations   []struct{ Name, Date string }  `json:"pickup_delegations"`
			Bookings      []bkBooking
		}
	}
	if err := json.Unmarshal(r.Body, &x); err != nil {
		t.Fatal(err)
	}
	ex := x.Export
	if ex.Child.ID != kid || ex.Child.Name != name || ex.Child.BirthDate != "2018-03-01" || len(ex.Guardians) != 2 ||
		ex.Guardians[0].Name+ex.Guardians[1].Name != "家长0李强" && ex.Guardians[0].Name+ex.Guardians[1].Name != "李强家长0" || len(ex.Consents) != 1 || len(ex.PickupPersons) != 1 || ex.PickupPersons[0].Phone != "13912345678" ||
		len(ex.Delegations) != 1 || ex.Delegations[0].Date != "2026-07-07" || len(ex.Bookings) != 2 || ex.Bookings[1].Session.Title != "科学实验" {
		t.Fatalf("export %s", r.Body)
	}

	// After the first class, the child is deleted: the future booking is cancelled and its seat
	// goes to the line; the past one stays, without the child.
	e.Clock.Set(ptAt(2026, 7, 6, 12, 0))
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/children/"+kid, parent.Cookie, nil), nil)
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("GET", "/api/v1/children/"+kid, parent.Cookie, nil))
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("DELETE", "/api/v1/children/"+kid, parent.Cookie, nil))
	if e.status(future.ID) != "cancelled" || e.status(next.ID) != "confirmed" || e.status(past.ID) != "confirmed" {
		t.Fatalf("future %s, next in line %s, past %s", e.status(future.ID), e.status(next.ID), e.status(past.ID))
	}
	var left int
	e.DB.ReadPool().QueryRow(`SELECT COUNT(*) FROM bookings WHERE child_id IS NULL`).Scan(&left)
	if left != 2 || e.count("children") != 1 || e.count("pickup_persons") != 0 || e.count("pickup_delegations") != 0 ||
		e.count("child_consents") != 1 || e.count("child_guardians") != 1 {
		t.Fatalf("%d anonymous bookings; children %d, pickups %d, delegations %d, consents %d, guardians %d", left, e.count("children"),
			e.count("pickup_persons"), e.count("pickup_delegations"), e.count("child_consents"), e.count("child_guardians"))
	}
	if got := e.myBookings(parent.Cookie, ""); len(got) != 0 {
		t.Fatalf("the parent still lists %+v", got)
	}
	var stored int
	e.DB.ReadPool().QueryRow(`SELECT (SELECT COUNT(*) FROM children WHERE id = ?1) + (SELECT COUNT(*) FROM bookings WHERE child_id = ?1)`, kid).Scan(&stored)
	e.DB.ReadPool().QueryRow(`SELECT COUNT(*) FROM users WHERE id = ?`, second).Scan(&left)
	if stored != 0 || left != 1 {
		t.Fatalf("%d rows still name the child, or the second guardian's account went with it (%d)", stored, left)
	}
	e.checkCounters()
}
