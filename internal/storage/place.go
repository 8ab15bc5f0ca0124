package storage

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/linli/linli/internal/linli"
)

// CreateGrid adds a grid or compound to a community.
func (s Communities) CreateGrid(ctx context.Context, a *linli.Actor, communityID string, in linli.Input[linli.Named]) (*linli.Grid, error) {
	var g *linli.Grid
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := authorize(ctx, tx, a, linli.ActManagePlaces, linli.ObjCommunity, communityID); err != nil {
			return err
		}
		n, err := in()
		if err != nil {
			return err
		}
		name, err := linli.ValidateName("name", n.Name)
		if err != nil {
			return err
		}
		g = &linli.Grid{ID: newID(), CommunityID: communityID, Name: name}
		if _, err := tx.ExecContext(ctx, `INSERT INTO grids (id, community_id, name, created_at) VALUES (?, ?, ?, ?)`, g.ID, g.CommunityID, g.Name, fmtTime(tx.Now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, communityID, "grid.create", "grid", g.ID, g)
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// FindGrids lists a community's grids.
func (s Communities) FindGrids(ctx context.Context, a *linli.Actor, communityID string, p linli.Page) ([]linli.Grid, string, error) {
	if _, err := authorize(ctx, s.read, a, linli.ActManagePlaces, linli.ObjCommunity, communityID); err != nil {
		return nil, "", err
	}
	return listPage(ctx, s.read, p, `SELECT id, community_id, name FROM grids WHERE community_id = ? AND id > ? ORDER BY id LIMIT ?`,
		func(r *sql.Rows) (g linli.Grid, err error) { return g, r.Scan(&g.ID, &g.CommunityID, &g.Name) },
		func(g linli.Grid) string { return g.ID }, communityID)
}

// CreateBuilding adds a building to a grid.
func (s Communities) CreateBuilding(ctx context.Context, a *linli.Actor, gridID string, in linli.Input[linli.Named]) (*linli.Building, error) {
	var b *linli.Building
	err := s.inTx(ctx, func(tx *Tx) error {
		grid, err := authorize(ctx, tx, a, linli.ActManagePlaces, linli.ObjGrid, gridID)
		if err != nil {
			return err
		}
		n, err := in()
		if err != nil {
			return err
		}
		name, err := linli.ValidateName("name", n.Name)
		if err != nil {
			return err
		}
		c := grid.CommunityID
		b = &linli.Building{ID: newID(), GridID: gridID, CommunityID: c, Name: name}
		if _, err := tx.ExecContext(ctx, `INSERT INTO buildings (id, grid_id, community_id, name, created_at) VALUES (?, ?, ?, ?, ?)`, b.ID, gridID, c, b.Name, fmtTime(tx.Now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, c, "building.create", "building", b.ID, b)
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// FindBuildings lists a grid's buildings.
func (s Communities) FindBuildings(ctx context.Context, a *linli.Actor, gridID string, p linli.Page) ([]linli.Building, string, error) {
	if _, err := authorize(ctx, s.read, a, linli.ActManagePlaces, linli.ObjGrid, gridID); err != nil {
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
func (s Communities) CreateHousehold(ctx context.Context, a *linli.Actor, buildingID string, in linli.Input[linli.HouseholdChange]) (*linli.Household, error) {
	var h *linli.Household
	err := s.inTx(ctx, func(tx *Tx) error {
		building, err := authorize(ctx, tx, a, linli.ActManagePlaces, linli.ObjBuilding, buildingID)
		if err != nil {
			return err
		}
		ch, err := in()
		if err != nil {
			return err
		}
		c := building.CommunityID
		h = &linli.Household{ID: newID(), BuildingID: buildingID, CommunityID: c}
		if err := ch.Apply(h); err != nil {
			return err
		}
		needs, _ := json.Marshal(h.Needs)
		if _, err := tx.ExecContext(ctx, `INSERT INTO households (`+householdColumns+`, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			h.ID, h.BuildingID, c, h.Label, h.ContactName, h.ContactPhone, string(needs), h.VisitEveryDays, fmtTime(tx.Now), fmtTime(tx.Now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, c, "household.create", "household", h.ID, nil)
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// FindHouseholds lists a building's households.
func (s Communities) FindHouseholds(ctx context.Context, a *linli.Actor, buildingID string, p linli.Page) ([]linli.Household, string, error) {
	if _, err := authorize(ctx, s.read, a, linli.ActManagePlaces, linli.ObjBuilding, buildingID); err != nil {
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
	h, err := findHousehold(ctx, s.read, a, id)
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

// findHousehold returns one household to its community's coordinators, read through q.
func findHousehold(ctx context.Context, q querier, a *linli.Actor, id string) (*linli.Household, error) {
	if _, err := authorize(ctx, q, a, linli.ActManagePlaces, linli.ObjHousehold, id); err != nil {
		return nil, err
	}
	h, err := scanHousehold(q.QueryRowContext(ctx, `SELECT `+householdColumns+` FROM households WHERE id = ?`, id))
	if err != nil {
		return nil, translate(err)
	}
	return &h, nil
}

// UpdateHousehold changes a household.
func (s Communities) UpdateHousehold(ctx context.Context, a *linli.Actor, id string, in linli.Input[linli.HouseholdChange]) (*linli.Household, error) {
	var h *linli.Household
	err := s.inTx(ctx, func(tx *Tx) (err error) {
		if h, err = findHousehold(ctx, tx, a, id); err != nil {
			return err
		}
		ch, err := in()
		if err != nil {
			return err
		}
		if err := ch.Apply(h); err != nil {
			return err
		}
		needs, _ := json.Marshal(h.Needs)
		if _, err := tx.ExecContext(ctx, `UPDATE households SET label = ?, contact_name = ?, contact_phone = ?, needs = ?, visit_every_days = ?, updated_at = ? WHERE id = ?`,
			h.Label, h.ContactName, h.ContactPhone, string(needs), h.VisitEveryDays, fmtTime(tx.Now), h.ID); err != nil {
			return err
		}
		return tx.audit(ctx, a, h.CommunityID, "household.update", "household", h.ID, nil)
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// CreateVenue adds a venue to a community.
func (s Communities) CreateVenue(ctx context.Context, a *linli.Actor, communityID string, in linli.Input[linli.Venue]) (*linli.Venue, error) {
	var v linli.Venue
	err := s.inTx(ctx, func(tx *Tx) (err error) {
		if _, err := authorize(ctx, tx, a, linli.ActManagePlaces, linli.ObjCommunity, communityID); err != nil {
			return err
		}
		if v, err = in(); err != nil {
			return err
		}
		if err := v.Validate(); err != nil {
			return err
		}
		v.ID, v.CommunityID = newID(), communityID
		if _, err := tx.ExecContext(ctx, `INSERT INTO venues (id, community_id, name, capacity, address, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			v.ID, v.CommunityID, v.Name, v.Capacity, v.Address, fmtTime(tx.Now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, communityID, "venue.create", "venue", v.ID, v)
	})
	if err != nil {
		return nil, err
	}
	return &v, nil
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
