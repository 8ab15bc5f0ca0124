package linli

import "time"

// States of a planned visit as its volunteers see it in their plan.
const (
	VisitToDo      = "to_do"     // not logged and not overdue: coming, or ended less than VisitLogDeadline ago
	VisitLogged    = "logged"    // logged, done or missed
	VisitLate      = "overdue"   // ended more than VisitLogDeadline ago with no log
	VisitCancelled = "cancelled" // the session was cancelled
)

// MaxDoorVisits is how many of a household's last logged visits its volunteers see at the door.
const MaxDoorVisits = 3

// VisitNote is one of a household's last logged visits: when, what came of it, what was noted and by whom.
type VisitNote struct {
	SessionID string    `json:"session_id"`
	VisitedAt time.Time `json:"visited_at"`
	Outcome   string    `json:"outcome"`
	Notes     string    `json:"notes"`
	By        PersonRef `json:"by"`
}

// OpenConcern is a trouble of a household not yet resolved, as its volunteers see it at the door.
type OpenConcern struct {
	ID       string    `json:"id"`
	Category string    `json:"category"`
	Text     string    `json:"text"`
	Status   string    `json:"status"`
	RaisedAt time.Time `json:"raised_at"`
}

// PlanVisit is one visit of a visit plan with its state (VisitToDo, VisitLogged, VisitLate or
// VisitCancelled) and, once logged, its outcome.
type PlanVisit struct {
	SessionID string     `json:"session_id"`
	StartsAt  time.Time  `json:"starts_at"`
	EndsAt    time.Time  `json:"ends_at"`
	State     string     `json:"state"`
	Outcome   string     `json:"outcome,omitempty"`
	VisitedAt *time.Time `json:"visited_at,omitempty"`
}

// VisitState is the state of a visit whose session has status and ends at endsAt, logged or
// not, at now: a log wins over a cancellation (what was done stays done).
func VisitState(status string, logged bool, endsAt, now time.Time) string {
	switch {
	case logged:
		return VisitLogged
	case status == SessionCancelled:
		return VisitCancelled
	case VisitOverdue(endsAt, now):
		return VisitLate
	}
	return VisitToDo
}
