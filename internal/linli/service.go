package linli

import "context"

// AccountService keeps accounts, sign-in sessions and password resets.
type AccountService interface {
	// Register creates a user; a taken login is a conflict.
	Register(ctx context.Context, r Registration) (*User, error)
	// Login checks credentials and opens a session, returning the user and the session token.
	// addr is the client address used to limit failures.
	Login(ctx context.Context, c Credentials, addr string) (*User, string, error)
	// Logout ends the session with token; an unknown token is not an error.
	Logout(ctx context.Context, token string) error
	// Authenticate returns the actor of a session token, or an unauthenticated error.
	Authenticate(ctx context.Context, token string) (*Actor, error)
	// UpdateProfile changes the actor's own name, locale or password.
	UpdateProfile(ctx context.Context, a *Actor, ch ProfileChange) (*User, error)
	// IssueReset makes a one-time reset code for another user, valid 24 hours.
	IssueReset(ctx context.Context, a *Actor, userID string) (string, error)
	// ResetPassword sets a new password with a reset code and ends the user's sessions.
	ResetPassword(ctx context.Context, r PasswordReset) error
	// CreateAdmin creates an administrator, or makes an existing login one with the new password.
	CreateAdmin(ctx context.Context, r Registration) (*User, error)
}

// CommunityService keeps communities, their places and their members.
type CommunityService interface {
	CreateCommunity(ctx context.Context, a *Actor, ch CommunityChange) (*Community, error)
	FindCommunities(ctx context.Context, p Page) ([]Community, string, error)
	FindCommunity(ctx context.Context, id string) (*Community, error)
	UpdateCommunity(ctx context.Context, a *Actor, id string, ch CommunityChange) (*Community, error)

	CreateGrid(ctx context.Context, a *Actor, communityID string, n Named) (*Grid, error)
	FindGrids(ctx context.Context, a *Actor, communityID string, p Page) ([]Grid, string, error)
	CreateBuilding(ctx context.Context, a *Actor, gridID string, n Named) (*Building, error)
	FindBuildings(ctx context.Context, a *Actor, gridID string, p Page) ([]Building, string, error)
	CreateHousehold(ctx context.Context, a *Actor, buildingID string, ch HouseholdChange) (*Household, error)
	FindHouseholds(ctx context.Context, a *Actor, buildingID string, p Page) ([]Household, string, error)
	FindHousehold(ctx context.Context, a *Actor, id string) (*Household, error)
	UpdateHousehold(ctx context.Context, a *Actor, id string, ch HouseholdChange) (*Household, error)
	CreateVenue(ctx context.Context, a *Actor, communityID string, v Venue) (*Venue, error)
	FindVenues(ctx context.Context, communityID string, p Page) ([]Venue, string, error)

	AddMember(ctx context.Context, a *Actor, communityID string, m NewMember) (*Membership, error)
	RemoveMember(ctx context.Context, a *Actor, communityID, userID, role string) error
	// RequireCoordinatorOf checks, before a body is read, that a coordinates the community owning
	// the object (objectType is "community", "grid", "building" or "household"): 401, 404 or 403.
	RequireCoordinatorOf(ctx context.Context, a *Actor, objectType, id string) error
	// Memberships lists a user's roles.
	Memberships(ctx context.Context, userID string) ([]Membership, error)
}

// AuditService reads the audit log.
type AuditService interface {
	FindAudit(ctx context.Context, a *Actor, f AuditFilter) ([]AuditEntry, string, error)
}

// IdempotencyStore remembers the first answer to a create request for 24 hours.
type IdempotencyStore interface {
	// Begin reserves (scope, key) for a request whose body hashes to hash. It returns a stored
	// answer to replay, or ok=true when the caller should run the request and then Finish.
	Begin(ctx context.Context, scope, key string, hash []byte) (stored *StoredResponse, ok bool, err error)
	// Finish stores the answer for (scope, key); a 5xx answer releases the key instead.
	Finish(ctx context.Context, scope, key string, resp StoredResponse) error
}

// StoredResponse is a replayable HTTP answer.
type StoredResponse struct {
	Status      int
	ContentType string
	Body        []byte
}
