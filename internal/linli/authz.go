package linli

import "slices"

// Action is something a caller asks to do to an object. Authorize decides every action from the
// caller and the object's facts alone; storage reads those facts in the transaction that acts.
type Action int

// The actions, each with the object it applies to. docs/authorisation.md tells who may do what.
const (
	ActEditCommunity      Action = iota + 1 // a community: change its name, zone, calendar, lesson length
	ActManageMembers                        // a community: list its roles, grant and remove teachers' and volunteers'
	ActAppointCoordinator                   // a community: grant or remove the coordinator role
	ActManagePlaces                         // a community, grid, building or household: add, list and change places
	ActReadCommunity                        // a community: its audit log, class hours, corrections, overdue visits
	ActCreateProgram                        // a community: plan a new program
	ActEditProgram                          // a program: change, preview or discontinue it
	ActReadFeedback                         // a program: the ratings of its sessions
	ActEditSession                          // a session: move, re-staff, change or cancel it
	ActPlanVisits                           // a household: plan and list its neighbour visits
)

// ObjectKind is what an object is; the 404 for a hidden one names it.
type ObjectKind string

// The kinds of object the actions apply to.
const (
	ObjCommunity ObjectKind = "community"
	ObjGrid      ObjectKind = "grid"
	ObjBuilding  ObjectKind = "building"
	ObjHousehold ObjectKind = "household"
	ObjProgram   ObjectKind = "program"
	ObjSession   ObjectKind = "session"
)

// Object is what a rule needs to know about the object of an action.
type Object struct {
	Kind ObjectKind
	// Absent: no such object. Whoever is signed in gets the same 404 as for a hidden one.
	Absent      bool
	CommunityID string
	// ProgramKind is the kind of a program or session (KindAfterSchool, …): whether it is public.
	ProgramKind string
	// StaffIDs are the users who staff a session, or a program or any of its sessions.
	StaffIDs []string
}

// Authorize answers whether a may do act to obj: nil when allowed; 401 for an anonymous caller;
// 404 naming the object when a may not see it (or it does not exist); 403 when a sees it but may
// not do this.
func Authorize(a *Actor, act Action, obj Object) error {
	if a == nil {
		return Errorf(EUnauthenticated, "please sign in")
	}
	if obj.Absent {
		return NotFound(string(obj.Kind))
	}
	if allowed(a, act, obj) {
		return nil
	}
	if sees(a, obj) {
		return Errorf(EForbidden, "%s", forbidden[act])
	}
	return NotFound(string(obj.Kind))
}

// allowed is who may do each action.
func allowed(a *Actor, act Action, obj Object) bool {
	switch act {
	case ActAppointCoordinator:
		return a.IsAdmin()
	case ActEditCommunity, ActManageMembers, ActManagePlaces, ActReadCommunity, ActCreateProgram,
		ActEditProgram, ActReadFeedback, ActEditSession, ActPlanVisits:
		return a.IsAdmin() || a.Has(obj.CommunityID, RoleCoordinator)
	}
	return false
}

// sees is who may see an object: a community and its places its members; a program or session
// everyone when its kind is public, else its staff (and whoever may act on it).
func sees(a *Actor, obj Object) bool {
	switch obj.Kind {
	case ObjCommunity, ObjGrid, ObjBuilding, ObjHousehold:
		return a.IsAdmin() || a.IsMember(obj.CommunityID)
	case ObjProgram, ObjSession:
		return a.CanSee(obj.ProgramKind, obj.CommunityID, slices.Contains(obj.StaffIDs, a.UserID()))
	}
	return false
}

// forbidden is the message of the 403 for each action.
var forbidden = map[Action]string{
	ActEditCommunity:      "only the community's coordinators may do this",
	ActManageMembers:      "only the community's coordinators may do this",
	ActAppointCoordinator: "only an administrator may appoint or remove coordinators",
	ActManagePlaces:       "only the community's coordinators may do this",
	ActReadCommunity:      "only the community's coordinators may do this",
	ActCreateProgram:      "only the community's coordinators may do this",
	ActEditProgram:        "only the community's coordinators may do this",
	ActReadFeedback:       "only the community's coordinators may do this",
	ActEditSession:        "only the community's coordinators may do this",
	ActPlanVisits:         "only the community's coordinators may do this",
}

// Input is the body of a change as the caller sent it, decoded only once the caller's permission
// is checked: a caller who may not make the change learns nothing from how its body is refused.
type Input[T any] func() (T, error)

// Given is the input of a change made in Go: v itself.
func Given[T any](v T) Input[T] { return func() (T, error) { return v, nil } }
