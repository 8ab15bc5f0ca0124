package linli

import "fmt"

// MaxCalendarDepth bounds a chain of day calendars layered on each other, the built-in one
// included.
const MaxCalendarDepth = 8

// CheckProgramChange answers conflict when the program, as stored (old), was deleted.
func CheckProgramChange(old *Program) error {
	if old.Status == ProgramDeleted {
		return Errorf(EConflict, "the program was deleted and can no longer change")
	}
	return nil
}

// CheckTimezoneChange answers conflict on timezone when the change from old to c moves the time
// zone of a community that has programs: stored sessions are instants planned in the old zone,
// and moving them all is not a change a coordinator should make by accident.
func CheckTimezoneChange(old, c *Community, hasPrograms bool) error {
	if c.Timezone != old.Timezone && hasPrograms {
		return &Error{Code: EConflict, Field: "timezone", Message: "the time zone of a community with programs cannot change"}
	}
	return nil
}

// CheckVenue answers invalid unless venueID ("" for none) names v, a venue of the community
// (nil when it has none such), holding capacity people; capacityField names the capacity asked.
func CheckVenue(venueID string, v *Venue, capacity int, capacityField string) error {
	switch {
	case venueID == "":
		return nil
	case v == nil:
		return Invalid("venue_id", "no venue %q in this community", venueID)
	case capacity > v.Capacity:
		return Invalid(capacityField, "%s holds at most %d people", v.Name, v.Capacity)
	}
	return nil
}

// CheckStaff answers invalid on the first of ids that is not among helpers, the teachers and
// volunteers of the community.
func CheckStaff(ids []string, helpers map[string]bool) error {
	for i, id := range ids {
		if !helpers[id] {
			return Invalid(fmt.Sprintf("staff_ids[%d]", i), "%s is not a teacher or volunteer of this community", id)
		}
	}
	return nil
}

// CheckCalendarExists answers invalid on field when no day calendar id exists.
func CheckCalendarExists(field, id string, exists bool) error {
	if !exists {
		return Invalid(field, "no day calendar %q", id)
	}
	return nil
}

// CheckCalendarBase answers invalid on base_id unless a new calendar may layer on baseID, whose
// chain of calendars (itself and its bases) is depth long: 0 when it does not exist.
func CheckCalendarBase(baseID string, depth int) error {
	if err := CheckCalendarExists("base_id", baseID, depth > 0); err != nil {
		return err
	}
	if depth >= MaxCalendarDepth {
		return Invalid("base_id", "calendars layer at most %d deep", MaxCalendarDepth)
	}
	return nil
}

// CheckDaysToMark answers invalid on days when a change of a calendar marks no date (n).
func CheckDaysToMark(n int) error {
	if n == 0 {
		return Invalid("days", "give at least one day or range to mark")
	}
	return nil
}

// CalendarSpan returns the dates GET /calendars/{id}/days answers for from and to (zero when not
// given): from today, 31 days, at most MaxCalendarSpanDays.
func CalendarSpan(from, to, today Date) (Date, Date, error) {
	if from.IsZero() {
		from = today
	}
	if to.IsZero() {
		to = from.AddDays(30)
	}
	if err := CheckDates(from, to); err != nil {
		return from, to, err
	}
	if from.DaysUntil(to) >= MaxCalendarSpanDays {
		return from, to, Invalid("to", "at most %d days at once", MaxCalendarSpanDays)
	}
	return from, to, nil
}

// CheckRole answers invalid on role unless it is a role a community gives.
func CheckRole(role string) error {
	switch role {
	case RoleCoordinator, RoleTeacher, RoleVolunteer:
		return nil
	}
	return Invalid("role", "role must be coordinator, teacher or volunteer")
}

// CheckPending answers invalid on name when m, naming a login nobody has registered yet, gives no
// name to show until they do.
func (m *NewMember) CheckPending() error {
	if m.Name == "" {
		return Invalid("name", "nobody has registered with this login yet: give the member's name")
	}
	return nil
}
