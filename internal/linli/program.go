package linli

import (
	"slices"
	"time"
)

// Program kinds.
const (
	KindAfterSchool    = "after_school"    // 课后托管, 四点半课堂
	KindHolidayClass   = "holiday_class"   // 节假日/假期特色课堂
	KindVolunteerShift = "volunteer_shift" // 志愿服务
	KindNeighborVisit  = "neighbor_visit"  // 我是对门 visits
	KindEvent          = "event"           // 议事会 and other gatherings
)

// Kinds lists the program kinds in the order the API documents them.
var Kinds = []string{KindAfterSchool, KindHolidayClass, KindVolunteerShift, KindNeighborVisit, KindEvent}

// Categories lists the program categories; CategoryOther is the default.
var Categories = []string{"speech", "calligraphy", "science", "art", "reading", "sports", CategoryOther}

// CategoryOther is the category of a program that names none.
const CategoryOther = "other"

// Program statuses: a deleted program keeps its past sessions for history.
const (
	ProgramActive  = "active"
	ProgramDeleted = "deleted"
)

// Bounds of a program's fields.
const (
	MinChildAge      = 3
	MaxChildAge      = 12
	MaxCapacity      = 10000
	MaxStaff         = 50
	MaxCutoffMinutes = 30 * 24 * 60
)

// WarningCalendarYearProvisional warns that a program reaches into a year whose holidays nobody
// has announced yet: its sessions there follow the provisional holidays of the lunar calendar and
// are re-planned when the official year arrives.
const WarningCalendarYearProvisional = "calendar_year_provisional"

// ValidKind reports whether k is a program kind.
func ValidKind(k string) bool { return slices.Contains(Kinds, k) }

// ValidCategory reports whether c is a program category.
func ValidCategory(c string) bool { return slices.Contains(Categories, c) }

// IsChildrenKind reports whether programs of kind k may be for children of certain ages.
func IsChildrenKind(k string) bool {
	return k == KindAfterSchool || k == KindHolidayClass || k == KindEvent
}

// CanSeeKind reports whether programs and sessions of kind k are public: readable by anyone,
// signed in or not. Neighbour visits are not: they lead to households.
func CanSeeKind(k string) bool { return k != KindNeighborVisit }

// CanSee reports whether the actor may see a program or session of kind in the community:
// public kinds everyone, the others administrators, the community's coordinators and, when
// isStaff, the volunteers assigned to it.
func (a *Actor) CanSee(kind, communityID string, isStaff bool) bool {
	return CanSeeKind(kind) || a.IsAdmin() || a.Has(communityID, RoleCoordinator) || a != nil && isStaff
}

// Coordinates returns the ids of the communities the actor coordinates.
func (a *Actor) Coordinates() []string {
	out := []string{}
	if a == nil {
		return out
	}
	for _, m := range a.Memberships {
		if m.Role == RoleCoordinator {
			out = append(out, m.CommunityID)
		}
	}
	return out
}

// OpenToAge reports whether a program of kind with the age range [ageMin, ageMax] (nil for an
// open bound) is open to a child of age: volunteer shifts and neighbour visits never are, and an
// event only when it has an age range (without one it is for adults, such as a 议事会).
func OpenToAge(kind string, ageMin, ageMax *int, age int) bool {
	return TakesChildren(kind, ageMin, ageMax) && (ageMin == nil || *ageMin <= age) && (ageMax == nil || age <= *ageMax)
}

// TakesChildren reports whether children may be booked into a program of kind with the age range
// [ageMin, ageMax]: after-school care and holiday classes always, events only with an age range.
func TakesChildren(kind string, ageMin, ageMax *int) bool {
	if kind == KindEvent {
		return ageMin != nil || ageMax != nil
	}
	return IsChildrenKind(kind)
}

// Schedule is a program's schedule, the "schedule" object of the API. It mirrors schedule.Spec
// field for field (that package imports this one, so this one cannot import it); storage converts
// with schedule.Spec(s), which the compiler keeps in step. See schedule.Spec for the meaning.
type Schedule struct {
	StartDate   Date   `json:"start_date"`
	EndDate     Date   `json:"end_date"`
	StartTime   Clock  `json:"start_time"`
	EndTime     Clock  `json:"end_time"`
	Weekdays    []int  `json:"weekdays,omitempty"`
	RRule       string `json:"rrule,omitempty"`
	DayFilter   string `json:"day_filter"`
	ExceptDates []Date `json:"except_dates,omitempty"`
	ExtraDates  []Date `json:"extra_dates,omitempty"` // added whatever the rule and filter say
}

// Years returns the calendar years the schedule's date range touches.
func (s Schedule) Years() []int {
	var ys []int
	for y := s.StartDate.Year(); y <= s.EndDate.Year(); y++ {
		ys = append(ys, y)
	}
	return ys
}

// Program is a planned series of sessions: a class, a care service, a shift series or an event.
type Program struct {
	ID                  string     `json:"id"`
	CommunityID         string     `json:"community_id"`
	Kind                string     `json:"kind"`
	Title               string     `json:"title"`
	Category            string     `json:"category"`
	Description         string     `json:"description"`
	AgeMin              *int       `json:"age_min"`
	AgeMax              *int       `json:"age_max"`
	Capacity            int        `json:"capacity"`
	Waitlist            bool       `json:"waitlist"`
	VenueID             *string    `json:"venue_id"`
	StaffIDs            []string   `json:"staff_ids"`
	BookingOpensAt      *time.Time `json:"booking_opens_at"`
	CancelCutoffMinutes int        `json:"cancel_cutoff_minutes"`
	LessonMinutes       *int       `json:"lesson_minutes"`
	MaxChildrenPerStaff *int       `json:"max_children_per_staff"`
	Schedule            Schedule   `json:"schedule"`
	Status              string     `json:"status"`
	Warnings            []string   `json:"warnings"`
	CreatedAt           time.Time  `json:"created_at"`
	UpdatedAt           time.Time  `json:"updated_at"`
}

// NewProgram returns an empty program of the community with the defaults of a new one.
func NewProgram(communityID string) *Program {
	return &Program{CommunityID: communityID, Waitlist: true, Status: ProgramActive, StaffIDs: []string{}}
}

// Venue returns the program's venue id, or "" for none.
func (p *Program) Venue() string {
	if p.VenueID == nil {
		return ""
	}
	return *p.VenueID
}

// ProgramChange is the body of POST /communities/{id}/programs and PATCH /programs/{id}; nil
// fields keep their value. A PATCH replaces the whole schedule; "" clears venue_id and
// booking_opens_at.
type ProgramChange struct {
	Kind                *string   `json:"kind"`
	Title               *string   `json:"title"`
	Category            *string   `json:"category"`
	Description         *string   `json:"description"`
	AgeMin              *int      `json:"age_min"`
	AgeMax              *int      `json:"age_max"`
	Capacity            *int      `json:"capacity"`
	Waitlist            *bool     `json:"waitlist"`
	VenueID             *string   `json:"venue_id"`
	StaffIDs            *[]string `json:"staff_ids"`
	BookingOpensAt      *string   `json:"booking_opens_at"`
	CancelCutoffMinutes *int      `json:"cancel_cutoff_minutes"`
	LessonMinutes       *int      `json:"lesson_minutes"`
	MaxChildrenPerStaff *int      `json:"max_children_per_staff"`
	Schedule            *Schedule `json:"schedule"`
}

// Apply validates ch and writes it onto p, field by field in the order of the API's program
// body. Whether the venue and staff belong to the community and whether the schedule expands
// are for storage to check, as they need the database and the schedule package.
func (ch *ProgramChange) Apply(p *Program) error {
	if err := ch.applyWhat(p); err != nil {
		return err
	}
	if err := ch.applyWho(p); err != nil {
		return err
	}
	if err := ch.applyBooking(p); err != nil {
		return err
	}
	if ch.Schedule != nil {
		p.Schedule = *ch.Schedule
	}
	if p.Schedule.StartDate.IsZero() && p.Schedule.EndDate.IsZero() && ch.Schedule == nil {
		return Invalid("schedule", "a schedule is required")
	}
	return nil
}

// applyWhat checks what the program is: kind, title, category, description and ages.
func (ch *ProgramChange) applyWhat(p *Program) error {
	if ch.Kind != nil {
		if p.Kind != "" && *ch.Kind != p.Kind {
			return Invalid("kind", "a program's kind cannot change; create a new program instead")
		}
		if !ValidKind(*ch.Kind) {
			return Invalid("kind", "kind must be one of %v", Kinds)
		}
		p.Kind = *ch.Kind
	}
	if p.Kind == "" {
		return Invalid("kind", "kind is required: one of %v", Kinds)
	}
	var err error
	if ch.Title != nil {
		if p.Title, err = ValidateName("title", *ch.Title); err != nil {
			return err
		}
	}
	if p.Title == "" {
		return Invalid("title", "a title is required")
	}
	if ch.Category != nil {
		if !ValidCategory(*ch.Category) {
			return Invalid("category", "category must be one of %v", Categories)
		}
		p.Category = *ch.Category
	}
	if p.Category == "" {
		p.Category = CategoryOther
	}
	if ch.Description != nil {
		if p.Description, err = validateText("description", *ch.Description, 2000); err != nil {
			return err
		}
	}
	for _, age := range []struct {
		field string
		in    *int
		out   **int
	}{{"age_min", ch.AgeMin, &p.AgeMin}, {"age_max", ch.AgeMax, &p.AgeMax}} {
		if age.in == nil {
			continue
		}
		if !IsChildrenKind(p.Kind) {
			return Invalid(age.field, "only after_school, holiday_class and event programs are for children of certain ages")
		}
		if *age.in < MinChildAge || *age.in > MaxChildAge {
			return Invalid(age.field, "ages run from %d to %d", MinChildAge, MaxChildAge)
		}
		v := *age.in
		*age.out = &v
	}
	if p.AgeMin != nil && p.AgeMax != nil && *p.AgeMax < *p.AgeMin {
		return Invalid("age_max", "age_max must not be below age_min")
	}
	return nil
}

// applyWho checks the seats, the venue and the staff.
func (ch *ProgramChange) applyWho(p *Program) error {
	if ch.Capacity != nil {
		p.Capacity = *ch.Capacity
	}
	if p.Capacity < 1 || p.Capacity > MaxCapacity {
		return Invalid("capacity", "capacity must be 1 to %d", MaxCapacity)
	}
	if ch.Waitlist != nil {
		p.Waitlist = *ch.Waitlist
	}
	if ch.VenueID != nil {
		p.VenueID = nil
		if *ch.VenueID != "" {
			v := *ch.VenueID
			p.VenueID = &v
		}
	}
	if ch.StaffIDs != nil {
		if err := checkStaffIDs(*ch.StaffIDs); err != nil {
			return err
		}
		p.StaffIDs = slices.Clone(*ch.StaffIDs)
	}
	if p.StaffIDs == nil {
		p.StaffIDs = []string{}
	}
	return nil
}

// applyBooking checks when booking opens and closes and how a session is counted.
func (ch *ProgramChange) applyBooking(p *Program) error {
	if ch.BookingOpensAt != nil {
		p.BookingOpensAt = nil
		if *ch.BookingOpensAt != "" {
			t, err := time.Parse(time.RFC3339, *ch.BookingOpensAt)
			if err != nil {
				return Invalid("booking_opens_at", "booking_opens_at must be an RFC 3339 instant such as 2026-08-20T09:00:00+08:00")
			}
			// The community's zone is not known here: the year must hold in the farthest ones.
			for _, edge := range []*time.Location{time.FixedZone("UTC+14", 14*3600), time.FixedZone("UTC-12", -12*3600)} {
				if err := CheckInstant("booking_opens_at", t, edge); err != nil {
					return err
				}
			}
			p.BookingOpensAt = &t
		}
	}
	if ch.CancelCutoffMinutes != nil {
		if *ch.CancelCutoffMinutes < 0 || *ch.CancelCutoffMinutes > MaxCutoffMinutes {
			return Invalid("cancel_cutoff_minutes", "cancel_cutoff_minutes must be 0 to %d", MaxCutoffMinutes)
		}
		p.CancelCutoffMinutes = *ch.CancelCutoffMinutes
	}
	if ch.LessonMinutes != nil {
		if *ch.LessonMinutes < 10 || *ch.LessonMinutes > 120 {
			return Invalid("lesson_minutes", "a lesson period is 10 to 120 minutes")
		}
		v := *ch.LessonMinutes
		p.LessonMinutes = &v
	}
	if ch.MaxChildrenPerStaff != nil {
		if *ch.MaxChildrenPerStaff < 1 || *ch.MaxChildrenPerStaff > MaxCapacity {
			return Invalid("max_children_per_staff", "max_children_per_staff must be 1 to %d", MaxCapacity)
		}
		v := *ch.MaxChildrenPerStaff
		p.MaxChildrenPerStaff = &v
	}
	return nil
}

// ProgramFilter selects programs: of a community, a kind and a category, open to a child of
// Age (when HasAge), with a schedule overlapping From..To (community-local dates, inclusive).
type ProgramFilter struct {
	CommunityID string
	Kind        string
	Category    string
	Age         int
	HasAge      bool
	From, To    Date
	Page        Page
}

// ProgramPreview is what a change of a program would do to its future sessions, as
// PATCH /programs/{id}?dry_run=true answers it without writing anything.
type ProgramPreview struct {
	Program  *Program      `json:"program"`
	Preview  PreviewCounts `json:"preview"`
	Warnings []string      `json:"warnings"`
}

// PreviewCounts counts the sessions a change adds, moves and cancels, and the active bookings
// (confirmed or waiting) and families on the moved and cancelled ones. A family is the children
// who share a guardian.
type PreviewCounts struct {
	SessionsAdded     int `json:"sessions_added"`
	SessionsMoved     int `json:"sessions_moved"`
	SessionsCancelled int `json:"sessions_cancelled"`
	BookingsAffected  int `json:"bookings_affected"`
	FamiliesAffected  int `json:"families_affected"`
}

// ProgramResult answers a create or a change of a program: the program and what happened to its
// sessions. Warnings holds codes such as WarningCalendarYearMissing.
type ProgramResult struct {
	Program           *Program `json:"program"`
	SessionsCreated   int      `json:"sessions_created"`
	SessionsUpdated   int      `json:"sessions_updated,omitempty"`
	SessionsCancelled int      `json:"sessions_cancelled,omitempty"`
	Warnings          []string `json:"warnings"`
}
