package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/linli/linli/internal/linli"
)

// Volunteers implements linli.VolunteerService: shift sign-ups, service records and reports,
// visit plans, visit logs and concerns.
type Volunteers struct{ *DB }

var _ linli.VolunteerService = Volunteers{}

// isAssigned reports whether the user is a volunteer of an active visit plan of the household:
// such volunteers see its label, building and contact, and its concerns.
func isAssigned(ctx context.Context, q querier, householdID, userID string) (bool, error) {
	var ok bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM visit_plans v JOIN programs p ON p.id = v.program_id
		JOIN program_staff x ON x.program_id = p.id WHERE v.household_id = ? AND p.status = 'active' AND x.user_id = ?)`,
		householdID, userID).Scan(&ok)
	return ok, err
}

// isHelper reports whether the user is a volunteer or teacher of the community.
func isHelper(ctx context.Context, q querier, communityID, userID string) (bool, error) {
	var ok bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM memberships WHERE community_id = ? AND user_id = ? AND role IN ('volunteer', 'teacher'))`,
		communityID, userID).Scan(&ok)
	return ok, err
}

// assignedHousehold answers GET /households/{id} for a volunteer assigned to the household:
// its label, building, contact and needs, not how often the office wants it visited. Anyone else gets refusal, the answer a
// coordinator check gave them.
func assignedHousehold(ctx context.Context, q querier, a *linli.Actor, id string, refusal error) (*linli.Household, error) {
	if a == nil || !validID(id) {
		return nil, refusal
	}
	ok, err := isAssigned(ctx, q, id, a.UserID())
	if err != nil {
		return nil, translate(err)
	}
	if !ok {
		return nil, refusal
	}
	h := linli.Household{ID: id}
	var needs string
	err = q.QueryRowContext(ctx, `SELECT building_id, community_id, label, contact_name, contact_phone, needs FROM households WHERE id = ?`, id).
		Scan(&h.BuildingID, &h.CommunityID, &h.Label, &h.ContactName, &h.ContactPhone, &needs)
	if err != nil {
		return nil, translate(err)
	}
	if err := json.Unmarshal([]byte(needs), &h.Needs); err != nil {
		return nil, err
	}
	return &h, nil
}

// householdRef reads a household's label and building name, or 404.
func householdRef(ctx context.Context, q querier, id string) (linli.HouseholdRef, string, error) {
	h := linli.HouseholdRef{ID: id}
	var community string
	if !validID(id) {
		return h, "", linli.NotFound("household")
	}
	err := q.QueryRowContext(ctx, `SELECT h.label, b.name, h.community_id FROM households h JOIN buildings b ON b.id = h.building_id WHERE h.id = ?`, id).
		Scan(&h.Label, &h.Building, &community)
	if errors.Is(err, sql.ErrNoRows) {
		return h, "", linli.NotFound("household")
	}
	return h, community, err
}
