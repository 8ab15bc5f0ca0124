package linli

import "testing"

func intp(n int) *int       { return &n }
func strp(s string) *string { return &s }
func programSchedule() *Schedule {
	return &Schedule{StartDate: NewDate(2026, 9, 1), EndDate: NewDate(2026, 9, 30), StartTime: Clock{16, 30}, EndTime: Clock{18, 0}}
}

func TestProgramChangeValidation(t *testing.T) {
	valid := func() ProgramChange {
		return ProgramChange{Kind: strp(KindHolidayClass), Title: strp("书法"), Category: strp("calligraphy"),
			AgeMin: intp(6), AgeMax: intp(12), Capacity: intp(20), Schedule: programSchedule()}
	}
	tests := []struct {
		name, field string
		edit        func(*ProgramChange)
	}{
		{"valid", "", func(*ProgramChange) {}},
		{"no kind", "kind", func(c *ProgramChange) { c.Kind = nil }},
		{"unknown kind", "kind", func(c *ProgramChange) { c.Kind = strp("party") }},
		{"no title", "title", func(c *ProgramChange) { c.Title = strp("  ") }},
		{"unknown category", "category", func(c *ProgramChange) { c.Category = strp("cooking") }},
		{"age 2", "age_min", func(c *ProgramChange) { c.AgeMin = intp(2) }},
		{"age 13", "age_max", func(c *ProgramChange) { c.AgeMax = intp(13) }},
		{"ages reversed", "age_max", func(c *ProgramChange) { c.AgeMin, c.AgeMax = intp(9), intp(7) }},
		{"ages on a neighbour visit", "age_min", func(c *ProgramChange) { c.Kind = strp(KindNeighborVisit) }},
		{"no seats", "capacity", func(c *ProgramChange) { c.Capacity = intp(0) }},
		{"staff twice", "staff_ids[2]", func(c *ProgramChange) { c.StaffIDs = &[]string{"a", "b", "a"} }},
		{"booking time without zone", "booking_opens_at", func(c *ProgramChange) { c.BookingOpensAt = strp("2026-08-25T09:00:00") }},
		{"negative cutoff", "cancel_cutoff_minutes", func(c *ProgramChange) { c.CancelCutoffMinutes = intp(-5) }},
		{"lesson of 5 minutes", "lesson_minutes", func(c *ProgramChange) { c.LessonMinutes = intp(5) }},
		{"no children per staff", "max_children_per_staff", func(c *ProgramChange) { c.MaxChildrenPerStaff = intp(0) }},
		{"no schedule", "schedule", func(c *ProgramChange) { c.Schedule = nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch := valid()
			tt.edit(&ch)
			p := NewProgram("c")
			err := ch.Apply(p)
			if tt.field == "" {
				if err != nil || p.Category != "calligraphy" || !p.Waitlist || *p.AgeMin != 6 {
					t.Errorf("Apply = %v, program %+v", err, p)
				}
				return
			}
			if ErrorCode(err) != EInvalid || ErrorField(err) != tt.field {
				t.Errorf("Apply = %v; want invalid on %s", err, tt.field)
			}
		})
	}
}

func TestProgramChangeKeepsKind(t *testing.T) {
	p := NewProgram("c")
	ch := ProgramChange{Kind: strp(KindEvent), Title: strp("居民议事会"), Capacity: intp(50), Schedule: programSchedule()}
	if err := ch.Apply(p); err != nil || p.Category != CategoryOther {
		t.Fatalf("Apply = %v, category %q", err, p.Category)
	}
	if err := (&ProgramChange{Kind: strp(KindAfterSchool)}).Apply(p); ErrorField(err) != "kind" {
		t.Errorf("changing the kind: %v, want invalid on kind", err)
	}
	if err := (&ProgramChange{Title: strp("议事会（扩大）")}).Apply(p); err != nil || p.Title != "议事会（扩大）" || p.Schedule.EndDate != NewDate(2026, 9, 30) {
		t.Errorf("a title change: %v, %+v", err, p)
	}
}

func TestVisibilityAndAges(t *testing.T) {
	coordinator := &Actor{User: User{ID: "u1"}, Memberships: []Membership{{CommunityID: "c", Role: RoleCoordinator}}}
	volunteer := &Actor{User: User{ID: "u2"}, Memberships: []Membership{{CommunityID: "c", Role: RoleVolunteer}}}
	var anonymous *Actor
	for _, k := range Kinds {
		public := k != KindNeighborVisit
		if CanSeeKind(k) != public || anonymous.CanSee(k, "c", false) != public || volunteer.CanSee(k, "c", false) != public {
			t.Errorf("kind %s: public should be %v", k, public)
		}
		if !coordinator.CanSee(k, "c", false) || !volunteer.CanSee(k, "c", true) || coordinator.CanSee(k, "other", false) != public {
			t.Errorf("kind %s: coordinators of the community and staff see it, others by kind only", k)
		}
	}
	if anonymous.CanSee(KindNeighborVisit, "c", true) {
		t.Error("anonymous callers are nobody's staff")
	}
	cases := []struct {
		kind     string
		min, max *int
		age      int
		want     bool
	}{
		{KindHolidayClass, intp(4), intp(6), 5, true},
		{KindHolidayClass, intp(4), intp(6), 7, false},
		{KindHolidayClass, intp(4), intp(6), 3, false},
		{KindAfterSchool, nil, intp(9), 3, true},
		{KindEvent, nil, nil, 10, false}, // an event with no age range is for adults
		{KindEvent, intp(6), nil, 10, true},
		{KindEvent, nil, intp(8), 10, false},
		{KindVolunteerShift, nil, nil, 10, false},
		{KindNeighborVisit, nil, nil, 10, false},
	}
	for _, c := range cases {
		if got := OpenToAge(c.kind, c.min, c.max, c.age); got != c.want {
			t.Errorf("OpenToAge(%s, %v, %v, %d) = %v", c.kind, c.min, c.max, c.age, got)
		}
	}
}
