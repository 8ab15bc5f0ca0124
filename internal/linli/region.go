package linli

import (
	"context"
	"slices"
	"time"
)

// Levels of a region, from the lowest: a street office (街道) is under a district (区), a
// district under a city (市).
const (
	LevelStreet   = "street"
	LevelDistrict = "district"
	LevelCity     = "city"
)

// RegionLevels lists the levels from the lowest up.
var RegionLevels = []string{LevelStreet, LevelDistrict, LevelCity}

// Region is a street, a district or a city above communities. Its region viewers see the
// reports of every community below it, never a child's or a household's details.
type Region struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Level    string `json:"level"`
	ParentID string `json:"parent_id,omitempty"`
	// Communities are the communities below the region, at any depth, by name: read with one
	// region (GET /regions/{id}).
	Communities []CommunityRef `json:"communities,omitempty"`
	// Children are the regions directly below, by name: read with one region.
	Children []RegionRef `json:"children,omitempty"`
	// Viewers are the region's own viewers (not those of the regions above): read with one
	// region, by an administrator only.
	Viewers   []PersonRef `json:"viewers,omitempty"`
	CreatedAt time.Time   `json:"created_at"`
}

// RegionRef names a region.
type RegionRef struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Level string `json:"level"`
}

// CommunityRef names a community.
type CommunityRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// RegionChange is the body of POST /regions and PATCH /regions/{id}; nil fields keep their
// value, and a parent_id of "" takes the region from under its parent.
type RegionChange struct {
	Name     *string `json:"name"`
	Level    *string `json:"level"`
	ParentID *string `json:"parent_id"`
}

// Apply validates ch and writes it onto r. Whether the parent exists and fits is
// CheckRegionParent's, once storage has read it.
func (ch *RegionChange) Apply(r *Region) error {
	var err error
	if ch.Name != nil {
		if r.Name, err = ValidateName("name", *ch.Name); err != nil {
			return err
		}
	}
	if r.Name == "" {
		return Invalid("name", "a name is required")
	}
	if ch.Level != nil {
		if !slices.Contains(RegionLevels, *ch.Level) {
			return Invalid("level", "level must be street, district or city")
		}
		r.Level = *ch.Level
	}
	if r.Level == "" {
		return Invalid("level", "level is required: street, district or city")
	}
	if ch.ParentID != nil {
		r.ParentID = *ch.ParentID
	}
	if r.ParentID != "" && r.ParentID == r.ID {
		return Invalid("parent_id", "a region cannot be its own parent")
	}
	return nil
}

// ParentLevel returns the level a region of level must have as its parent: a street's is a
// district, a district's a city; a city has none ("").
func ParentLevel(level string) string {
	i := slices.Index(RegionLevels, level)
	if i < 0 || i+1 >= len(RegionLevels) {
		return ""
	}
	return RegionLevels[i+1]
}

// CheckRegionParent checks that a region of level may sit under a parent of parentLevel
// (parentFound false: no such region) and above regions of childLevels: a street under a
// district, a district under a city, a city under nothing. Since each parent is one level up,
// no chain of parents can come back to where it started.
func CheckRegionParent(level, parentID string, parentFound bool, parentLevel string, childLevels []string) error {
	if parentID != "" {
		if !parentFound {
			return &Error{Code: ENotFound, Field: "parent_id", Message: "no such region"}
		}
		if want := ParentLevel(level); parentLevel != want {
			if want == "" {
				return Invalid("parent_id", "a city has no parent region")
			}
			return Invalid("parent_id", "the parent of a %s must be a %s", level, want)
		}
	}
	for _, c := range childLevels {
		if ParentLevel(c) != level {
			return Invalid("level", "the region has a %s below it, whose parent must be a %s", c, ParentLevel(c))
		}
	}
	return nil
}

// NewViewer is the body of POST /regions/{id}/viewers: a registered user by id or login
// (a mainland mobile number or an e-mail).
type NewViewer struct {
	UserID string `json:"user_id"`
	Login  string `json:"login"`
}

// Validate checks that the body names a user.
func (v *NewViewer) Validate() error {
	if v.UserID == "" && v.Login == "" {
		return Invalid("user_id", "user_id or login is required")
	}
	if v.Login != "" {
		l, err := NormalizeLogin("login", v.Login)
		if err != nil {
			return err
		}
		v.Login = l
	}
	return nil
}

// RegionViewer is a user who sees the reports of a region, as POST /regions/{id}/viewers answers it.
type RegionViewer struct {
	RegionID string    `json:"region_id"`
	UserID   string    `json:"user_id"`
	Name     string    `json:"name"`
	Login    string    `json:"login"`
	Since    time.Time `json:"since"`
}

// GroupByCommunity groups a report over a region by community.
const GroupByCommunity = "community"

// ValidateOverRegion checks the class-hours filter of a report over a region: the groupings of
// a community's report and GroupByCommunity.
func (f *ClassHoursFilter) ValidateOverRegion() error {
	if f.GroupBy == GroupByCommunity {
		return CheckDates(f.From, f.To)
	}
	g := *f
	g.CommunityID = "-"
	err := g.Validate()
	f.GroupBy = g.GroupBy
	return err
}

// ValidateOverRegion checks the volunteer-hours filter of a report over a region: the
// groupings of a community's report and GroupByCommunity.
func (f *ServiceHoursFilter) ValidateOverRegion() error {
	if f.GroupBy == GroupByCommunity {
		return CheckDates(f.From, f.To)
	}
	return f.Validate()
}

// RegionService keeps regions and their viewers, and answers the reports over a region.
type RegionService interface {
	CreateRegion(ctx context.Context, a *Actor, in Input[RegionChange]) (*Region, error)
	// FindRegions lists every region to administrators, the regions one views to anyone else.
	FindRegions(ctx context.Context, a *Actor, p Page) ([]Region, string, error)
	FindRegion(ctx context.Context, a *Actor, id string) (*Region, error)
	UpdateRegion(ctx context.Context, a *Actor, id string, in Input[RegionChange]) (*Region, error)
	AddViewer(ctx context.Context, a *Actor, regionID string, in Input[NewViewer]) (*RegionViewer, error)
	RemoveViewer(ctx context.Context, a *Actor, regionID, userID string) error
	// RegionClassHours is the class-hours report over every community below a region.
	RegionClassHours(ctx context.Context, a *Actor, regionID string, f ClassHoursFilter) (*ClassHoursReport, error)
	// RegionVolunteerHours is the volunteer-hours report over every community below a region.
	RegionVolunteerHours(ctx context.Context, a *Actor, regionID string, in Input[ServiceHoursFilter]) (*ServiceHoursReport, error)
	// VisitsReport is the visits report of a community or of a region.
	VisitsReport(ctx context.Context, a *Actor, in Input[VisitsFilter]) (*VisitsReport, error)
}
