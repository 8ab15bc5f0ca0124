package linli

import (
	"testing"
	"time"
)

var attShanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

func TestCheckPickup(t *testing.T) {
	day := NewDate(2026, 9, 7)
	pa := PickupAuthority{
		Guardians:   []Contact{{ID: "g-mother", Name: "陈静"}},
		Persons:     []PickupPerson{{ID: "p-grandma", Name: "张桂兰", Relation: "奶奶"}},
		Delegations: []Delegation{{ID: "d-neighbour", Name: "李阿姨", Date: day}},
	}
	cases := []struct {
		name, kind, by string
		on             Date
		wantWho        string // "" with wantErr false: nobody needed
		wantErr        bool
	}{
		{"guardian", KindAfterSchool, "g-mother", day, PickupByGuardian, false},
		{"listed pickup person", KindAfterSchool, "p-grandma", day, PickupByPerson, false},
		{"delegation on its day", KindAfterSchool, "d-neighbour", day, PickupByDelegation, false},
		{"delegation the next day", KindAfterSchool, "d-neighbour", day.AddDays(1), "", true},
		{"stranger", KindAfterSchool, "someone-else", day, "", true},
		{"nobody named after school", KindAfterSchool, "", day, "", true},
		{"holiday class needs nobody", KindHolidayClass, "", day, "", false},
		{"holiday class with a guardian", KindHolidayClass, "g-mother", day, PickupByGuardian, false},
		{"holiday class naming a stranger", KindHolidayClass, "someone-else", day, "", true},
	}
	for _, c := range cases {
		who, name, err := CheckPickup(c.kind, c.by, c.on, pa, "records[2].picked_up_by")
		if c.wantErr {
			if ErrorCode(err) != EPickupNotAuthorized || ErrorField(err) != "records[2].picked_up_by" {
				t.Errorf("%s: got %q, %v; want 422 pickup_not_authorized on records[2].picked_up_by", c.name, who, err)
			}
			continue
		}
		if err != nil || who != c.wantWho {
			t.Errorf("%s: got %q %q, %v; want %q", c.name, who, name, err, c.wantWho)
		}
		if who != "" && name == "" {
			t.Errorf("%s: no name for who collected the child", c.name)
		}
	}
}

func TestRatioExceeded(t *testing.T) {
	eight := 8
	cases := []struct {
		attended, staff int
		max             *int
		want            bool
	}{
		{16, 2, &eight, false},
		{17, 2, &eight, true},
		{1, 0, &eight, true},
		{0, 0, &eight, false},
		{500, 1, nil, false},
	}
	for _, c := range cases {
		if got := RatioExceeded(c.attended, c.staff, c.max); got != c.want {
			t.Errorf("RatioExceeded(%d, %d, %v) = %v", c.attended, c.staff, c.max, got)
		}
	}
	records := []Attendance{{Status: AttendancePresent}, {Status: AttendanceLate}, {Status: AttendanceAbsent}}
	one := 1
	if w := AttendanceWarnings(records, 1, &one); len(w) != 1 || w[0] != WarningRatioExceeded {
		t.Errorf("two attending with one staff at 1 each: warnings %v", w)
	}
	if w := AttendanceWarnings(records, 2, &one); len(w) != 0 {
		t.Errorf("two attending with two staff at 1 each: warnings %v", w)
	}
}

func attPtr(s string) *string { return &s }

func TestAttendanceMerge(t *testing.T) {
	s := &Session{ID: "s", Kind: KindAfterSchool, StartsAt: time.Date(2026, 9, 7, 16, 30, 0, 0, attShanghai),
		EndsAt: time.Date(2026, 9, 7, 18, 0, 0, 0, attShanghai), LocalDate: NewDate(2026, 9, 7)}
	now := s.StartsAt
	booked := map[string]bool{"a": true, "b": true}
	in := time.Date(2026, 9, 7, 16, 25, 0, 0, attShanghai)
	stored := map[string]Attendance{"a": {ChildID: "a", Status: AttendancePresent, CheckIn: &in}}

	got, check, err := AttendanceChange{Records: []AttendanceInput{{ChildID: "a", Status: AttendancePresent, CheckOut: attPtr("18:05"), PickedUpBy: attPtr("g")}}}.Merge(s, booked, stored, now)
	if err != nil {
		t.Fatal(err)
	}
	if got[0].CheckIn == nil || !got[0].CheckIn.Equal(in) {
		t.Errorf("an omitted check_in was not kept: %v", got[0].CheckIn)
	}
	if want := time.Date(2026, 9, 7, 18, 5, 0, 0, attShanghai); got[0].CheckOut == nil || !got[0].CheckOut.Equal(want) {
		t.Errorf("check_out 18:05 read as %v", got[0].CheckOut)
	}
	if !check[0] || got[0].PickedUpBy != "g" {
		t.Errorf("a check-out with a pickup is not marked for the pickup check: %v %+v", check, got[0])
	}

	got, check, err = AttendanceChange{Records: []AttendanceInput{{ChildID: "a", Status: AttendanceAbsent, CheckOut: attPtr("18:00"), PickedUpBy: attPtr("x")}}}.Merge(s, booked, stored, now)
	if err != nil || got[0].CheckIn != nil || got[0].CheckOut != nil || got[0].PickedUpBy != "" || check[0] {
		t.Errorf("an absent child keeps a time or a pickup: %+v, %v, %v", got[0], check, err)
	}

	bad := []struct {
		rec   AttendanceInput
		field string
	}{
		{AttendanceInput{ChildID: "zz", Status: AttendancePresent}, "records[0].child_id"},
		{AttendanceInput{ChildID: "b", Status: "here"}, "records[0].status"},
		{AttendanceInput{ChildID: "b", Status: AttendancePresent, CheckIn: attPtr("4pm")}, "records[0].check_in"},
		{AttendanceInput{ChildID: "b", Status: AttendancePresent, CheckIn: attPtr("2026-09-20T16:30:00+08:00")}, "records[0].check_in"},
		{AttendanceInput{ChildID: "a", Status: AttendancePresent, CheckOut: attPtr("16:00")}, "records[0].check_out"},
		{AttendanceInput{ChildID: "b", Status: AttendanceAbsent, CheckIn: attPtr("soon")}, "records[0].check_in"},
		{AttendanceInput{ChildID: "b", Status: AttendancePresent, PickedUpBy: attPtr("g")}, "records[0].check_out"},
	}
	for _, c := range bad {
		_, _, err := AttendanceChange{Records: []AttendanceInput{c.rec}}.Merge(s, booked, stored, now)
		if ErrorCode(err) != EInvalid || ErrorField(err) != c.field {
			t.Errorf("%+v: got %v; want 400 on %s", c.rec, err, c.field)
		}
	}
	twice := AttendanceChange{Records: []AttendanceInput{{ChildID: "b", Status: AttendancePresent}, {ChildID: "b", Status: AttendanceLate}}}
	if _, _, err := twice.Merge(s, booked, stored, now); ErrorField(err) != "records[1].child_id" {
		t.Errorf("a child named twice: %v", err)
	}
}

func TestSessionStates(t *testing.T) {
	s := &Session{ID: "s", Status: SessionScheduled, StartsAt: time.Date(2026, 9, 7, 16, 30, 0, 0, attShanghai)}
	before := s.StartsAt.Add(-time.Minute)
	if ErrorCode(s.CanDeliver(before)) != ENotStarted {
		t.Error("a session was delivered before it started")
	}
	if err := s.CanDeliver(s.StartsAt); err != nil {
		t.Errorf("a session that has started cannot be delivered: %v", err)
	}
	if err := s.CanTakeAttendance(before); err != nil {
		t.Errorf("attendance is closed a minute before the start: %v", err)
	}
	if ErrorCode(s.CanTakeAttendance(s.StartsAt.Add(-2*time.Hour))) != ENotStarted {
		t.Error("attendance opens two hours before the start")
	}
	s.Status = SessionCancelled
	if ErrorCode(s.CanDeliver(s.StartsAt.Add(time.Hour))) != EConflict || ErrorCode(s.CanTakeAttendance(s.StartsAt)) != EConflict {
		t.Error("a cancelled session can be delivered or take attendance")
	}
}

func TestFeedbackChild(t *testing.T) {
	if id, err := FeedbackChild("", []string{"a"}); id != "a" || err != nil {
		t.Errorf("the only child who attended is not chosen: %q %v", id, err)
	}
	if _, err := FeedbackChild("", []string{"a", "b"}); ErrorField(err) != "child_id" || ErrorCode(err) != EInvalid {
		t.Errorf("two children attended and none named: %v", err)
	}
	if _, err := FeedbackChild("", nil); ErrorCode(err) != ENotEligible {
		t.Errorf("no child attended: %v", err)
	}
	if _, err := FeedbackChild("c", []string{"a"}); ErrorCode(err) != ENotEligible {
		t.Errorf("a child who did not attend: %v", err)
	}
	for _, r := range []int{0, 6, -1} {
		in := NewFeedback{Rating: r}
		if ErrorField(in.Validate()) != "rating" {
			t.Errorf("rating %d accepted", r)
		}
	}
}
