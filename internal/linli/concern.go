package linli

import (
	"slices"
	"time"
)

// Concern statuses: a trouble found on a visit is tracked until it is solved.
const (
	ConcernOpen       = "open"
	ConcernInProgress = "in_progress"
	ConcernResolved   = "resolved"
)

// ConcernStatuses lists the statuses in the order lists show them.
var ConcernStatuses = []string{ConcernOpen, ConcernInProgress, ConcernResolved}

// ConcernCategories lists what a trouble may be about.
var ConcernCategories = []string{"repairs", "health", "paperwork", "safety", "other"}

// Concern is a trouble found on a visit (a broken light, paperwork, health), with its history.
// Only the community's coordinators and the volunteers assigned to the household see it.
type Concern struct {
	ID         string         `json:"id"`
	Household  HouseholdRef   `json:"household"`
	SessionID  string         `json:"session_id"`
	Category   string         `json:"category"`
	Text       string         `json:"text"`
	Status     string         `json:"status"`
	RaisedAt   time.Time      `json:"raised_at"`
	ResolvedAt *time.Time     `json:"resolved_at"`
	History    []ConcernEvent `json:"history"`
}

// ConcernEvent is one change of a concern: who, when, the move and a note. The first one, from
// "", is the concern being raised.
type ConcernEvent struct {
	At   time.Time `json:"at"`
	By   PersonRef `json:"by"`
	From string    `json:"from"`
	To   string    `json:"to"`
	Note string    `json:"note"`
}

// ConcernChange is the body of PATCH /concerns/{id}: a new status, a note, or both.
type ConcernChange struct {
	Status *string `json:"status"`
	Note   *string `json:"note"`
}

// ConcernFilter selects a community's concerns by status.
type ConcernFilter struct {
	Status string
	Page   Page
}

// Validate checks the status of a filter.
func (f ConcernFilter) Validate() error {
	if f.Status != "" && !slices.Contains(ConcernStatuses, f.Status) {
		return Invalid("status", "status must be open, in_progress or resolved")
	}
	return nil
}

// Move decides a change of a concern now in status from, by a coordinator of its community or
// (coordinator false) a volunteer assigned to its household, and returns the status it moves to
// and the trimmed note. Checks run in the API's order: 400 for a bad body, 403 for a move the
// volunteer may not make, 409 for a move nobody may make.
//
//	from         to           coordinator  assigned volunteer
//	open         in_progress  yes          yes
//	open         resolved     yes          403
//	in_progress  resolved     yes          403
//	in_progress  open         yes          403
//	resolved     open         with a note (else 409)  403
//	resolved     in_progress  409          403
//	any          same         a note is required; anyone may add one
func (ch ConcernChange) Move(from string, coordinator bool) (to, note string, err error) {
	if ch.Note != nil {
		if note, err = validateText("note", *ch.Note, 1000); err != nil {
			return "", "", err
		}
	}
	to = from
	if ch.Status != nil {
		if !slices.Contains(ConcernStatuses, *ch.Status) {
			return "", "", Invalid("status", "status must be open, in_progress or resolved")
		}
		to = *ch.Status
	}
	if to == from {
		if note == "" {
			return "", "", Invalid("note", "give a note, or a new status")
		}
		return to, note, nil
	}
	if !coordinator && !(from == ConcernOpen && to == ConcernInProgress) {
		return "", "", Errorf(EForbidden, "volunteers may take up an open concern and add notes; coordinators make the other changes")
	}
	if from == ConcernResolved && (to != ConcernOpen || note == "") {
		return "", "", Errorf(EConflict, "a resolved concern can only be reopened, with a note saying why")
	}
	return to, note, nil
}
