package linli

import "testing"

// The callers of the authorisation table, in the order of its columns.
const (
	azAnonymous   = iota
	azStranger    // signed in, no role anywhere and no part in the object
	azParent      // the guardian of the child, or of a child booked into the session
	azVolunteer   // a volunteer of the community with no part in the object
	azInvolved    // a volunteer of the community who staffs it, served it or visits its household
	azTeacher     // a teacher of the community
	azOtherCoord  // the coordinator of another community
	azCoordinator // a coordinator of the community
	azAdmin       // a server administrator with no role in the community
	azCallers
)

var azNames = [azCallers]string{"anonymous", "stranger", "parent", "volunteer", "involved volunteer", "teacher", "other coordinator", "coordinator", "admin"}

// azActors are the callers, in the community "c1".
func azActors() [azCallers]*Actor {
	member := func(id, community, role string) *Actor {
		return &Actor{User: User{ID: id}, Memberships: []Membership{{CommunityID: community, UserID: id, Role: role}}}
	}
	return [azCallers]*Actor{
		azAnonymous:   nil,
		azStranger:    {User: User{ID: "stranger"}},
		azParent:      {User: User{ID: "parent"}},
		azVolunteer:   member("volunteer", "c1", RoleVolunteer),
		azInvolved:    member("involved", "c1", RoleVolunteer),
		azTeacher:     member("teacher", "c1", RoleTeacher),
		azOtherCoord:  member("far", "c2", RoleCoordinator),
		azCoordinator: member("coord", "c1", RoleCoordinator),
		azAdmin:       {User: User{ID: "admin", IsAdmin: true}},
	}
}

// Short names of the answers in the table.
const (
	ok   = ""
	e401 = EUnauthenticated
	e403 = EForbidden
	e404 = ENotFound
)

// TestAuthorize is every action on every kind of object it applies to, as each kind of caller:
// 401 for anonymous callers, 404 for those who may not see the object, 403 for those who see it
// but may not act, nothing for those who may.
func TestAuthorize(t *testing.T) {
	in := []string{"involved"}
	parent := []string{"parent"}
	community := Object{Kind: ObjCommunity, CommunityID: "c1"}
	grid := Object{Kind: ObjGrid, CommunityID: "c1"}
	building := Object{Kind: ObjBuilding, CommunityID: "c1"}
	household := Object{Kind: ObjHousehold, CommunityID: "c1"}
	program := Object{Kind: ObjProgram, CommunityID: "c1", ProgramKind: KindAfterSchool, StaffIDs: in}
	visits := Object{Kind: ObjProgram, CommunityID: "c1", ProgramKind: KindNeighborVisit, StaffIDs: in}
	session := Object{Kind: ObjSession, CommunityID: "c1", ProgramKind: KindAfterSchool, StaffIDs: in, GuardianIDs: parent}
	shift := Object{Kind: ObjSession, CommunityID: "c1", ProgramKind: KindVolunteerShift, StaffIDs: in}
	visit := Object{Kind: ObjSession, CommunityID: "c1", ProgramKind: KindNeighborVisit, StaffIDs: in}
	record := Object{Kind: ObjServiceRecord, CommunityID: "c1", OwnerID: "involved"}
	correction := Object{Kind: ObjCorrection, CommunityID: "c1", OwnerID: "involved"}
	plan := Object{Kind: ObjVisitPlan, CommunityID: "c1", StaffIDs: in}
	concern := Object{Kind: ObjConcern, CommunityID: "c1", AssignedIDs: in}
	child := Object{Kind: ObjChild, GuardianIDs: parent}
	server := Object{Kind: ObjServer}
	booking := Object{Kind: ObjBooking, CommunityID: "c1", GuardianIDs: parent}

	// Members of a community see it and its places; only its coordinators change them.
	coordOfCommunity := [azCallers]string{e401, e404, e404, e403, e403, e403, e404, ok, ok}
	// Everyone signed in sees a public program or session.
	coordOfPublic := [azCallers]string{e401, e403, e403, e403, e403, e403, e403, ok, ok}
	// Only its staff see a neighbour visit, besides those who may change it.
	coordOfVisit := [azCallers]string{e401, e404, e404, e404, e403, e404, e404, ok, ok}
	// The coordinators certify a volunteer's service; the volunteer sees it.
	coordOfService := [azCallers]string{e401, e404, e404, e404, e403, e404, e404, ok, ok}

	cases := []struct {
		act  Action
		name string
		obj  Object
		want [azCallers]string
	}{
		{ActEditCommunity, "edit a community", community, coordOfCommunity},
		{ActManageMembers, "manage a community's members", community, coordOfCommunity},
		{ActAppointCoordinator, "appoint a coordinator", community, [azCallers]string{e401, e404, e404, e403, e403, e403, e404, e403, ok}},
		{ActManagePlaces, "add a grid to a community", community, coordOfCommunity},
		{ActManagePlaces, "add a building to a grid", grid, coordOfCommunity},
		{ActManagePlaces, "add a household to a building", building, coordOfCommunity},
		{ActManagePlaces, "change a household", household, coordOfCommunity},
		{ActReadCommunity, "read a community's reports", community, coordOfCommunity},
		{ActCreateProgram, "plan a program", community, coordOfCommunity},
		{ActPlanVisits, "plan a household's visits", household, coordOfCommunity},
		{ActEditProgram, "change a public program", program, coordOfPublic},
		{ActEditProgram, "change a neighbour-visit program", visits, coordOfVisit},
		{ActReadFeedback, "read a public program's ratings", program, coordOfPublic},
		{ActReadFeedback, "read a neighbour-visit program's ratings", visits, coordOfVisit},
		{ActEditSession, "change a public session", session, coordOfPublic},
		{ActEditSession, "change a neighbour visit", visit, coordOfVisit},
		{ActTakeAttendance, "take a session's attendance", session, [azCallers]string{e401, e403, e403, e403, ok, e403, e403, ok, ok}},
		{ActTakeAttendance, "read a neighbour visit's roster", visit, [azCallers]string{e401, e404, e404, e404, ok, e404, e404, ok, ok}},
		{ActRateSession, "rate a session", session, [azCallers]string{e401, e403, ok, e403, e403, e403, e403, e403, e403}},
		{ActSignUp, "sign up for a shift", shift, [azCallers]string{e401, e404, e404, ok, ok, ok, e404, ok, ok}},
		{ActSignUp, "sign up for a neighbour visit", visit, [azCallers]string{e401, e404, e404, e404, ok, e404, e404, ok, ok}},
		{ActTakeShift, "take a shift", shift, [azCallers]string{e401, e404, e404, ok, ok, ok, e404, e403, e403}},
		{ActSignUpOthers, "sign someone else up", shift, [azCallers]string{e401, e404, e404, e403, e403, e403, e404, ok, ok}},
		{ActReadSignups, "see who signed up", shift, [azCallers]string{e401, e404, e404, e403, ok, e403, e404, ok, ok}},
		{ActRecordService, "record a shift's service", shift, [azCallers]string{e401, e404, e404, e403, e403, e403, e404, ok, ok}},
		{ActLogVisit, "log a visit", visit, [azCallers]string{e401, e404, e404, e404, ok, e404, e404, e403, e403}},
		{ActApproveService, "approve a service record", record, coordOfService},
		{ActCorrectService, "ask to correct a service record", record, [azCallers]string{e401, e404, e404, e404, ok, e404, e404, e403, e403}},
		{ActDecideCorrection, "decide a correction", correction, coordOfService},
		{ActChangeVisitPlan, "change a visit plan", plan, coordOfService},
		{ActChangeConcern, "move a concern", concern, [azCallers]string{e401, e404, e404, e404, ok, e404, e404, ok, ok}},
		{ActManageChild, "change a child", child, [azCallers]string{e401, e404, ok, e404, e404, e404, e404, e404, e404}},
		{ActReadWork, "read a community's volunteer work", community, [azCallers]string{e401, e404, e404, ok, ok, ok, e404, ok, ok}},
		{ActBookSeat, "book a public session", session, [azCallers]string{e401, ok, ok, ok, ok, ok, ok, ok, ok}},
		{ActBookSeat, "book a neighbour visit", visit, [azCallers]string{e401, e404, e404, e404, e404, e404, e404, ok, ok}},
		{ActCancelBooking, "cancel a booking", booking, [azCallers]string{e401, e404, ok, e404, e404, e404, e404, ok, ok}},
		{ActAdminister, "run the server", server, [azCallers]string{e401, e403, e403, e403, e403, e403, e403, e403, ok}},
		{ActManageRound, "run an application round", Object{Kind: ObjRound, CommunityID: "c1"}, [azCallers]string{e401, e403, e403, e403, e403, e403, e403, ok, ok}},
		{ActWithdrawApplication, "withdraw a round application", Object{Kind: ObjApplication, CommunityID: "c1", GuardianIDs: parent},
			[azCallers]string{e401, e404, ok, e404, e404, e404, e404, e404, e404}},
	}
	covered := map[Action]bool{}
	actors := azActors()
	for _, c := range cases {
		covered[c.act] = true
		for who, a := range actors {
			err := Authorize(a, c.act, c.obj)
			if got := codeOf(err); got != c.want[who] {
				t.Errorf("%s as %s: %q (%v), want %q", c.name, azNames[who], got, err, c.want[who])
			}
		}
		absent := Object{Kind: c.obj.Kind, Absent: true}
		for who, a := range actors {
			want := e404
			if who == azAnonymous {
				want = e401
			}
			if got := codeOf(Authorize(a, c.act, absent)); got != want {
				t.Errorf("%s that does not exist, as %s: %q, want %q", c.name, azNames[who], got, want)
			}
		}
	}
	for act := range rules {
		if !covered[act] {
			t.Errorf("action %d has no row in the table", act)
		}
	}
}

// TestAuthorizeNamesTheObject: the 404 for a hidden object names its kind and nothing more.
func TestAuthorizeNamesTheObject(t *testing.T) {
	err := Authorize(&Actor{User: User{ID: "parent"}}, ActPlanVisits, Object{Kind: ObjHousehold, CommunityID: "c1"})
	if e, _ := err.(*Error); e == nil || e.Message != "household not found" {
		t.Errorf("a hidden household: %v, want household not found", err)
	}
}

// codeOf is the code of err, or "" for nil.
func codeOf(err error) string {
	if err == nil {
		return ""
	}
	return ErrorCode(err)
}
