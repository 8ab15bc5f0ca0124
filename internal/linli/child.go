package linli

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Bounds of a child's record and of the adults who may collect the child.
const (
	// AdultAge is the age at which a person is no longer a child (an adult under PRC law).
	AdultAge          = 18
	MaxChildNameChars = 50
	MaxChildNotes     = 500 // characters of notes on allergies or needs
	MaxRelationChars  = 20
	// MaxPickupPersons bounds the standing pickup persons of one child.
	MaxPickupPersons = 10
	// MaxDelegationDaysAhead bounds how far ahead a one-day delegation may be given.
	MaxDelegationDaysAhead = 366
)

// ChinaTime is mainland China's time zone: UTC+8 all year (no daylight saving since 1991), fixed
// so that it needs no time-zone database.
var ChinaTime = time.FixedZone("CST", 8*60*60)

// TodayInChina returns the date in mainland China at instant now. The rules on children's dates
// (birth dates, delegations) use it whatever the time zone of a community.
func TodayInChina(now time.Time) Date { return DateOf(now, ChinaTime) }

// AgeOn returns the age in whole years on date of someone born on birth, negative before birth.
// A birthday on 29 February falls on 1 March in common years: the child turns a year older on
// 1 March, not on 28 February.
func AgeOn(birth, date Date) int {
	age := date.Year() - birth.Year()
	if date.Month() < birth.Month() || date.Month() == birth.Month() && date.Day() < birth.Day() {
		age--
	}
	return age
}

// Child is a child registered by a guardian. Only the child's guardians see it (and, read-only,
// the staff of sessions it is booked into); it never appears in logs or public calendars.
type Child struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	BirthDate Date       `json:"birth_date"`
	Notes     string     `json:"notes"`
	Guardians []Guardian `json:"guardians"`
	Consent   *Consent   `json:"consent"` // the latest consent given
}

// Guardian is a user who may see and manage a child.
type Guardian struct {
	UserID string `json:"user_id"`
	Name   string `json:"name"`
}

// Consent records which guardian agreed to which version of the child-data policy, and when.
type Consent struct {
	PolicyVersion string    `json:"policy_version"`
	UserID        string    `json:"user_id"`
	At            time.Time `json:"at"`
}

// ChildChange is a POST or PATCH body for a child; nil fields keep their value. A new child needs
// name, birth_date and consent_policy_version; a PATCH may give the current policy version again
// to renew the consent.
type ChildChange struct {
	Name                 *string `json:"name"`
	BirthDate            *Date   `json:"birth_date"`
	Notes                *string `json:"notes"`
	ConsentPolicyVersion *string `json:"consent_policy_version"`
}

// Apply validates ch with today's date in China and writes it onto c: first 400 on the first bad
// field, then 422 consent_required unless the consent given is to the current policy. A child with
// no consent on record (a new one) needs it; otherwise a given version must be the current one.
func (ch *ChildChange) Apply(c *Child, today Date) error {
	var err error
	if ch.Name != nil {
		if c.Name, err = validateLine("name", *ch.Name, MaxChildNameChars); err != nil {
			return err
		}
	}
	if c.Name == "" {
		return Invalid("name", "a name of 1 to %d characters is required", MaxChildNameChars)
	}
	if ch.BirthDate != nil {
		if err := validateBirthDate("birth_date", *ch.BirthDate, today); err != nil {
			return err
		}
		c.BirthDate = *ch.BirthDate
	}
	if c.BirthDate.IsZero() {
		return Invalid("birth_date", "a birth date (YYYY-MM-DD) is required")
	}
	if ch.Notes != nil {
		if c.Notes, err = validateText("notes", *ch.Notes, MaxChildNotes); err != nil {
			return err
		}
	}
	if ch.ConsentPolicyVersion != nil || c.Consent == nil {
		return CheckConsent(ch.ConsentPolicyVersion)
	}
	return nil
}

// ChangedFields names the fields ch sets, for the audit log (which never holds their values).
func (ch *ChildChange) ChangedFields() []string {
	out := []string{}
	for _, f := range []struct {
		name string
		set  bool
	}{{"name", ch.Name != nil}, {"birth_date", ch.BirthDate != nil}, {"notes", ch.Notes != nil}, {"consent_policy_version", ch.ConsentPolicyVersion != nil}} {
		if f.set {
			out = append(out, f.name)
		}
	}
	return out
}

// validateBirthDate accepts the birth date of a child: not after today and under AdultAge today.
func validateBirthDate(field string, birth, today Date) error {
	switch {
	case birth.IsZero():
		return Invalid(field, "a birth date (YYYY-MM-DD) is required")
	case birth.After(today):
		return Invalid(field, "the birth date is in the future")
	case AgeOn(birth, today) >= AdultAge:
		return Invalid(field, "a child must be under %d years old", AdultAge)
	}
	return nil
}

// CheckConsent answers 422 consent_required unless version is the current child-data policy's.
func CheckConsent(version *string) error {
	if version == nil || *version != ChildPolicyVersion {
		return &Error{Code: EConsentRequired, Field: "consent_policy_version",
			Message: "please read the child-data policy and agree to version " + ChildPolicyVersion}
	}
	return nil
}

// NewGuardian names, by login, the person a guardian invites to become another guardian.
type NewGuardian struct {
	Login string `json:"login"`
}

// Validate normalises the login.
func (g *NewGuardian) Validate() error {
	var err error
	g.Login, err = NormalizeLogin("login", g.Login)
	return err
}

// Bounds of guardian invitations.
const (
	// InvitationTTL is how long an invitation may be answered.
	InvitationTTL = 7 * 24 * time.Hour
	// MaxInvitationsPerDay bounds the invitations one guardian sends in 24 hours.
	MaxInvitationsPerDay = 10
)

// Invitation is what the inviting guardian learns of an invitation: never whether the login is
// registered, nor whose it is.
type Invitation struct {
	ID        string    `json:"id"`
	ChildID   string    `json:"child_id"`
	ExpiresAt time.Time `json:"expires_at"`
}

// ReceivedInvitation is an invitation as its invited person sees it: the child's given name and
// the inviter's name, nothing more of the child until they accept.
type ReceivedInvitation struct {
	ID          string    `json:"id"`
	ChildID     string    `json:"child_id"`
	ChildName   string    `json:"child_name"`
	InviterName string    `json:"inviter_name"`
	CreatedAt   time.Time `json:"created_at"`
	ExpiresAt   time.Time `json:"expires_at"`
	Status      string    `json:"status"` // pending, accepted or declined
}

// PickupPerson is an adult the guardians allow to collect the child from care on any day.
type PickupPerson struct {
	ID       string `json:"id"`
	ChildID  string `json:"child_id"`
	Name     string `json:"name"`
	Relation string `json:"relation"` // free text such as 奶奶
	Phone    string `json:"phone"`    // 11 digits
}

// NewPickupPerson is the POST body naming a pickup person.
type NewPickupPerson struct {
	Name     string `json:"name"`
	Relation string `json:"relation"`
	Phone    string `json:"phone"`
}

// Validate checks in and returns the pickup person it names for the child.
func (in NewPickupPerson) Validate(childID string) (*PickupPerson, error) {
	p := &PickupPerson{ChildID: childID}
	var err error
	if p.Name, err = requiredLine("name", in.Name, MaxChildNameChars); err != nil {
		return nil, err
	}
	if p.Relation, err = requiredLine("relation", in.Relation, MaxRelationChars); err != nil {
		return nil, err
	}
	if p.Phone, err = NormalizeMobile("phone", in.Phone); err != nil {
		return nil, err
	}
	return p, nil
}

// Delegation allows an adult to collect the child on one date only.
type Delegation struct {
	ID      string `json:"id"`
	ChildID string `json:"child_id"`
	Name    string `json:"name"`
	Phone   string `json:"phone"`
	Date    Date   `json:"date"`
}

// NewDelegation is the POST body of a one-day pickup delegation.
type NewDelegation struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
	Date  *Date  `json:"date"`
}

// Validate checks in against today's date in China and returns the delegation it gives: the date
// runs from today to MaxDelegationDaysAhead days ahead.
func (in NewDelegation) Validate(childID string, today Date) (*Delegation, error) {
	d := &Delegation{ChildID: childID}
	var err error
	if d.Name, err = requiredLine("name", in.Name, MaxChildNameChars); err != nil {
		return nil, err
	}
	if d.Phone, err = NormalizeMobile("phone", in.Phone); err != nil {
		return nil, err
	}
	switch {
	case in.Date == nil || in.Date.IsZero():
		return nil, Invalid("date", "a date (YYYY-MM-DD) is required")
	case in.Date.Before(today):
		return nil, Invalid("date", "the date has passed; a delegation is for today or a later date")
	case in.Date.After(today.AddDays(MaxDelegationDaysAhead)):
		return nil, Invalid("date", "a delegation may be given at most %d days ahead", MaxDelegationDaysAhead)
	}
	d.Date = *in.Date
	return d, nil
}

// requiredLine is validateLine for a field that may not be empty.
func requiredLine(field, s string, max int) (string, error) {
	s, err := validateLine(field, s, max)
	if err == nil && s == "" {
		err = Invalid(field, "%s is required (1 to %d characters)", field, max)
	}
	return s, err
}

// validateLine trims a one-line text and checks it has at most max characters and no control
// characters (a line break in a name would garble rosters and exports).
func validateLine(field, s string, max int) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max || !OneLine(s) {
		return "", Invalid(field, "%s takes one line of at most %d characters", field, max)
	}
	return s, nil
}
