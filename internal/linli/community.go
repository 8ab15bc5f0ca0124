package linli

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Roles a member may hold in a community.
const (
	RoleCoordinator = "coordinator"
	RoleTeacher     = "teacher"
	RoleVolunteer   = "volunteer"
)

// Teacher types, counted separately in class-hour reports.
const (
	TeacherSchool    = "school_teacher"
	TeacherCommunity = "community_teacher"
	TeacherResident  = "resident_volunteer"
)

// DefaultTimezone and DefaultLessonMinutes are a community's defaults.
const (
	DefaultTimezone      = "Asia/Shanghai"
	DefaultLessonMinutes = 40
	DefaultCalendarID    = "cn"
)

// Community is a 社区: the unit that plans sessions and answers for hours delivered.
type Community struct {
	ID            string    `json:"id"`
	Name          string    `json:"name"`
	District      string    `json:"district"`
	City          string    `json:"city"`
	Timezone      string    `json:"timezone"`
	CalendarID    string    `json:"calendar_id"`
	LessonMinutes int       `json:"lesson_minutes"`
	CreatedAt     time.Time `json:"-"`
	// RegionID is the region (street, district or city) the community sits in, if any.
	RegionID string `json:"region_id,omitempty"`
}

// Location returns the community's time zone; a stored zone always loads.
func (c *Community) Location() *time.Location {
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// CommunityChange is a POST or PATCH body for a community; nil fields keep their value.
type CommunityChange struct {
	Name          *string `json:"name"`
	District      *string `json:"district"`
	City          *string `json:"city"`
	Timezone      *string `json:"timezone"`
	CalendarID    *string `json:"calendar_id"`
	LessonMinutes *int    `json:"lesson_minutes"`
	// RegionID places the community in a region ("" takes it out); administrators only. Apply
	// leaves it to storage.
	RegionID *string `json:"region_id"`
}

// Apply validates ch and writes it onto c.
func (ch *CommunityChange) Apply(c *Community) error {
	var err error
	if ch.Name != nil {
		if c.Name, err = ValidateName("name", *ch.Name); err != nil {
			return err
		}
	}
	if ch.District != nil {
		if c.District, err = validateLine("district", *ch.District, 100); err != nil {
			return err
		}
	}
	if ch.City != nil {
		if c.City, err = validateLine("city", *ch.City, 100); err != nil {
			return err
		}
	}
	if ch.Timezone != nil {
		if _, lerr := time.LoadLocation(*ch.Timezone); lerr != nil || *ch.Timezone == "" || *ch.Timezone == "Local" {
			return Invalid("timezone", "%q is not an IANA time zone", *ch.Timezone)
		}
		c.Timezone = *ch.Timezone
	}
	if ch.CalendarID != nil {
		if *ch.CalendarID == "" {
			return Invalid("calendar_id", "a calendar id is required")
		}
		c.CalendarID = *ch.CalendarID
	}
	if ch.LessonMinutes != nil {
		if *ch.LessonMinutes < 10 || *ch.LessonMinutes > 120 {
			return Invalid("lesson_minutes", "a lesson period is 10 to 120 minutes")
		}
		c.LessonMinutes = *ch.LessonMinutes
	}
	if c.Name == "" {
		return Invalid("name", "a name is required")
	}
	return nil
}

// Membership is a role a user holds in a community.
type Membership struct {
	CommunityID string `json:"community_id"`
	UserID      string `json:"user_id,omitempty"`
	Role        string `json:"role"`
	TeacherType string `json:"teacher_type,omitempty"`
}

// Member statuses: a pending member was added by a login nobody has registered yet.
const (
	MemberActive  = "active"
	MemberPending = "pending"
)

// Member is one role of a user in a community, as GET /communities/{id}/members lists it to the
// community's coordinators and administrators, and as POST answers it: the login tells apart two
// members of the same name. A pending member has no user id and shows the name the coordinator
// typed.
type Member struct {
	CommunityID string    `json:"community_id"`
	UserID      string    `json:"user_id,omitempty"`
	Name        string    `json:"name"`
	Login       string    `json:"login"`
	Role        string    `json:"role"`
	TeacherType string    `json:"teacher_type,omitempty"`
	Status      string    `json:"status"`
	Since       time.Time `json:"since"`
}

// NewMember is the body of POST /communities/{id}/members: a registered user by id or login, or
// a login nobody has registered yet with the name to show until they do.
type NewMember struct {
	UserID      string `json:"user_id"`
	Login       string `json:"login"`
	Name        string `json:"name"`
	Role        string `json:"role"`
	TeacherType string `json:"teacher_type"`
}

// Validate checks the role and teacher type.
func (m *NewMember) Validate() error {
	if m.UserID == "" && m.Login == "" {
		return Invalid("user_id", "user_id or login is required")
	}
	if m.Login != "" {
		l, err := NormalizeLogin("login", m.Login)
		if err != nil {
			return err
		}
		m.Login = l
	}
	if m.Name != "" {
		n, err := ValidateName("name", m.Name)
		if err != nil {
			return err
		}
		m.Name = n
	}
	switch m.Role {
	case RoleTeacher:
		if !ValidTeacherType(m.TeacherType) {
			return Invalid("teacher_type", "a teacher needs a teacher_type: school_teacher, community_teacher or resident_volunteer")
		}
	case RoleCoordinator, RoleVolunteer:
		if m.TeacherType != "" {
			return Invalid("teacher_type", "only teachers have a teacher_type")
		}
	default:
		return Invalid("role", "role must be coordinator, teacher or volunteer")
	}
	return nil
}

// ValidTeacherType reports whether t is one of the three teacher types.
func ValidTeacherType(t string) bool {
	return t == TeacherSchool || t == TeacherCommunity || t == TeacherResident
}

// Grid is a grid or residential compound (网格/小区) of a community.
type Grid struct {
	ID          string `json:"id"`
	CommunityID string `json:"community_id"`
	Name        string `json:"name"`
}

// Building is a building (楼院) in a grid.
type Building struct {
	ID          string `json:"id"`
	GridID      string `json:"grid_id"`
	CommunityID string `json:"community_id"`
	Name        string `json:"name"`
}

// Named is the body that creates a grid or a building.
type Named struct {
	Name string `json:"name"`
}

// Venue is a room or place where sessions are held.
type Venue struct {
	ID          string `json:"id"`
	CommunityID string `json:"community_id"`
	Name        string `json:"name"`
	Capacity    int    `json:"capacity"`
	Address     string `json:"address"`
}

// Validate checks a venue's fields.
func (v *Venue) Validate() error {
	var err error
	if v.Name, err = ValidateName("name", v.Name); err != nil {
		return err
	}
	if v.Capacity < 1 || v.Capacity > 10000 {
		return Invalid("capacity", "capacity must be 1 to 10000")
	}
	v.Address, err = validateLine("address", v.Address, 200)
	return err
}

func validateText(field, s string, max int) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max {
		return "", Invalid(field, "at most %d characters", max)
	}
	return s, nil
}
