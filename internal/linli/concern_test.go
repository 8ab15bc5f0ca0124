package linli

import "testing"

// TestConcernMove walks every move of a concern's state machine, as a coordinator and as an
// assigned volunteer, with and without a note.
func TestConcernMove(t *testing.T) {
	const (
		open, doing, done = ConcernOpen, ConcernInProgress, ConcernResolved
		ok                = ""
	)
	cases := []struct {
		from, to, note string
		coordinator    bool
		want           string // error code, or ok
	}{
		{open, doing, "", true, ok},
		{open, doing, "", false, ok},
		{open, done, "", true, ok},
		{open, done, "", false, EForbidden},
		{doing, done, "换了灯泡", true, ok},
		{doing, done, "", false, EForbidden},
		{doing, open, "", true, ok},
		{doing, open, "", false, EForbidden},
		{done, open, "又坏了", true, ok},
		{done, open, "", true, EConflict},
		{done, open, "又坏了", false, EForbidden},
		{done, doing, "", true, EConflict},
		{done, doing, "note", true, EConflict},
		{done, doing, "", false, EForbidden},
		{open, open, "打过电话", false, ok},
		{done, done, "回访满意", true, ok},
		{doing, doing, "", true, EInvalid},
		{open, "closed", "", true, EInvalid},
	}
	for _, c := range cases {
		ch := ConcernChange{Status: &c.to}
		if c.note != "" {
			ch.Note = &c.note
		}
		to, note, err := ch.Move(c.from, c.coordinator)
		if got := ErrorCode(err); got != c.want {
			t.Errorf("%s → %s (note %q, coordinator %v): %v, want %q", c.from, c.to, c.note, c.coordinator, err, c.want)
			continue
		}
		if err == nil && (to != c.to || note != c.note) {
			t.Errorf("%s → %s: moved to %s with note %q", c.from, c.to, to, note)
		}
	}
	note := "  只加备注  "
	if to, got, err := (ConcernChange{Note: &note}).Move(doing, false); err != nil || to != doing || got != "只加备注" {
		t.Errorf("a note alone: %s %q %v", to, got, err)
	}
	if _, _, err := (ConcernChange{}).Move(open, true); ErrorField(err) != "note" {
		t.Errorf("an empty change: %v, want 400 on note", err)
	}
}
