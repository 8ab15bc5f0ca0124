package linli

import "context"

// AccountService keeps accounts, sign-in sessions and password resets.
type AccountService interface {
	// Register creates a user; a taken login is a conflict.
	Register(ctx context.Context, r Registration) (*User, error)
	// Login checks credentials and opens a session, returning the user and the session token.
	// addr is the client address used to limit failures; userAgent names the device.
	Login(ctx context.Context, c Credentials, addr, userAgent string) (*User, string, error)
	// Logout ends the actor's session with token (401 for an anonymous actor); an unknown token
	// is not an error.
	Logout(ctx context.Context, a *Actor, token string) error
	// Authenticate returns the actor of a session token, or an unauthenticated error.
	Authenticate(ctx context.Context, token string) (*Actor, error)
	// UpdateProfile changes the actor's own name, locale or password; addr is the client address
	// used to limit wrong current passwords, as failed sign-ins are.
	UpdateProfile(ctx context.Context, a *Actor, ch Input[ProfileChange], addr string) (*User, error)
	// IssueReset makes a one-time reset code for another user, valid 24 hours.
	IssueReset(ctx context.Context, a *Actor, userID string) (string, error)
	// ResetPassword sets a new password with a reset code and ends the user's sessions; addr is
	// the client address used to limit wrong codes.
	ResetPassword(ctx context.Context, r PasswordReset, addr string) error
	// CreateAdmin creates an administrator, or makes an existing login one with the new password.
	CreateAdmin(ctx context.Context, r Registration) (*User, error)
	// Devices lists the actor's signed-in sessions, the one they ask from marked current.
	Devices(ctx context.Context, a *Actor) ([]Device, error)
	// EndDevice signs one of the actor's sessions out; another user's is not found.
	EndDevice(ctx context.Context, a *Actor, id string) error
	// DeleteAccount erases the actor's own account: 400 for a wrong password, 409 while they
	// guard a child or hold a role; addr is the client address used to limit wrong passwords.
	DeleteAccount(ctx context.Context, a *Actor, in Input[AccountDeletion], addr string) error
}

// CommunityService keeps communities, their places and their members.
type CommunityService interface {
	CreateCommunity(ctx context.Context, a *Actor, in Input[CommunityChange]) (*Community, error)
	FindCommunities(ctx context.Context, p Page) ([]Community, string, error)
	FindCommunity(ctx context.Context, id string) (*Community, error)
	UpdateCommunity(ctx context.Context, a *Actor, id string, in Input[CommunityChange]) (*Community, error)

	CreateGrid(ctx context.Context, a *Actor, communityID string, in Input[Named]) (*Grid, error)
	FindGrids(ctx context.Context, a *Actor, communityID string, p Page) ([]Grid, string, error)
	CreateBuilding(ctx context.Context, a *Actor, gridID string, in Input[Named]) (*Building, error)
	FindBuildings(ctx context.Context, a *Actor, gridID string, p Page) ([]Building, string, error)
	CreateHousehold(ctx context.Context, a *Actor, buildingID string, in Input[HouseholdChange]) (*Household, error)
	FindHouseholds(ctx context.Context, a *Actor, buildingID string, p Page) ([]Household, string, error)
	FindHousehold(ctx context.Context, a *Actor, id string) (*Household, error)
	UpdateHousehold(ctx context.Context, a *Actor, id string, in Input[HouseholdChange]) (*Household, error)
	CreateVenue(ctx context.Context, a *Actor, communityID string, in Input[Venue]) (*Venue, error)
	FindVenues(ctx context.Context, communityID string, p Page) ([]Venue, string, error)

	AddMember(ctx context.Context, a *Actor, communityID string, in Input[NewMember]) (*Member, error)
	RemoveMember(ctx context.Context, a *Actor, communityID, userID, role string) error
	// FindMembers lists the roles held and pending in a community (of one role, when role is not
	// ""), with logins, to its coordinators.
	FindMembers(ctx context.Context, a *Actor, communityID, role string, p Page) ([]Member, string, error)
	// Memberships lists a user's roles.
	Memberships(ctx context.Context, userID string) ([]Membership, error)
}

// AuditService reads the audit log.
type AuditService interface {
	FindAudit(ctx context.Context, a *Actor, communityID string, f Input[AuditFilter]) ([]AuditEntry, string, error)
}

// CalendarService keeps the day calendars: which dates are workdays and school days.
type CalendarService interface {
	FindCalendars(ctx context.Context, p Page) ([]DayCalendar, string, error)
	FindCalendar(ctx context.Context, id string) (*DayCalendar, error)
	// CreateCalendar makes a calendar layered on a base; administrators only.
	CreateCalendar(ctx context.Context, a *Actor, in Input[NewCalendar]) (*DayCalendar, error)
	// MarkDays adds or replaces marks of a calendar and re-plans the programs following it.
	MarkDays(ctx context.Context, a *Actor, id string, in Input[DaysChange]) (*CalendarChange, error)
	// ImportHolidayCN reads a holiday-cn year file into a calendar: the year becomes covered, its
	// holidays and make-up workdays replace the calendar's own, and the programs following it are
	// re-planned.
	ImportHolidayCN(ctx context.Context, a *Actor, id string, file Input[[]byte]) (*CalendarChange, error)
	// FindDays tells what the calendar says about each date from from to to inclusive.
	FindDays(ctx context.Context, id string, from, to Date) ([]CalendarDay, error)
}

// ProgramService keeps programs and plans their sessions.
type ProgramService interface {
	// CreateProgram plans the whole schedule, past dates included; any clash writes nothing.
	CreateProgram(ctx context.Context, a *Actor, communityID string, in Input[ProgramChange]) (*ProgramResult, error)
	FindPrograms(ctx context.Context, a *Actor, f ProgramFilter) ([]Program, string, error)
	FindProgram(ctx context.Context, a *Actor, id string) (*Program, error)
	// UpdateProgram changes a program and re-plans its future sessions (see Replan).
	UpdateProgram(ctx context.Context, a *Actor, id string, in Input[ProgramChange]) (*ProgramResult, error)
	// PreviewProgram answers what UpdateProgram would do, writing nothing.
	PreviewProgram(ctx context.Context, a *Actor, id string, in Input[ProgramChange]) (*ProgramPreview, error)
	// DeleteProgram cancels the program's future sessions and keeps it, deleted, for history.
	DeleteProgram(ctx context.Context, a *Actor, id string) error
	// DiscontinueProgram is DeleteProgram with the reason the families are told ("" for the usual one).
	DiscontinueProgram(ctx context.Context, a *Actor, id, reason string) error
}

// SessionService reads and changes single sessions.
type SessionService interface {
	FindSessions(ctx context.Context, a *Actor, f SessionFilter) ([]Session, string, error)
	FindSession(ctx context.Context, a *Actor, id string) (*Session, error)
	// UpdateSession moves, re-staffs, changes or cancels one session; clash rules apply.
	UpdateSession(ctx context.Context, a *Actor, id string, in Input[SessionChange]) (*Session, error)
}

// PlanningService is the day calendars, programs and sessions, which storage keeps together
// because a change of one re-plans the others in the same transaction.
type PlanningService interface {
	CalendarService
	ProgramService
	SessionService
}

// ChildService keeps children's records, their guardians and consent, and the adults allowed to
// collect them. Every method answers 401 to anonymous callers and 404 to anyone who is not a
// guardian of the child, administrators and coordinators included.
type ChildService interface {
	// CreateChild registers a child with the actor as its guardian, recording the consent in the
	// same transaction: 400 for a bad field, then 422 consent_required.
	CreateChild(ctx context.Context, a *Actor, in Input[ChildChange]) (*Child, error)
	// FindChildren lists the children the actor is a guardian of.
	FindChildren(ctx context.Context, a *Actor, p Input[Page]) ([]Child, string, error)
	FindChild(ctx context.Context, a *Actor, id string) (*Child, error)
	// UpdateChild changes a child; a consent_policy_version given renews the consent.
	UpdateChild(ctx context.Context, a *Actor, id string, in Input[ChildChange]) (*Child, error)
	// InviteGuardian invites the holder of a login to become another guardian: the same answer
	// whether or not the login is registered; 429 after MaxInvitationsPerDay in 24 hours.
	InviteGuardian(ctx context.Context, a *Actor, childID string, in Input[NewGuardian]) (*Invitation, error)
	// RemoveGuardian ends a guardian's guardianship: 404 unless both are the child's guardians,
	// 409 for the last one.
	RemoveGuardian(ctx context.Context, a *Actor, childID, userID string) error
	// FindInvitations lists the pending, unexpired invitations to the actor's login.
	FindInvitations(ctx context.Context, a *Actor) ([]ReceivedInvitation, error)
	// AnswerInvitation accepts (the child becomes the actor's too) or declines an invitation to
	// the actor's login: 404 for anyone else's, 409 when answered or expired.
	AnswerInvitation(ctx context.Context, a *Actor, id string, accept bool) (*ReceivedInvitation, error)

	CreatePickupPerson(ctx context.Context, a *Actor, childID string, in Input[NewPickupPerson]) (*PickupPerson, error)
	FindPickupPersons(ctx context.Context, a *Actor, childID string, p Page) ([]PickupPerson, string, error)
	DeletePickupPerson(ctx context.Context, a *Actor, childID, id string) error
	CreateDelegation(ctx context.Context, a *Actor, childID string, in Input[NewDelegation]) (*Delegation, error)
	FindDelegations(ctx context.Context, a *Actor, childID string, p Page) ([]Delegation, string, error)
	DeleteDelegation(ctx context.Context, a *Actor, childID, id string) error
}

// BookingService books children into sessions, lines them up when full and promotes them when
// seats free up.
type BookingService interface {
	// Book books one child, a sibling group or one child into a whole program (see BookingRequest).
	Book(ctx context.Context, a *Actor, r Input[BookingRequest]) ([]Booking, error)
	// FindBookings lists the bookings of the actor's children (of one, when childID is not ""),
	// by session start.
	FindBookings(ctx context.Context, a *Actor, childID string, f Input[BookingFilter]) ([]Booking, string, error)
	// CancelBooking cancels a booking and, in the same transaction, confirms the first places in
	// line that fit the freed seats.
	CancelBooking(ctx context.Context, a *Actor, id string) error
	// DeleteChild cancels the child's future bookings (promoting others into the seats), then
	// deletes the child and all stored about it; past bookings remain as anonymous counts.
	DeleteChild(ctx context.Context, a *Actor, id string) error
	// ExportChild returns everything stored about one of the actor's children.
	ExportChild(ctx context.Context, a *Actor, id string) (*ChildExport, error)
}

// NotificationService is each user's in-app inbox and the webhooks administrators keep for a
// city's gateway (SMS, WeChat). Notices themselves are written by the changes that cause them.
type NotificationService interface {
	// FindNotifications lists the actor's notifications, newest first, in their language, with
	// the number still unread.
	FindNotifications(ctx context.Context, a *Actor, f Input[NotificationFilter]) (*Inbox, error)
	// MarkRead marks one of the actor's notifications read; marking it again keeps the first time.
	MarkRead(ctx context.Context, a *Actor, id string) (*Notification, error)
	// CreateWebhook subscribes a URL to notice kinds; administrators only.
	CreateWebhook(ctx context.Context, a *Actor, in Input[NewWebhook]) (*Webhook, error)
	FindWebhooks(ctx context.Context, a *Actor, p Input[Page]) ([]Webhook, string, error)
	// DeleteWebhook ends a subscription; its deliveries not yet made are dropped with it.
	DeleteWebhook(ctx context.Context, a *Actor, id string) error
	// FindDeliveries lists a webhook's deliveries, newest first, by status.
	FindDeliveries(ctx context.Context, a *Actor, webhookID string, f Input[DeliveryFilter]) ([]Delivery, string, error)
}

// VolunteerService keeps what volunteers do: shift sign-ups, the service hours they serve and
// the reports of them, and neighbour visits with the troubles found on them. Every method
// answers 401 to anonymous callers and 404 for what the caller may not see.
type VolunteerService interface {
	// SignUp puts a volunteer on a volunteer shift: the actor, or (coordinators) in.UserID.
	SignUp(ctx context.Context, a *Actor, sessionID string, in Input[SignupRequest]) (*Signup, error)
	// LeaveShift takes a volunteer off a shift: the actor (userID ""), or (coordinators) userID.
	LeaveShift(ctx context.Context, a *Actor, sessionID, userID string) error
	// FindSignups lists a shift's sign-ups to its coordinators and staff.
	FindSignups(ctx context.Context, a *Actor, sessionID string) ([]Signup, error)

	// RecordService merges a coordinator's sheet of times served into the session's records.
	RecordService(ctx context.Context, a *Actor, sessionID string, in Input[ServiceSheet]) ([]ServiceRecord, error)
	// FindSessionService lists a session's records: all to coordinators, their own to volunteers.
	FindSessionService(ctx context.Context, a *Actor, sessionID string) ([]ServiceRecord, error)
	// FindService lists the actor's own records, or a community's to its coordinators.
	FindService(ctx context.Context, a *Actor, f ServiceFilter) ([]ServiceRecord, string, error)
	// FindMyService lists the actor's own records, pending, approved and rejected, newest first.
	FindMyService(ctx context.Context, a *Actor, p Input[Page]) ([]ServiceRecord, string, error)
	// ApproveService certifies a record; only approved records count.
	ApproveService(ctx context.Context, a *Actor, id string) (*ServiceRecord, error)
	// RejectService turns down a pending record with a note; an approved one is a conflict.
	RejectService(ctx context.Context, a *Actor, id string, in Input[ServiceRejection]) (*ServiceRecord, error)
	// FileCorrection asks, as the record's volunteer, for other times.
	FileCorrection(ctx context.Context, a *Actor, recordID string, in Input[CorrectionRequest]) (*Correction, error)
	// DecideCorrection accepts (changing the record's times) or rejects a correction.
	DecideCorrection(ctx context.Context, a *Actor, id string, in Input[Decision]) (*CorrectionResult, error)
	// FindCorrections lists a community's corrections (of one status, or all) with their
	// records, oldest first, to its coordinators.
	FindCorrections(ctx context.Context, a *Actor, communityID, status string, p Page) ([]CorrectionResult, string, error)
	// FindMySignups lists the sessions of the actor's active shift sign-ups, from a community-local
	// date on (today in China when zero), by start.
	FindMySignups(ctx context.Context, a *Actor, f Input[MySignupsFilter]) ([]Session, string, error)
	// VolunteerHours sums approved hours, of one community when communityID is not ""; volunteers
	// get their own only.
	VolunteerHours(ctx context.Context, a *Actor, communityID string, f Input[ServiceHoursFilter]) (*ServiceHoursReport, error)
	// VolunteerRecord lists a volunteer's approved service (the actor's when userID is ""), as
	// the volunteer-record rules ask.
	VolunteerRecord(ctx context.Context, a *Actor, userID string, f Input[VolunteerRecordFilter]) (*VolunteerRecord, error)

	// CreateVisitPlan plans a household's visits as a neighbor_visit program staffed by the volunteers.
	CreateVisitPlan(ctx context.Context, a *Actor, householdID string, in Input[VisitPlanChange]) (*VisitPlanResult, error)
	FindVisitPlans(ctx context.Context, a *Actor, householdID string, p Page) ([]VisitPlan, string, error)
	FindVisitPlan(ctx context.Context, a *Actor, id string) (*VisitPlan, error)
	// FindMyVisitPlans lists the active visit plans the actor visits for (and ended ones still
	// holding an overdue visit of theirs), each with its visits.
	FindMyVisitPlans(ctx context.Context, a *Actor) ([]VisitPlan, error)
	// UpdateVisitPlan re-plans the future visits, as a change of the program would.
	UpdateVisitPlan(ctx context.Context, a *Actor, id string, in Input[VisitPlanChange]) (*VisitPlanResult, error)
	// DeleteVisitPlan cancels the future visits and keeps the plan, deleted, for history.
	DeleteVisitPlan(ctx context.Context, a *Actor, id string) error
	// LogVisit records a visit once, raising its concerns; a done visit becomes a pending record.
	LogVisit(ctx context.Context, a *Actor, sessionID string, in Input[VisitLogEntry]) (*VisitLog, error)
	// FindConcerns lists a community's concerns: all to coordinators, those of their households
	// to assigned volunteers; by status, then oldest first.
	FindConcerns(ctx context.Context, a *Actor, communityID string, f ConcernFilter) ([]Concern, string, error)
	// UpdateConcern moves a concern or adds a note (see ConcernChange.Move).
	UpdateConcern(ctx context.Context, a *Actor, id string, in Input[ConcernChange]) (*Concern, error)
	// FindOverdueVisits lists visits ended with no log and households behind their cadence.
	FindOverdueVisits(ctx context.Context, a *Actor, communityID string) (*OverdueReport, error)
}

// AttendanceService keeps what happens at sessions for children: rosters (every read logged),
// attendance and the safe handover of children, sessions marked delivered, guardians' ratings,
// the class-hours report built on them and the roster access log.
type AttendanceService interface {
	// Roster answers the children confirmed in a session, with what handing them over needs, and
	// logs the read.
	Roster(ctx context.Context, a *Actor, sessionID string) (*Roster, error)
	// RecordAttendance merges records per child; a child leaves after-school care only with a
	// guardian, a pickup person or that day's delegation.
	RecordAttendance(ctx context.Context, a *Actor, sessionID string, in Input[AttendanceChange]) (*AttendanceResult, error)
	// Deliver marks a session that has started as held; delivering it again changes nothing.
	Deliver(ctx context.Context, a *Actor, sessionID string) (*Session, error)
	// GiveFeedback records a guardian's rating of a delivered session their child attended, once
	// per child and session.
	GiveFeedback(ctx context.Context, a *Actor, sessionID string, in Input[NewFeedback]) (*Feedback, error)
	// ProgramFeedback lists the ratings of a program's sessions, newest first, without names, to
	// its community's coordinators.
	ProgramFeedback(ctx context.Context, a *Actor, programID string, p Page) ([]ProgramRating, string, error)
	// ClassHours tallies the class hours of a community's delivered sessions.
	ClassHours(ctx context.Context, a *Actor, f ClassHoursFilter) (*ClassHoursReport, error)
	// FindAccessLog lists roster reads, oldest first; administrators only.
	FindAccessLog(ctx context.Context, a *Actor, f Input[AccessLogFilter]) ([]RosterRead, string, error)
	// ExportAccessLog returns every roster read of the filter, at most MaxAccessLogExport.
	ExportAccessLog(ctx context.Context, a *Actor, f Input[AccessLogFilter]) ([]RosterRead, error)
}
