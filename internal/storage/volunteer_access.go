package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"

	"github.com/linli/linli/internal/linli"
)

// Volunteers implements linli.VolunteerService: shift sign-ups, service records and reports,
// visit plans, visit logs and concerns.
type Volunteers struct{ *DB }

var _ linli.VolunteerService = Volunteers{}

// gate answers nil when allowed, 403 when the actor may see the object but not do this, else a
// 404 naming what.
func gate(allowed, visible bool, what, forbidden string) error {
	switch {
	case allowed:
		return nil
	case visible:
		return linli.Errorf(linli.EForbidden, "%s", forbidden)
	}
	return linli.NotFound(what)
}

// coordinates reports whether a administers the server or coordinates the community.
func coordinates(a *linli.Actor, communityID string) bool {
	return a.IsAdmin() || a.Has(communityID, linli.RoleCoordinator)
}

// RequireAccess checks, before a body is read, that a may do action to the object id (see the
// linli.Access* constants): 401, then 404 for what a may not see, then 403. A session is seen
// here by members of its community (neighbour visits: its coordinators and staff), a service
// record by its volunteer and the coordinators, a visit plan by the coordinators and its
// volunteers, a concern by the coordinators and the volunteers assigned to its household.
func (s Volunteers) RequireAccess(ctx context.Context, a *linli.Actor, action, id string) error {
	if err := a.RequireUser(); err != nil {
		return err
	}
	switch action {
	case linli.AccessSignUp, linli.AccessRecordService, linli.AccessLogVisit:
		sess, err := findSession(ctx, s.read, id)
		if err != nil {
			return err
		}
		staff := slices.Contains(sess.StaffIDs, a.UserID())
		coord := coordinates(a, sess.CommunityID)
		seen := coord || staff || a.IsMember(sess.CommunityID) && a.CanSee(sess.Kind, sess.CommunityID, false)
		switch action {
		case linli.AccessSignUp:
			return gate(seen, false, "session", "")
		case linli.AccessRecordService:
			return gate(coord, seen, "session", "only the community's coordinators record service hours")
		}
		return gate(staff, seen, "session", "only the volunteers of a visit log it")
	case linli.AccessApproveService, linli.AccessCorrectService, linli.AccessDecide:
		var community, owner string
		q := `SELECT community_id, user_id FROM service_records WHERE id = ?`
		what := "service record"
		if action == linli.AccessDecide {
			q = `SELECT r.community_id, r.user_id FROM service_corrections c JOIN service_records r ON r.id = c.record_id WHERE c.id = ?`
			what = "correction"
		}
		if err := s.lookup(ctx, what, id, q, &community, &owner); err != nil {
			return err
		}
		coord, mine := coordinates(a, community), owner == a.UserID()
		if action == linli.AccessCorrectService {
			return gate(mine, coord, what, "only the volunteer who served files a correction")
		}
		return gate(coord, mine, what, "only the community's coordinators certify service hours")
	case linli.AccessChangeVisitPlan:
		var community, program string
		if err := s.lookup(ctx, "visit plan", id, `SELECT community_id, program_id FROM visit_plans WHERE id = ?`, &community, &program); err != nil {
			return err
		}
		staff, err := isProgramStaff(ctx, s.read, program, a.UserID())
		if err != nil {
			return translate(err)
		}
		return gate(coordinates(a, community), staff, "visit plan", "only the community's coordinators change visit plans")
	case linli.AccessChangeConcern:
		var community, household string
		if err := s.lookup(ctx, "concern", id, `SELECT community_id, household_id FROM concerns WHERE id = ?`, &community, &household); err != nil {
			return err
		}
		if coordinates(a, community) {
			return nil
		}
		assigned, err := isAssigned(ctx, s.read, household, a.UserID())
		if err != nil {
			return translate(err)
		}
		return gate(assigned, false, "concern", "")
	}
	return linli.NotFound("object")
}

// lookup reads one row of the object id into dest, or answers 404 naming what.
func (s Volunteers) lookup(ctx context.Context, what, id, query string, dest ...any) error {
	if !validID(id) {
		return linli.NotFound(what)
	}
	err := s.read.QueryRowContext(ctx, query, id).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return linli.NotFound(what)
	}
	return translate(err)
}

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
