package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/linli/linli/internal/linli"
)

// communityOf returns the community of a row in table (grids, buildings, households), or 404.
func (s Communities) communityOf(ctx context.Context, table, id, what string) (string, error) {
	if !validID(id) {
		return "", linli.NotFound(what)
	}
	column := "community_id"
	if table == "communities" {
		column = "id"
	}
	var c string
	err := s.read.QueryRowContext(ctx, `SELECT `+column+` FROM `+table+` WHERE id = ?`, id).Scan(&c)
	if errors.Is(err, sql.ErrNoRows) {
		return "", linli.NotFound(what)
	}
	return c, translate(err)
}

// coordinatorOf checks that a coordinates the community owning the row, answering 401, 404 or 403.
func (s Communities) coordinatorOf(ctx context.Context, a *linli.Actor, table, id, what string) (string, error) {
	if err := a.RequireUser(); err != nil {
		return "", err
	}
	c, err := s.communityOf(ctx, table, id, what)
	if err != nil {
		return "", err
	}
	if err := a.RequireCoordinator(c); err != nil {
		return "", linli.NotFoundIfHidden(err, what)
	}
	return c, nil
}

var objectTables = map[string]string{"community": "communities", "grid": "grids", "building": "buildings", "household": "households"}

// RequireCoordinatorOf checks that a coordinates the community owning the object.
func (s Communities) RequireCoordinatorOf(ctx context.Context, a *linli.Actor, objectType, id string) error {
	_, err := s.coordinatorOf(ctx, a, objectTables[objectType], id, objectType)
	return err
}

// CreateGrid adds a grid or compound to a community.
func (s Communities) CreateGrid(ctx context.Context, a *linli.Actor, communityID string, n linli.Named) (*linli.Grid, error) {
	if _, err := s.coordinatorOf(ctx, a, "communities", communityID, "community"); err != nil {
		return nil, err
	}
	name, err := linli.ValidateName("name", n.Name)
	if err != nil {
		return nil, err
	}
	g := &linli.Grid{ID: newID(), CommunityID: communityID, Name: name}
	return g, s.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO grids (id, community_id, name, created_at) VALUES (?, ?, ?, ?)`, g.ID, g.CommunityID, g.Name, fmtTime(tx.Now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, communityID, "grid.create", "grid", g.ID, g)
	})
}

// FindGrids lists a community's grids.
func (s Communities) FindGrids(ctx context.Context, a *linli.Actor, communityID string, p linli.Page) ([]linli.Grid, string, error) {
	if _, err := s.coordinatorOf(ctx, a, "communities", communityID, "community"); err != nil {
		return nil, "", err
	}
	return listPage(ctx, s.read, p, `SELECT id, community_id, name FROM grids WHERE community_id = ? AND id > ? ORDER BY id LIMIT ?`,
		func(r *sql.Rows) (g linli.Grid, err error) { return g, r.Scan(&g.ID, &g.CommunityID, &g.Name) },
		func(g linli.Grid) string { return g.ID }, communityID)
}

// CreateBuilding adds a building to a grid.
func (s Communities) CreateBuilding(ctx context.Context, a *linli.Actor, gridID string, n linli.Named) (*linli.Building, error) {
	c, err := s.coordinatorOf(ctx, a, "grids", gridID, "grid")
	if err != nil {
		return nil, err
	}
	name, err := linli.ValidateName("name", n.Name)
	if err != nil {
		return nil, err
	}
	b := &linli.Building{ID: newID(), GridID: gridID, CommunityID: c, Name: name}
	return b, s.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO buildings (id, grid_id, community_id, name, created_at) VALUES (?, ?, ?, ?, ?)`, b.ID, gridID, c, b.Name, fmtTime(tx.Now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, c, "building.create", "building", b.ID, b)
	})
}

// FindBuildings lists a grid's buildings.
func (s Communities) FindBuildings(ctx context.Context, a *linli.Actor, gridID string, p linli.Page) ([]linli.Building, string, error) {
	if _, err := s.coordinatorOf(ctx, a, "grids", gridID, "grid"); err != nil {
		return nil, "", err
	}
	return listPage(ctx, s.read, p, `SELECT id, grid_id, community_id, name FROM buildings WHERE grid_id = ? AND id > ? ORDER BY id LIMIT ?`,
		func(r *sql.Rows) (b linli.Building, err error) {
			return b, r.Scan(&b.ID, &b.GridID, &b.CommunityID, &b.Name)
		},
		func(b linli.Building) string { return b.ID }, gridID)
}

const householdColumns = `id, building_id, community_id, label, contact_name, contact_phone, needs, visit_every_days`

func scanHousehold(r interface{ Scan(...any) error }) (linli.Household, error) {
	var h linli.Household
	var needs string
	if err := r.Scan(&h.ID, &h.BuildingID, &h.CommunityID, &h.Label, &h.ContactName, &h.ContactPhone, &needs, &h.VisitEveryDays); err != nil {
		return h, err
	}
	err := json.Unmarshal([]byte(needs), &h.Needs)
	return h, err
}

// CreateHousehold adds a household to a building.
func (s Communities) CreateHousehold(ctx context.Context, a *linli.Actor, buildingID string, ch linli.HouseholdChange) (*linli.Household, error) {
	c, err := s.coordinatorOf(ctx, a, "buildings", buildingID, "building")
	if err != nil {
		return nil, err
	}
	h := &linli.Household{ID: newID(), BuildingID: buildingID, CommunityID: c}
	if err := ch.Apply(h); err != nil {
		return nil, err
	}
	needs, _ := json.Marshal(h.Needs)
	return h, s.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO households (`+householdColumns+`, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			h.ID, h.BuildingID, c, h.Label, h.ContactName, h.ContactPhone, string(needs), h.VisitEveryDays, fmtTime(tx.Now), fmtTime(tx.Now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, c, "household.create", "household", h.ID, nil)
	})
}

// FindHouseholds lists a building's households.
func (s Communities) FindHouseholds(ctx context.Context, a *linli.Actor, buildingID string, p linli.Page) ([]linli.Household, string, error) {
	if _, err := s.coordinatorOf(ctx, a, "buildings", buildingID, "building"); err != nil {
		return nil, "", err
	}
	return listPage(ctx, s.read, p, `SELECT `+householdColumns+` FROM households WHERE building_id = ? AND id > ? ORDER BY id LIMIT ?`,
		func(r *sql.Rows) (linli.Household, error) { return scanHousehold(r) },
		func(h linli.Household) string { return h.ID }, buildingID)
}

// FindHousehold returns one household to its community's coordinators, and its label, building,
// contact and needs to the volunteers of its active visit plans; to both with the notes of its
// last visits and its open troubles.
func (s Communities) FindHousehold(ctx context.Context, a *linli.Actor, id string) (*linli.Household, error) {
	h, err := s.findHousehold(ctx, a, id)
	if err != nil {
		if h, err = assignedHousehold(ctx, s.read, a, id, err); err != nil {
			return nil, err
		}
	}
	loc, err := householdZone(ctx, s.read, h.CommunityID)
	if err != nil {
		return nil, translate(err)
	}
	return h, translate(doorFacts(ctx, s.read, h, loc))
}

// findHousehold returns one household to its community's coordinators.
func (s Communities) findHousehold(ctx context.Context, a *linli.Actor, id string) (*linli.Household, error) {
	if _, err := s.coordinatorOf(ctx, a, "households", id, "household"); err != nil {
		return nil, err
	}
	h, err := scanHousehold(s.read.QueryRowContext(ctx, `SELECT `+householdColumns+` FROM households WHERE id = ?`, id))
	if err != nil {
		return nil, translate(err)
	}
	return &h, nil
}

// UpdateHousehold changes a household.
func (s Communities) UpdateHousehold(ctx context.Context, a *linli.Actor, id string, ch linli.HouseholdChange) (*linli.Household, error) {
	h, err := s.findHousehold(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := ch.Apply(h); err != nil {
		return nil, err
	}
	needs, _ := json.Marshal(h.Needs)
	return h, s.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE households SET label = ?, contact_name = ?, contact_phone = ?, needs = ?, visit_every_days = ?, updated_at = ? WHERE id = ?`,
			h.Label, h.ContactName, h.ContactPhone, string(needs), h.VisitEveryDays, fmtTime(tx.Now), h.ID); err != nil {
			return err
		}
		return tx.audit(ctx, a, h.CommunityID, "household.update", "household", h.ID, nil)
	})
}

// CreateVenue adds a venue to a community.
func (s Communities) CreateVenue(ctx context.Context, a *linli.Actor, communityID string, v linli.Venue) (*linli.Venue, error) {
	if _, err := s.coordinatorOf(ctx, a, "communities", communityID, "community"); err != nil {
		return nil, err
	}
	if err := v.Validate(); err != nil {
		return nil, err
	}
	v.ID, v.CommunityID = newID(), communityID
	return &v, s.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO venues (id, community_id, name, capacity, address, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			v.ID, v.CommunityID, v.Name, v.Capacity, v.Address, fmtTime(tx.Now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, communityID, "venue.create", "venue", v.ID, v)
	})
}

// FindVenues lists a community's venues; venues are public.
func (s Communities) FindVenues(ctx context.Context, communityID string, p linli.Page) ([]linli.Venue, string, error) {
	if _, err := s.FindCommunity(ctx, communityID); err != nil {
		return nil, "", err
	}
	return listPage(ctx, s.read, p, `SELECT id, community_id, name, capacity, address FROM venues WHERE community_id = ? AND id > ? ORDER BY id LIMIT ?`,
		func(r *sql.Rows) (v linli.Venue, err error) {
			return v, r.Scan(&v.ID, &v.CommunityID, &v.Name, &v.Capacity, &v.Address)
		},
		func(v linli.Venue) string { return v.ID }, communityID)
}
