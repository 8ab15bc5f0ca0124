package linli

import (
	"fmt"
	"math"
	"time"
)

// Service record statuses: only approved records count in reports.
const (
	ServicePending  = "pending"
	ServiceApproved = "approved"
	ServiceRejected = "rejected" // by a coordinator, with a note (RejectNote); never counts
)

// ServiceRejection is the body of POST /service/{id}/reject.
type ServiceRejection struct {
	Note string `json:"note"`
}

// Validate checks the note: the volunteer reads why, in 1 to 500 characters.
func (r *ServiceRejection) Validate() error {
	n, err := validateText("note", r.Note, 500)
	if err != nil {
		return err
	}
	if n == "" {
		return Invalid("note", "say why the hours are rejected")
	}
	r.Note = n
	return nil
}

// Where a service record comes from: a coordinator's service sheet or a done visit's log.
const (
	ServiceFromSheet    = "sheet"
	ServiceFromVisitLog = "visit_log"
)

// Correction statuses.
const (
	CorrectionPending  = "pending"
	CorrectionAccepted = "accepted"
	CorrectionRejected = "rejected"
)

// ServiceWindow is how far before a session's start a check-in, and after its end a check-out,
// may lie: setting up and clearing away count, a check-in the day before does not.
const ServiceWindow = 3 * time.Hour

// MaxServiceSheet bounds the records of one service sheet.
const MaxServiceSheet = 500

// PersonRef names a user as others see them.
type PersonRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Signup is a volunteer's place on a volunteer shift.
type Signup struct {
	SessionID string    `json:"session_id"`
	UserID    string    `json:"user_id"`
	Name      string    `json:"name"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// SignupRequest is the body of POST /sessions/{id}/signup: empty for oneself, or the volunteer a
// coordinator signs up.
type SignupRequest struct {
	UserID string `json:"user_id"`
}

// IsHelper reports whether the actor may staff sessions, take shifts and visit households in the
// community: a volunteer or a teacher of it.
func (a *Actor) IsHelper(communityID string) bool {
	return a.Has(communityID, RoleVolunteer) || a.Has(communityID, RoleTeacher)
}

// CheckJoin says whether a volunteer may still sign up for s at now: only volunteer shifts take
// sign-ups (409 conflict), and only scheduled ones that have not started (409 session_closed).
func CheckJoin(s *Session, now time.Time) error {
	if s.Kind != KindVolunteerShift {
		return Errorf(EConflict, "only volunteer shifts take sign-ups; session %s is a %s", s.ID, s.Kind)
	}
	if s.Status != SessionScheduled {
		return Errorf(ESessionClosed, "session %s is %s", s.ID, s.Status)
	}
	if !now.Before(s.StartsAt) {
		return Errorf(ESessionClosed, "session %s has started", s.ID)
	}
	return nil
}

// CheckLeave says whether a volunteer may still leave the shift s at now: until cutoffMinutes
// before it starts (409 session_closed after). Coordinators are not bound by the cutoff.
func CheckLeave(s *Session, cutoffMinutes int, now time.Time) error {
	closes := s.StartsAt.Add(-time.Duration(cutoffMinutes) * time.Minute)
	if !now.Before(closes) {
		return Errorf(ESessionClosed, "leaving session %s closed at %s; ask a coordinator", s.ID, closes.Format("2006-01-02 15:04"))
	}
	return nil
}

// ServiceRecord is time a volunteer served on a session, recorded and certified by the session's
// community. Hours are Minutes / 60, rounded to two decimals.
type ServiceRecord struct {
	ID          string     `json:"id"`
	CommunityID string     `json:"community_id"`
	SessionID   string     `json:"session_id"`
	Kind        string     `json:"kind"`
	Title       string     `json:"title"`
	User        PersonRef  `json:"user"`
	CheckIn     time.Time  `json:"check_in"`
	CheckOut    time.Time  `json:"check_out"`
	Minutes     int        `json:"minutes"`
	Hours       float64    `json:"hours"`
	Status      string     `json:"status"`
	Source      string     `json:"source"`
	ApprovedBy  *PersonRef `json:"approved_by"`
	ApprovedAt  *time.Time `json:"approved_at"`
	RejectNote  string     `json:"reject_note,omitempty"` // why a coordinator rejected it
	// CorrectionPending says that the volunteer's correction of the record awaits a decision
	// (given by GET /me/service).
	CorrectionPending bool      `json:"correction_pending,omitempty"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
}

// ServiceSheet is the body of PUT /sessions/{id}/service: the actual times served, one entry per
// volunteer.
type ServiceSheet struct {
	Records []ServiceEntry `json:"records"`
}

// ServiceEntry is one volunteer's check-in and check-out, RFC 3339 instants.
type ServiceEntry struct {
	UserID   string `json:"user_id"`
	CheckIn  string `json:"check_in"`
	CheckOut string `json:"check_out"`
}

// ServiceTimes is a checked check-in and check-out.
type ServiceTimes struct {
	CheckIn, CheckOut time.Time
}

// Minutes returns the whole minutes served.
func (t ServiceTimes) Minutes() int { return ServiceMinutes(t.CheckIn, t.CheckOut) }

// Validate checks the sheet's shape: 1 to MaxServiceSheet entries, each volunteer once.
func (sh *ServiceSheet) Validate() error {
	if len(sh.Records) == 0 || len(sh.Records) > MaxServiceSheet {
		return Invalid("records", "records holds 1 to %d entries", MaxServiceSheet)
	}
	seen := map[string]bool{}
	for i, e := range sh.Records {
		if e.UserID == "" || seen[e.UserID] {
			return Invalid(fmt.Sprintf("records[%d].user_id", i), "each volunteer once, by user id")
		}
		seen[e.UserID] = true
	}
	return nil
}

// ParseServiceTimes reads a check-in and check-out for session s and checks them at now: the
// check-out after the check-in, at least a minute apart, within ServiceWindow of the session
// and not in the future. prefix names the entry ("records[2]", or "" for a top-level body).
func ParseServiceTimes(prefix, checkIn, checkOut string, s *Session, now time.Time) (ServiceTimes, error) {
	field := func(name string) string {
		if prefix == "" {
			return name
		}
		return prefix + "." + name
	}
	in, err := time.Parse(time.RFC3339, checkIn)
	if err != nil {
		return ServiceTimes{}, Invalid(field("check_in"), "check_in must be an RFC 3339 instant such as 2026-09-05T09:00:00+08:00")
	}
	out, err := time.Parse(time.RFC3339, checkOut)
	if err != nil {
		return ServiceTimes{}, Invalid(field("check_out"), "check_out must be an RFC 3339 instant such as 2026-09-05T11:00:00+08:00")
	}
	loc := s.StartsAt.Location()
	if err := CheckInstant(field("check_in"), in, loc); err != nil {
		return ServiceTimes{}, err
	}
	if err := CheckInstant(field("check_out"), out, loc); err != nil {
		return ServiceTimes{}, err
	}
	switch {
	case in.Before(s.StartsAt.Add(-ServiceWindow)):
		return ServiceTimes{}, Invalid(field("check_in"), "check_in must be at most %v before the session starts", ServiceWindow)
	case ServiceMinutes(in, out) < 1:
		return ServiceTimes{}, Invalid(field("check_out"), "check_out must be at least a minute after check_in")
	case out.After(s.EndsAt.Add(ServiceWindow)):
		return ServiceTimes{}, Invalid(field("check_out"), "check_out must be at most %v after the session ends", ServiceWindow)
	case out.After(now):
		return ServiceTimes{}, Invalid(field("check_out"), "check_out is in the future")
	}
	return ServiceTimes{in.In(loc), out.In(loc)}, nil
}

// ServiceMinutes returns the whole minutes from in to out (a part minute does not count).
func ServiceMinutes(in, out time.Time) int { return int(out.Sub(in) / time.Minute) }

// Hours returns minutes as hours rounded to two decimals.
func Hours(minutes int) float64 { return math.Round(float64(minutes)/60*100) / 100 }

// CheckRecordable says whether service may be recorded on s at now: volunteer shifts and
// neighbour visits only (409 conflict), not cancelled (409 conflict), once started (409 not_started).
func CheckRecordable(s *Session, now time.Time) error {
	switch {
	case s.Kind != KindVolunteerShift && s.Kind != KindNeighborVisit:
		return Errorf(EConflict, "service hours are recorded on volunteer shifts and neighbour visits; session %s is a %s", s.ID, s.Kind)
	case s.Status == SessionCancelled:
		return Errorf(EConflict, "session %s was cancelled", s.ID)
	case now.Before(s.StartsAt):
		return Errorf(ENotStarted, "session %s has not started", s.ID)
	}
	return nil
}

// Correction is a volunteer's request to change the times of their service record.
type Correction struct {
	ID        string     `json:"id"`
	RecordID  string     `json:"service_record_id"`
	CheckIn   time.Time  `json:"check_in"`
	CheckOut  time.Time  `json:"check_out"`
	Hours     float64    `json:"hours"`
	Reason    string     `json:"reason"`
	Status    string     `json:"status"`
	Note      string     `json:"note"`
	FiledBy   PersonRef  `json:"filed_by"`
	FiledAt   time.Time  `json:"filed_at"`
	DecidedBy *PersonRef `json:"decided_by"`
	DecidedAt *time.Time `json:"decided_at"`
}

// CorrectionRequest is the body of POST /service/{id}/corrections.
type CorrectionRequest struct {
	CheckIn  string `json:"check_in"`
	CheckOut string `json:"check_out"`
	Reason   string `json:"reason"`
}

// ValidReason checks and trims the reason of a correction: 1 to 500 characters.
func (c *CorrectionRequest) ValidReason() error {
	r, err := validateText("reason", c.Reason, 500)
	if err == nil && r == "" {
		err = Invalid("reason", "say why the times are wrong")
	}
	c.Reason = r
	return err
}

// Decision is the body of POST /corrections/{id}/decide.
type Decision struct {
	Accept *bool  `json:"accept"`
	Note   string `json:"note"`
}

// Validate checks a decision: accept is required, the note at most 500 characters.
func (d *Decision) Validate() error {
	if d.Accept == nil {
		return Invalid("accept", "accept (true or false) is required")
	}
	n, err := validateText("note", d.Note, 500)
	d.Note = n
	return err
}

// CorrectionResult answers a decision: the correction and the record as it is now.
type CorrectionResult struct {
	Correction    *Correction    `json:"correction"`
	ServiceRecord *ServiceRecord `json:"service_record"`
}

// MySignupsFilter selects the sessions of the caller's own shift sign-ups: from a community-local
// date on (zero: today in China).
type MySignupsFilter struct {
	From Date
	Page Page
}

// ServiceFilter selects service records: of a community or a user, of a status, with check-in on
// community-local dates From..To.
type ServiceFilter struct {
	CommunityID string
	UserID      string
	Status      string
	From, To    Date
	Page        Page
}

// Validate checks the status and the dates of a filter.
func (f ServiceFilter) Validate() error {
	switch {
	case f.Status != "" && f.Status != ServicePending && f.Status != ServiceApproved && f.Status != ServiceRejected:
		return Invalid("status", "status must be pending, approved or rejected")
	case !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From):
		return Invalid("to", "to must not be before from")
	}
	return nil
}
