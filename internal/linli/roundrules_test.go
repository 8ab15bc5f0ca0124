package linli

import (
	"testing"
	"time"
)

// TestRoundStatusAndWindow: a round is a draft before it opens, open until closed (even past
// closes_at, until the worker closes it), then closed and drawn; families apply only from
// opens_at until closes_at and never once it is closed.
func TestRoundStatusAndWindow(t *testing.T) {
	opens := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	closes := opens.Add(7 * 24 * time.Hour)
	closed, drawn := closes.Add(-time.Hour), closes.Add(time.Hour)
	for _, tc := range []struct {
		name           string
		now            time.Time
		closedAt, drew *time.Time
		status         string
		applies        bool
	}{
		{"before it opens", opens.Add(-time.Second), nil, nil, RoundDraft, false},
		{"as it opens", opens, nil, nil, RoundOpen, true},
		{"just before the close", closes.Add(-time.Second), nil, nil, RoundOpen, true},
		{"at closes_at, not yet closed", closes, nil, nil, RoundOpen, false},
		{"closed early", closes.Add(-time.Minute), &closed, nil, RoundClosed, false},
		{"drawn", drawn, &closed, &drawn, RoundDrawn, false},
	} {
		if got := RoundStatus(opens, tc.closedAt, tc.drew, tc.now); got != tc.status {
			t.Errorf("%s: status %s, want %s", tc.name, got, tc.status)
		}
		if got := AcceptsApplications(opens, closes, tc.closedAt, tc.now); got != tc.applies {
			t.Errorf("%s: applications taken %v, want %v", tc.name, got, tc.applies)
		}
	}
}

// TestApplicationBodyCheck: the path's child is among the children, wishes are 1 to max_wishes
// distinct programs of the round, and each refusal names its field.
func TestApplicationBodyCheck(t *testing.T) {
	round := []string{"p1", "p2", "p3"}
	for _, tc := range []struct {
		body  ApplicationBody
		field string
	}{
		{ApplicationBody{ProgramIDs: []string{"p1"}}, ""},
		{ApplicationBody{ChildIDs: []string{"c2", "c1"}, ProgramIDs: []string{"p2", "p1"}}, ""},
		{ApplicationBody{ChildIDs: []string{"c2"}, ProgramIDs: []string{"p1"}}, "child_ids"},
		{ApplicationBody{ChildIDs: []string{}, ProgramIDs: []string{"p1"}}, "child_ids"},
		{ApplicationBody{ChildIDs: []string{"c1", "c1"}, ProgramIDs: []string{"p1"}}, "child_ids[1]"},
		{ApplicationBody{ProgramIDs: nil}, "program_ids"},
		{ApplicationBody{ProgramIDs: []string{"p1", "p2", "p3"}}, "program_ids"},
		{ApplicationBody{ProgramIDs: []string{"p1", "p1"}}, "program_ids[1]"},
		{ApplicationBody{ProgramIDs: []string{"p9"}}, "program_ids[0]"},
	} {
		err := tc.body.Check("c1", 2, round)
		if tc.field == "" && err != nil || tc.field != "" && (ErrorCode(err) != EInvalid || ErrorField(err) != tc.field) {
			t.Errorf("%+v: %v, want field %q", tc.body, err, tc.field)
		}
	}
}

// TestCheckRoundEligible: a child must be within the ages on every date of the round sessions;
// the refusal names the program.
func TestCheckRoundEligible(t *testing.T) {
	six, ten := 6, 10
	birth := NewDate(2020, 1, 20)
	dates := []Date{NewDate(2026, 1, 18), NewDate(2026, 1, 22)}
	err := CheckRoundEligible("program_ids[0]", "p1", "书法A班", &six, &ten, KindHolidayClass, birth, dates)
	if ErrorCode(err) != ENotEligible || ErrorField(err) != "program_ids[0]" {
		t.Fatalf("a child of 5 on the first day: %v", err)
	}
	if err := CheckRoundEligible("program_ids[0]", "p1", "书法A班", &six, &ten, KindHolidayClass, birth, dates[1:]); err != nil {
		t.Fatalf("a child of 6 on every date: %v", err)
	}
}
