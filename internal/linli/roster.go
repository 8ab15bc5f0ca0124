package linli

import "time"

// Roster is what the staff of a session see of the children booked into it (confirmed): only
// what taking attendance and handing children over needs. Every read is logged (RosterRead).
type Roster struct {
	Session             *Session      `json:"session"`
	Children            []RosterChild `json:"children"`
	Attended            int           `json:"attended"`
	MaxChildrenPerStaff *int          `json:"max_children_per_staff"`
	Warnings            []string      `json:"warnings"`
}

// RosterChild is one booked child on a roster: age on the session's date rather than the birth
// date, the guardians and pickup persons to call, the delegations of that date, and the
// attendance recorded so far (nil before any).
type RosterChild struct {
	ID          string         `json:"id"`
	Name        string         `json:"name"`
	Age         int            `json:"age"`
	Notes       string         `json:"notes"`
	Guardians   []Contact      `json:"guardians"`
	Pickups     []PickupPerson `json:"pickups"`
	Delegations []Delegation   `json:"delegations"`
	Attendance  *Attendance    `json:"attendance"`
}

// RosterRead is an entry of the access log: who read which session's roster, when, and how many
// children's records it showed.
type RosterRead struct {
	ID              int64     `json:"id"`
	At              time.Time `json:"at"`
	UserID          string    `json:"user_id"`
	UserName        string    `json:"user_name"`
	CommunityID     string    `json:"community_id"`
	SessionID       string    `json:"session_id"`
	SessionTitle    string    `json:"session_title"`
	SessionStartsAt time.Time `json:"session_starts_at"`
	Children        int       `json:"children"`
}

// AccessLogFilter selects roster reads: of a community (empty for all) on the dates From..To
// inclusive (in the community's time zone, China's without one).
type AccessLogFilter struct {
	CommunityID string
	From, To    Date
	Page        Page
}

// MaxAccessLogExport bounds the entries one export of the access log holds.
const MaxAccessLogExport = 100000

// CheckAccessLogExport answers invalid on to when an export would hold more than
// MaxAccessLogExport roster reads (n, or more).
func CheckAccessLogExport(n int) error {
	if n > MaxAccessLogExport {
		return Invalid("to", "more than %d roster reads: export a shorter range", MaxAccessLogExport)
	}
	return nil
}

// Feedback is a guardian's rating of a delivered session their child attended.
type Feedback struct {
	ID        int64     `json:"id"`
	SessionID string    `json:"session_id"`
	ChildID   string    `json:"child_id"`
	Rating    int       `json:"rating"`
	Comment   string    `json:"comment"`
	CreatedAt time.Time `json:"created_at"`
}

// ProgramRating is one guardian's rating of a session of a program, as its coordinators read it
// in GET /programs/{id}/feedback: without the child's or the guardian's name.
type ProgramRating struct {
	SessionID string    `json:"session_id"`
	StartsAt  time.Time `json:"starts_at"` // the session's start, to say which day was rated
	Rating    int       `json:"rating"`
	Comment   string    `json:"comment"`
	CreatedAt time.Time `json:"created_at"`
}

// MaxFeedbackComment bounds a feedback comment, in characters.
const MaxFeedbackComment = 500

// NewFeedback is the body of POST /sessions/{id}/feedback. ChildID may be left out when exactly
// one of the guardian's children attended the session.
type NewFeedback struct {
	ChildID string `json:"child_id"`
	Rating  int    `json:"rating"`
	Comment string `json:"comment"`
}

// Validate checks the rating (1 to 5) and the comment.
func (in *NewFeedback) Validate() error {
	if in.Rating < 1 || in.Rating > 5 {
		return Invalid("rating", "rating must be a whole number from 1 to 5")
	}
	c, err := validateText("comment", in.Comment, MaxFeedbackComment)
	if err != nil {
		return err
	}
	in.Comment = c
	return nil
}

// FeedbackChild picks the child a feedback is for among the guardian's children who attended
// the session: the one named, or the only one. Naming none when several attended is 400 on
// child_id; naming one who did not attend is 422 not_eligible.
func FeedbackChild(named string, attended []string) (string, error) {
	if named == "" {
		if len(attended) == 1 {
			return attended[0], nil
		}
		if len(attended) > 1 {
			return "", Invalid("child_id", "several of your children attended: name the child_id the rating is for")
		}
		return "", Errorf(ENotEligible, "none of your children attended this session")
	}
	for _, id := range attended {
		if id == named {
			return id, nil
		}
	}
	return "", &Error{Code: ENotEligible, Field: "child_id", Message: "this child did not attend the session"}
}
