package linli

// Actor is who makes a request: a signed-in user with their memberships, or nil for anonymous.
// Every permission check of the server goes through its methods, so authorisation lives here.
type Actor struct {
	User        User
	Memberships []Membership
	SessionID   string // the id of the signed-in device the request came from (Device.ID)
}

// IsAdmin reports whether the actor is a server administrator.
func (a *Actor) IsAdmin() bool { return a != nil && a.User.IsAdmin }

// UserID returns the actor's user id, or "" when anonymous.
func (a *Actor) UserID() string {
	if a == nil {
		return ""
	}
	return a.User.ID
}

// Has reports whether the actor holds role in the community.
func (a *Actor) Has(communityID, role string) bool {
	if a == nil {
		return false
	}
	for _, m := range a.Memberships {
		if m.CommunityID == communityID && m.Role == role {
			return true
		}
	}
	return false
}

// IsMember reports whether the actor holds any role in the community.
func (a *Actor) IsMember(communityID string) bool {
	if a == nil {
		return false
	}
	for _, m := range a.Memberships {
		if m.CommunityID == communityID {
			return true
		}
	}
	return false
}

// RequireUser answers 401 for an anonymous actor.
func (a *Actor) RequireUser() error {
	if a == nil {
		return Errorf(EUnauthenticated, "please sign in")
	}
	return nil
}

// RequireAdmin allows administrators only.
func (a *Actor) RequireAdmin() error {
	if err := a.RequireUser(); err != nil {
		return err
	}
	if !a.IsAdmin() {
		return Errorf(EForbidden, "only an administrator may do this")
	}
	return nil
}

// RequireCoordinator allows the community's coordinators and administrators. Members of the
// community with another role get 403; everyone else gets 404, as they may not see its objects.
func (a *Actor) RequireCoordinator(communityID string) error {
	if err := a.RequireUser(); err != nil {
		return err
	}
	if a.IsAdmin() || a.Has(communityID, RoleCoordinator) {
		return nil
	}
	if a.IsMember(communityID) {
		return Errorf(EForbidden, "only the community's coordinators may do this")
	}
	return NotFound("object")
}

// CanGrantRole reports whether the actor may add or remove role in the community:
// administrators any role, coordinators teachers and volunteers.
func (a *Actor) CanGrantRole(communityID, role string) error {
	if err := a.RequireCoordinator(communityID); err != nil {
		return err
	}
	if role == RoleCoordinator && !a.IsAdmin() {
		return Errorf(EForbidden, "only an administrator may appoint or remove coordinators")
	}
	return nil
}

// NotFoundIfHidden keeps a 401 or 403 as it is and turns any other refusal into a 404 naming what.
func NotFoundIfHidden(err error, what string) error {
	switch ErrorCode(err) {
	case EUnauthenticated, EForbidden:
		return err
	}
	return NotFound(what)
}
