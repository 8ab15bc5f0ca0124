package linli

// Actor is who makes a request: a signed-in user with their memberships, or nil for anonymous.
// The permission rules are Authorize's (authz.go); its methods answer what they need to know.
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

// IsCoordinatorOf reports whether the actor coordinates the community, or administers the
// server: who may run a community, and who sees all of its volunteers' work.
func (a *Actor) IsCoordinatorOf(communityID string) bool {
	return a.IsAdmin() || a.Has(communityID, RoleCoordinator)
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

// Profile is what GET /me answers: the signed-in user and their roles.
type Profile struct {
	User        User         `json:"user"`
	Memberships []Membership `json:"memberships"`
}

// Profile answers the actor's own profile, or 401 for an anonymous actor.
func (a *Actor) Profile() (*Profile, error) {
	if err := a.RequireUser(); err != nil {
		return nil, err
	}
	return &Profile{a.User, a.Memberships}, nil
}

// RequireAdmin allows administrators only: Authorize's ActAdminister.
func (a *Actor) RequireAdmin() error { return Authorize(a, ActAdminister, Object{Kind: ObjServer}) }
