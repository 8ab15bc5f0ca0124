package linli

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Cadences of a visit plan; anything else is read as an RRULE.
const (
	CadenceWeekly      = "weekly"
	CadenceFortnightly = "fortnightly"
	CadenceMonthly     = "monthly"
)

// Outcomes of a visit.
const (
	VisitDone   = "done"
	VisitMissed = "missed"
)

// Bounds of visit plans and logs.
const (
	MaxVisitVolunteers = 10
	MaxVisitMinutes    = 600
	MaxVisitConcerns   = 20
)

// VisitLogDeadline is how long after its end a visit with no log counts as overdue.
const VisitLogDeadline = 48 * time.Hour

var rruleDays = [...]string{"", "MO", "TU", "WE", "TH", "FR", "SA", "SU"}

// CadenceRule returns the RRULE of a cadence starting on start: weekly and fortnightly on
// start's weekday; monthly on start's day of the month, and for a start on the 29th to 31st on
// that day or, in a shorter month, its last day (a plan starting on 1/31 visits on 2/28, 3/31,
// 4/30). Any other cadence is taken as an RRULE as it is.
func CadenceRule(cadence string, start Date) string {
	switch cadence {
	case CadenceWeekly:
		return "FREQ=WEEKLY;BYDAY=" + rruleDays[start.ISOWeekday()]
	case CadenceFortnightly:
		return "FREQ=WEEKLY;INTERVAL=2;BYDAY=" + rruleDays[start.ISOWeekday()]
	case CadenceMonthly:
		if d := start.Day(); d > 28 {
			days := []string{}
			for n := 28; n <= d; n++ {
				days = append(days, strconv.Itoa(n))
			}
			return "FREQ=MONTHLY;BYMONTHDAY=" + strings.Join(days, ",") + ";BYSETPOS=-1"
		}
		return "FREQ=MONTHLY;BYMONTHDAY=" + strconv.Itoa(start.Day())
	}
	return cadence
}

// HouseholdRef is a household as visit plans, logs and concerns show it: its label and building
// only, never its contact or needs.
type HouseholdRef struct {
	ID       string `json:"id"`
	Label    string `json:"label"`
	Building string `json:"building"`
}

// VisitTitle is the title of the program behind a household's visit plan.
func VisitTitle(h HouseholdRef) string { return "走访：" + h.Building + " " + h.Label }

// VisitPlan pairs volunteers with a household and a cadence; its visits are the sessions of a
// neighbor_visit program (ProgramID) whose staff are the volunteers. It is active while its
// program is.
type VisitPlan struct {
	ID           string       `json:"id"`
	Household    HouseholdRef `json:"household"`
	CommunityID  string       `json:"community_id"`
	ProgramID    string       `json:"program_id"`
	VolunteerIDs []string     `json:"volunteer_ids"`
	Volunteers   []PersonRef  `json:"volunteers"`
	Cadence      string       `json:"cadence"`
	RRule        string       `json:"rrule"`
	StartDate    Date         `json:"start_date"`
	EndDate      Date         `json:"end_date"`
	StartTime    Clock        `json:"start_time"`
	EndTime      Clock        `json:"end_time"`
	Status       string       `json:"status"`
	CreatedAt    time.Time    `json:"created_at"`
	UpdatedAt    time.Time    `json:"updated_at"`
	// Visits are the plan's visits by start, each with its state, read with one plan
	// (GET /visit-plans/{id}) and with the plans of GET /me/visit-plans.
	Visits []PlanVisit `json:"visits,omitempty"`
}

// VisitPlanChange is the body of POST /households/{id}/visit-plans and PATCH /visit-plans/{id};
// nil fields keep their value.
type VisitPlanChange struct {
	VolunteerIDs *[]string `json:"volunteer_ids"`
	Cadence      *string   `json:"cadence"`
	StartDate    *Date     `json:"start_date"`
	EndDate      *Date     `json:"end_date"`
	StartTime    *Clock    `json:"start_time"`
	EndTime      *Clock    `json:"end_time"`
}

// Apply checks ch and writes it onto p. Whether the volunteers belong to the community and the
// dates expand is for storage to check (the schedule package reads the rule).
func (ch *VisitPlanChange) Apply(p *VisitPlan) error {
	if ch.VolunteerIDs != nil {
		ids := *ch.VolunteerIDs
		if len(ids) == 0 || len(ids) > MaxVisitVolunteers {
			return Invalid("volunteer_ids", "a visit plan has 1 to %d volunteers", MaxVisitVolunteers)
		}
		for i, id := range ids {
			if id == "" || slices.Contains(ids[:i], id) {
				return Invalid(fmt.Sprintf("volunteer_ids[%d]", i), "volunteer ids must be distinct user ids")
			}
		}
		p.VolunteerIDs = slices.Clone(ids)
	}
	if len(p.VolunteerIDs) == 0 {
		return Invalid("volunteer_ids", "a visit plan needs at least one volunteer")
	}
	if ch.Cadence != nil {
		c := strings.TrimSpace(*ch.Cadence)
		if c == "" {
			return Invalid("cadence", "cadence is weekly, fortnightly, monthly or an RRULE such as FREQ=WEEKLY;INTERVAL=3")
		}
		p.Cadence = c
	}
	if p.Cadence == "" {
		return Invalid("cadence", "cadence is required: weekly, fortnightly, monthly or an RRULE")
	}
	for _, d := range []struct {
		in  *Date
		out *Date
	}{{ch.StartDate, &p.StartDate}, {ch.EndDate, &p.EndDate}} {
		if d.in != nil {
			*d.out = *d.in
		}
	}
	for _, c := range []struct {
		in  *Clock
		out *Clock
	}{{ch.StartTime, &p.StartTime}, {ch.EndTime, &p.EndTime}} {
		if c.in != nil {
			*c.out = *c.in
		}
	}
	p.RRule = CadenceRule(p.Cadence, p.StartDate)
	return nil
}

// Schedule returns the program schedule of p's visits: its rule on every day, weekends and
// holidays included.
func (p *VisitPlan) Schedule() Schedule {
	return Schedule{StartDate: p.StartDate, EndDate: p.EndDate, StartTime: p.StartTime, EndTime: p.EndTime,
		RRule: p.RRule, DayFilter: "all_days"}
}

// VisitPlanField names the visit-plan input behind a field of the program that stands for it:
// schedule.start_date is start_date, schedule.rrule the cadence, staff_ids[2] volunteer_ids[2].
func VisitPlanField(field string) string {
	switch {
	case field == "schedule.rrule":
		return "cadence"
	case strings.HasPrefix(field, "schedule."):
		return strings.TrimPrefix(field, "schedule.")
	case strings.HasPrefix(field, "staff_ids"):
		return "volunteer_ids" + strings.TrimPrefix(field, "staff_ids")
	}
	return field
}

// VisitPlanResult answers a create or a change of a visit plan.
type VisitPlanResult struct {
	VisitPlan         *VisitPlan `json:"visit_plan"`
	SessionsCreated   int        `json:"sessions_created"`
	SessionsUpdated   int        `json:"sessions_updated,omitempty"`
	SessionsCancelled int        `json:"sessions_cancelled,omitempty"`
}

// VisitLogEntry is the body of POST /sessions/{id}/visit-log.
type VisitLogEntry struct {
	Outcome  string       `json:"outcome"`
	Minutes  *int         `json:"minutes"`
	Notes    string       `json:"notes"`
	Concerns []NewConcern `json:"concerns"`
}

// NewConcern is a trouble found on a visit.
type NewConcern struct {
	Category string `json:"category"`
	Text     string `json:"text"`
}

// Validate checks a visit log: a done visit lasted 1 to MaxVisitMinutes minutes, a missed one
// 0 or more (minutes may be left out, meaning 0); notes at most 2000 characters; at most
// MaxVisitConcerns concerns, each with a category and 1 to 1000 characters of text.
func (e *VisitLogEntry) Validate() error {
	if e.Outcome != VisitDone && e.Outcome != VisitMissed {
		return Invalid("outcome", "outcome must be done or missed")
	}
	if e.Minutes == nil && e.Outcome == VisitDone {
		return Invalid("minutes", "say how many minutes the visit took")
	}
	if e.Minutes == nil {
		e.Minutes = new(int)
	}
	if m := *e.Minutes; m < 0 || m > MaxVisitMinutes || m == 0 && e.Outcome == VisitDone {
		return Invalid("minutes", "a done visit takes 1 to %d minutes, a missed one 0 to %d", MaxVisitMinutes, MaxVisitMinutes)
	}
	var err error
	if e.Notes, err = validateText("notes", e.Notes, 2000); err != nil {
		return err
	}
	if len(e.Concerns) > MaxVisitConcerns {
		return Invalid("concerns", "at most %d concerns a visit", MaxVisitConcerns)
	}
	for i := range e.Concerns {
		c := &e.Concerns[i]
		if !slices.Contains(ConcernCategories, c.Category) {
			return Invalid(fmt.Sprintf("concerns[%d].category", i), "category must be one of %v", ConcernCategories)
		}
		field := fmt.Sprintf("concerns[%d].text", i)
		if c.Text, err = validateText(field, c.Text, 1000); err != nil {
			return err
		}
		if c.Text == "" {
			return Invalid(field, "describe the trouble")
		}
	}
	return nil
}

// VisitLog is what a volunteer logged about a visit; a done visit also answers the service record
// it became (awaiting approval).
type VisitLog struct {
	SessionID     string         `json:"session_id"`
	Household     HouseholdRef   `json:"household"`
	Outcome       string         `json:"outcome"`
	Minutes       int            `json:"minutes"`
	Notes         string         `json:"notes"`
	VisitedAt     time.Time      `json:"visited_at"`
	LoggedBy      PersonRef      `json:"logged_by"`
	Concerns      []Concern      `json:"concerns"`
	ServiceRecord *ServiceRecord `json:"service_record"`
}

// VisitOverdue reports whether a visit that ended at endsAt and has no log is overdue at now.
func VisitOverdue(endsAt, now time.Time) bool { return now.Sub(endsAt) > VisitLogDeadline }

// HouseholdOverdue reports whether a household to be visited every everyDays days is overdue at
// now: never visited, or last visited (a done visit) more than everyDays community-local days
// before today. A household visited on the 1st every 14 days is due on the 15th, overdue on the 16th.
func HouseholdOverdue(lastVisit *time.Time, everyDays int, now time.Time, loc *time.Location) bool {
	if lastVisit == nil {
		return true
	}
	return DateOf(*lastVisit, loc).AddDays(everyDays).Before(DateOf(now, loc))
}

// OverdueVisit is a visit session that ended more than VisitLogDeadline ago with no log.
type OverdueVisit struct {
	Session
	Household HouseholdRef `json:"household"`
}

// OverdueHousehold is a household whose visits are behind its visit_every_days.
type OverdueHousehold struct {
	Household      HouseholdRef `json:"household"`
	LastVisitAt    *time.Time   `json:"last_visit_at"`
	VisitEveryDays int          `json:"visit_every_days"`
}

// OverdueReport answers GET /communities/{id}/visits/overdue.
type OverdueReport struct {
	Visits     []OverdueVisit     `json:"visits"`
	Households []OverdueHousehold `json:"households"`
}
