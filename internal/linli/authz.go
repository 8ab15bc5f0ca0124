package linli

import "slices"

// Action is something a caller asks to do to an object. Authorize decides every action from the
// caller and the object's facts alone; storage reads those facts in the transaction that acts.
type Action int

// The actions, each with the object it applies to. docs/authorisation.md tells who may do what.
const (
	ActEditCommunity       Action = iota + 1 // a community: change its name, zone, calendar, lesson length
	ActManageMembers                         // a community: list its roles, grant and remove teachers' and volunteers'
	ActAppointCoordinator                    // a community: grant or remove the coordinator role
	ActManagePlaces                          // a community, grid, building or household: add, list and change places
	ActReadCommunity                         // a community: its audit log, class hours, corrections, overdue visits
	ActCreateProgram                         // a community: plan a new program
	ActPlanVisits                            // a household: plan and list its neighbour visits
	ActEditProgram                           // a program: change, preview or discontinue it
	ActReadFeedback                          // a program: the ratings of its sessions
	ActEditSession                           // a session: move, re-staff, change or cancel it
	ActTakeAttendance                        // a session: read its roster, record attendance, mark it delivered
	ActRateSession                           // a session: rate it as the guardian of a child booked into it
	ActSignUp                                // a session: sign up for or leave a shift, read one's own service on it
	ActTakeShift                             // a session: sign oneself up for a shift
	ActSignUpOthers                          // a session: sign someone else up for a shift, or take them off
	ActReadSignups                           // a session: see who signed up for a shift
	ActRecordService                         // a session: record the times its volunteers served
	ActLogVisit                              // a session: log a neighbour visit
	ActApproveService                        // a service record: approve or reject it
	ActCorrectService                        // a service record: ask for other times
	ActDecideCorrection                      // a correction: accept or reject it
	ActChangeVisitPlan                       // a visit plan: read, change or end it
	ActChangeConcern                         // a concern: move it or add a note
	ActManageChild                           // a child: read, change, erase, book, guardians, pickups, delegations
	ActReadWork                              // a community: volunteers' service, hours and concerns, all or one's own share
	ActBookSeat                              // a session or program: book a child into it
	ActCancelBooking                         // a booking: cancel it
	ActAdminister                            // the server: communities, calendars, webhooks, the access log
	ActManageRound                           // a community or round: create, change, close, draw, priorities, stats
	ActWithdrawApplication                   // a round application: withdraw it as a guardian of its children
)

// ObjectKind is what an object is; the 404 for a hidden one names it.
type ObjectKind string

// The kinds of object the actions apply to.
const (
	ObjServer        ObjectKind = "server"
	ObjCommunity     ObjectKind = "community"
	ObjGrid          ObjectKind = "grid"
	ObjBuilding      ObjectKind = "building"
	ObjHousehold     ObjectKind = "household"
	ObjProgram       ObjectKind = "program"
	ObjSession       ObjectKind = "session"
	ObjServiceRecord ObjectKind = "service record"
	ObjCorrection    ObjectKind = "correction"
	ObjVisitPlan     ObjectKind = "visit plan"
	ObjConcern       ObjectKind = "concern"
	ObjChild         ObjectKind = "child"
	ObjBooking       ObjectKind = "booking"
	ObjRound         ObjectKind = "round"
	ObjApplication   ObjectKind = "application"
)

// Object is what the rules need to know about the object of an action. Storage fills in the
// facts the action Needs.
type Object struct {
	Kind ObjectKind
	// Absent: no such object. Whoever is signed in gets the same 404 as for a hidden one.
	Absent      bool
	CommunityID string
	// ProgramKind is the kind of a program or session (KindAfterSchool, …): whether it is public.
	ProgramKind string
	// StaffIDs staff a session; or a program or any of its sessions; or a visit plan's program.
	StaffIDs []string
	// OwnerID is the volunteer of a service record, or of the record a correction is about.
	OwnerID string
	// GuardianIDs guard a child, a booking's child, or any child booked into a session. Storage may
	// read only whether the caller is among them, and give the caller's id alone or none.
	GuardianIDs []string
	// AssignedIDs visit the household of a concern under an active visit plan.
	AssignedIDs []string
}

// Fact is a list of people about an object that only some rules need, so storage reads it only
// for them.
type Fact int

// The facts an action may need besides the object's community and kind.
const (
	FactStaff Fact = 1 << iota
	FactGuardians
	FactAssigned
)

// rule says who may do an action and who, besides, may see its object (they get 403, the rest
// 404); needs names the facts the two read.
type rule struct {
	may, sees func(a *Actor, o Object) bool
	needs     Fact
	forbidden string
}

const coordinatorsOnly = "only the community's coordinators may do this"

var rules = map[Action]rule{
	ActEditCommunity:      {may: coordinates, sees: member, forbidden: coordinatorsOnly},
	ActManageMembers:      {may: coordinates, sees: member, forbidden: coordinatorsOnly},
	ActAppointCoordinator: {may: admin, sees: member, forbidden: "only an administrator may appoint or remove coordinators"},
	ActManagePlaces:       {may: coordinates, sees: member, forbidden: coordinatorsOnly},
	ActReadCommunity:      {may: coordinates, sees: member, forbidden: coordinatorsOnly},
	ActCreateProgram:      {may: coordinates, sees: member, forbidden: coordinatorsOnly},
	ActPlanVisits:         {may: coordinates, sees: member, forbidden: coordinatorsOnly},
	ActEditProgram:        {may: coordinates, sees: seesPlanned, needs: FactStaff, forbidden: coordinatorsOnly},
	ActReadFeedback:       {may: coordinates, sees: seesPlanned, needs: FactStaff, forbidden: coordinatorsOnly},
	ActEditSession:        {may: coordinates, sees: seesPlanned, needs: FactStaff, forbidden: coordinatorsOnly},
	ActTakeAttendance: {may: either(coordinates, staff), sees: seesPublic, needs: FactStaff,
		forbidden: "only the session's staff and the community's coordinators may do this"},
	ActRateSession: {may: guardian, sees: seesPublic, needs: FactGuardians,
		forbidden: "only the guardians of a child booked into this session may rate it"},
	ActSignUp: {may: seesAsMember, sees: nobody, needs: FactStaff},
	ActTakeShift: {may: helper, sees: seesAsMember, needs: FactStaff,
		forbidden: "only volunteers and teachers of the community take shifts"},
	ActSignUpOthers: {may: coordinates, sees: seesAsMember, needs: FactStaff,
		forbidden: "only the community's coordinators sign up someone else"},
	ActReadSignups: {may: either(coordinates, staff), sees: seesAsMember, needs: FactStaff,
		forbidden: "only the coordinators and the staff of a shift see who signed up"},
	ActRecordService: {may: coordinates, sees: seesAsMember, needs: FactStaff,
		forbidden: "only the community's coordinators record service hours"},
	ActLogVisit: {may: staff, sees: seesAsMember, needs: FactStaff, forbidden: "only the volunteers of a visit log it"},
	ActApproveService: {may: coordinates, sees: owner,
		forbidden: "only the community's coordinators certify service hours"},
	ActCorrectService: {may: owner, sees: coordinates, forbidden: "only the volunteer who served files a correction"},
	ActDecideCorrection: {may: coordinates, sees: owner,
		forbidden: "only the community's coordinators certify service hours"},
	ActChangeVisitPlan: {may: coordinates, sees: staff, needs: FactStaff,
		forbidden: "only the community's coordinators change visit plans"},
	ActChangeConcern: {may: either(coordinates, assigned), sees: nobody, needs: FactAssigned},
	ActManageChild:   {may: guardian, sees: nobody, needs: FactGuardians},
	ActReadWork:      {may: member, sees: nobody},
	ActBookSeat:      {may: seesPublic, sees: nobody},
	ActCancelBooking: {may: either(guardian, coordinates), sees: nobody, needs: FactGuardians},
	ActAdminister:    {may: admin, sees: signedIn, forbidden: "only an administrator may do this"},
	// Rounds are public, as the programs they hold: whoever is signed in sees them.
	ActManageRound:         {may: coordinates, sees: signedIn, forbidden: coordinatorsOnly},
	ActWithdrawApplication: {may: guardian, sees: nobody, needs: FactGuardians},
}

// Authorize answers whether a may do act to obj: nil when allowed; 401 for an anonymous caller;
// 404 naming the object when a may not see it (or it does not exist); 403 when a sees it but may
// not do this.
func Authorize(a *Actor, act Action, obj Object) error {
	if a == nil {
		return Errorf(EUnauthenticated, "please sign in")
	}
	r, ok := rules[act]
	if !ok || obj.Absent {
		return NotFound(string(obj.Kind))
	}
	if r.may(a, obj) {
		return nil
	}
	if r.sees(a, obj) {
		return Errorf(EForbidden, "%s", r.forbidden)
	}
	return NotFound(string(obj.Kind))
}

// Needs names the facts about its object that the rule of act reads.
func (act Action) Needs() Fact { return rules[act].needs }

// Has reports whether the facts f include g.
func (f Fact) Has(g Fact) bool { return f&g != 0 }

// The people a rule may name.

func admin(a *Actor, _ Object) bool       { return a.IsAdmin() }
func signedIn(a *Actor, _ Object) bool    { return a != nil }
func nobody(*Actor, Object) bool          { return false }
func coordinates(a *Actor, o Object) bool { return a.IsCoordinatorOf(o.CommunityID) }
func helper(a *Actor, o Object) bool      { return a.IsHelper(o.CommunityID) }
func member(a *Actor, o Object) bool      { return a.IsAdmin() || a.IsMember(o.CommunityID) }
func staff(a *Actor, o Object) bool       { return slices.Contains(o.StaffIDs, a.UserID()) }
func owner(a *Actor, o Object) bool       { return o.OwnerID != "" && o.OwnerID == a.UserID() }
func guardian(a *Actor, o Object) bool    { return slices.Contains(o.GuardianIDs, a.UserID()) }
func assigned(a *Actor, o Object) bool    { return slices.Contains(o.AssignedIDs, a.UserID()) }

// seesPublic: a program or session of a public kind is seen by everyone signed in; a neighbour
// visit by its community's coordinators.
func seesPublic(a *Actor, o Object) bool { return a.CanSee(o.ProgramKind, o.CommunityID, false) }

// seesPlanned is seesPublic, and a neighbour visit by its staff too.
func seesPlanned(a *Actor, o Object) bool { return a.CanSee(o.ProgramKind, o.CommunityID, staff(a, o)) }

// seesAsMember: a session seen by the members of its community (neighbour visits: its
// coordinators and staff), as volunteers' work is.
func seesAsMember(a *Actor, o Object) bool {
	return coordinates(a, o) || staff(a, o) || a.IsMember(o.CommunityID) && CanSeeKind(o.ProgramKind)
}

// either is who satisfies p or q.
func either(p, q func(*Actor, Object) bool) func(*Actor, Object) bool {
	return func(a *Actor, o Object) bool { return p(a, o) || q(a, o) }
}

// Input is the body of a change as the caller sent it, decoded only once the caller's permission
// is checked: a caller who may not make the change learns nothing from how its body is refused.
type Input[T any] func() (T, error)

// Given is the input of a change made in Go: v itself.
func Given[T any](v T) Input[T] { return func() (T, error) { return v, nil } }
