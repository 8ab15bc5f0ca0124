package linli

import "regexp"

// Household needs that make a household a visit target.
var householdNeeds = map[string]bool{
	"elderly_alone": true, "elderly": true, "disabled": true, "low_income": true,
	"left_behind_child": true, "veteran": true, "other": true,
}

var phoneRE = regexp.MustCompile(`^(\+86)?1[3-9][0-9]{9}$|^0[0-9]{2,3}-?[0-9]{7,8}$`)

// Household is a 户 in a building. Its contact is shown only to coordinators and assigned volunteers.
type Household struct {
	ID             string   `json:"id"`
	BuildingID     string   `json:"building_id"`
	CommunityID    string   `json:"community_id"`
	Label          string   `json:"label"`
	ContactName    string   `json:"contact_name"`
	ContactPhone   string   `json:"contact_phone"`
	Needs          []string `json:"needs"`
	VisitEveryDays *int     `json:"visit_every_days"`
	// RecentVisits and OpenConcerns are read with one household (GET /households/{id}): its last
	// logged visits, newest first, and its troubles not yet resolved, oldest first.
	RecentVisits []VisitNote   `json:"recent_visits,omitempty"`
	OpenConcerns []OpenConcern `json:"open_concerns,omitempty"`
}

// HouseholdChange is a POST or PATCH body for a household; nil fields keep their value.
type HouseholdChange struct {
	Label          *string   `json:"label"`
	ContactName    *string   `json:"contact_name"`
	ContactPhone   *string   `json:"contact_phone"`
	Needs          *[]string `json:"needs"`
	VisitEveryDays *int      `json:"visit_every_days"`
}

// Apply validates ch and writes it onto h.
func (ch *HouseholdChange) Apply(h *Household) error {
	var err error
	if ch.Label != nil {
		if h.Label, err = ValidateName("label", *ch.Label); err != nil {
			return err
		}
	}
	if ch.ContactName != nil {
		if h.ContactName, err = validateLine("contact_name", *ch.ContactName, 50); err != nil {
			return err
		}
	}
	if ch.ContactPhone != nil {
		if *ch.ContactPhone != "" && !phoneRE.MatchString(*ch.ContactPhone) {
			return Invalid("contact_phone", "not a phone number")
		}
		h.ContactPhone = *ch.ContactPhone
	}
	if ch.Needs != nil {
		seen := map[string]bool{}
		for _, n := range *ch.Needs {
			if !householdNeeds[n] || seen[n] {
				return Invalid("needs", "unknown or repeated need %q", n)
			}
			seen[n] = true
		}
		h.Needs = append([]string{}, (*ch.Needs)...)
	}
	if ch.VisitEveryDays != nil {
		if *ch.VisitEveryDays < 1 || *ch.VisitEveryDays > 366 {
			return Invalid("visit_every_days", "visit_every_days must be 1 to 366")
		}
		v := *ch.VisitEveryDays
		h.VisitEveryDays = &v
	}
	if h.Label == "" {
		return Invalid("label", "a label is required")
	}
	if h.Needs == nil {
		h.Needs = []string{}
	}
	return nil
}
