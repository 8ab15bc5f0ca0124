package linli

import "testing"

func TestPlanningRules(t *testing.T) {
	hall := &Venue{ID: "hall", Name: "活动室", Capacity: 20}
	shanghai := &Community{Timezone: "Asia/Shanghai"}
	urumqi := &Community{Timezone: "Asia/Urumqi"}
	helpers := map[string]bool{"t1": true, "v1": true}
	pending := &NewMember{Login: "13800000009", Role: RoleVolunteer}
	named := &NewMember{Login: "13800000009", Name: "王芳", Role: RoleVolunteer}
	for _, tc := range []struct {
		name string
		err  error
		want refusal
	}{
		{"changing a planned program", CheckProgramChange(&Program{Status: ProgramActive}), refusal{}},
		{"changing a deleted program", CheckProgramChange(&Program{Status: ProgramDeleted}), refusal{EConflict, ""}},
		{"renaming a community with programs", CheckTimezoneChange(shanghai, shanghai, true), refusal{}},
		{"moving a community without programs", CheckTimezoneChange(shanghai, urumqi, false), refusal{}},
		{"moving a community with programs", CheckTimezoneChange(shanghai, urumqi, true), refusal{EConflict, "timezone"}},
		{"no venue", CheckVenue("", nil, 500, "capacity"), refusal{}},
		{"a venue holding the class", CheckVenue("hall", hall, 20, "capacity"), refusal{}},
		{"a venue of another community", CheckVenue("far", nil, 10, "capacity"), refusal{EInvalid, "venue_id"}},
		{"a class too large for the venue", CheckVenue("hall", hall, 21, "capacity"), refusal{EInvalid, "capacity"}},
		{"a session too large for the venue", CheckVenue("hall", hall, 21, "sessions[0].capacity"), refusal{EInvalid, "sessions[0].capacity"}},
		{"a teacher and a volunteer staff", CheckStaff([]string{"t1", "v1"}, helpers), refusal{}},
		{"the second of the staff is a parent", CheckStaff([]string{"t1", "p1"}, helpers), refusal{EInvalid, "staff_ids[1]"}},
		{"a community's calendar that exists", CheckCalendarExists("calendar_id", "cn", true), refusal{}},
		{"a community's calendar that does not", CheckCalendarExists("calendar_id", "xx", false), refusal{EInvalid, "calendar_id"}},
		{"a calendar on the built-in one", CheckCalendarBase("cn", 1), refusal{}},
		{"a calendar on one 7 deep", CheckCalendarBase("c7", MaxCalendarDepth-1), refusal{}},
		{"a calendar on one 8 deep", CheckCalendarBase("c8", MaxCalendarDepth), refusal{EInvalid, "base_id"}},
		{"a calendar on none", CheckCalendarBase("xx", 0), refusal{EInvalid, "base_id"}},
		{"marking a day", CheckDaysToMark(1), refusal{}},
		{"marking nothing", CheckDaysToMark(0), refusal{EInvalid, "days"}},
		{"removing a volunteer", CheckRole(RoleVolunteer), refusal{}},
		{"removing a parent's role", CheckRole("parent"), refusal{EInvalid, "role"}},
		{"a pending member with a name", named.CheckPending(), refusal{}},
		{"a pending member without one", pending.CheckPending(), refusal{EInvalid, "name"}},
	} {
		if answer(tc.err) != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, tc.err, tc.want)
		}
	}
	if ErrorMessage(CheckVenue("hall", hall, 21, "capacity")) != "活动室 holds at most 20 people" {
		t.Errorf("a venue too small does not say what it holds")
	}
}

func TestCalendarSpan(t *testing.T) {
	today := NewDate(2026, 12, 3)
	for _, tc := range []struct {
		name             string
		from, to         Date
		wantFrom, wantTo Date
		field            string
	}{
		{"nothing given: a month from today", Date{}, Date{}, today, today.AddDays(30), ""},
		{"from given", NewDate(2027, 1, 1), Date{}, NewDate(2027, 1, 1), NewDate(2027, 1, 31), ""},
		{"one day", today, today, today, today, ""},
		{"two years", today, today.AddDays(MaxCalendarSpanDays - 1), today, today.AddDays(MaxCalendarSpanDays - 1), ""},
		{"a day more than two years", today, today.AddDays(MaxCalendarSpanDays), Date{}, Date{}, "to"},
		{"to before from", today, today.AddDays(-1), Date{}, Date{}, "to"},
	} {
		from, to, err := CalendarSpan(tc.from, tc.to, today)
		if ErrorField(err) != tc.field || err == nil && (from != tc.wantFrom || to != tc.wantTo) {
			t.Errorf("%s: got %v–%v, %v", tc.name, from, to, err)
		}
	}
}

func TestReadBounds(t *testing.T) {
	d := NewDate(2026, 12, 3)
	for _, tc := range []struct {
		name string
		err  error
		want refusal
	}{
		{"no dates", CheckDates(Date{}, Date{}), refusal{}},
		{"from only", CheckDates(d, Date{}), refusal{}},
		{"to only", CheckDates(Date{}, d), refusal{}},
		{"one day", CheckDates(d, d), refusal{}},
		{"to the day before from", CheckDates(d, d.AddDays(-1)), refusal{EInvalid, "to"}},
		{"an export of the most roster reads", CheckAccessLogExport(MaxAccessLogExport), refusal{}},
		{"an export of one more", CheckAccessLogExport(MaxAccessLogExport + 1), refusal{EInvalid, "to"}},
	} {
		if answer(tc.err) != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, tc.err, tc.want)
		}
	}
}
