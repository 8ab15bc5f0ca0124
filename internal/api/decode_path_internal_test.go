package api

import (
	"testing"

	"github.com/linli/linli/internal/linli"
)

// TestRefusedPath: the field named for a value the decoder refuses is the one whose type refuses
// it, wherever else the same text stands: an empty date beside empty notes, a date in a nested
// schedule, a time in the second record of a list.
func TestRefusedPath(t *testing.T) {
	type schedule struct {
		StartDate linli.Date  `json:"start_date"`
		StartTime linli.Clock `json:"start_time"`
	}
	type record struct {
		Note    string      `json:"note"`
		CheckIn *linli.Date `json:"check_in"`
	}
	type body struct {
		Notes    string    `json:"notes"`
		Schedule *schedule `json:"schedule"`
		Records  []record  `json:"records"`
	}
	for _, tc := range []struct{ json, want string }{
		{`{"notes":"","schedule":{"start_date":""}}`, "schedule.start_date"},
		{`{"notes":"","schedule":{"start_date":"2026-09-01","start_time":""}}`, "schedule.start_time"},
		{`{"records":[{"note":"","check_in":"2026-09-01"},{"note":"","check_in":""}]}`, "records[1].check_in"},
		{`{"notes":"","records":[{"check_in":null}]}`, ""},
		{`{"notes":""}`, ""},
		{`not json`, ""},
	} {
		if got := refusedPath(&body{}, []byte(tc.json)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.json, got, tc.want)
		}
	}
}
