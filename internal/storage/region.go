package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/linli/linli/internal/linli"
)

// Regions keeps the streets, districts and cities above communities, their viewers, and the
// reports over a region (region_report.go, visits_report.go).
type Regions struct{ *DB }

// regionsAbove is a recursive query of the ids of the region ? and every region above it.
const regionsAbove = `WITH RECURSIVE up(id) AS (SELECT id FROM regions WHERE id = ? AND id = ?
	UNION SELECT r.parent_id FROM regions r JOIN up ON r.id = up.id WHERE r.parent_id IS NOT NULL)`

// regionsBelow is a recursive query of the ids of the region ? and every region below it.
const regionsBelow = `WITH RECURSIVE below(id) AS (SELECT id FROM regions WHERE id = ?
	UNION SELECT r.id FROM regions r JOIN below b ON r.parent_id = b.id)`

// CreateRegion makes a region; administrators only.
func (s Regions) CreateRegion(ctx context.Context, a *linli.Actor, in linli.Input[linli.RegionChange]) (*linli.Region, error) {
	if err := a.RequireAdmin(); err != nil {
		return nil, err
	}
	ch, err := in()
	if err != nil {
		return nil, err
	}
	r := &linli.Region{ID: newID()}
	if err := ch.Apply(r); err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx *Tx) error {
		if err := checkRegionPlace(ctx, tx, r); err != nil {
			return err
		}
		r.CreatedAt = tx.Now
		_, err := tx.ExecContext(ctx, `INSERT INTO regions (id, name, level, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			r.ID, r.Name, r.Level, nullString(r.ParentID), fmtTime(tx.Now), fmtTime(tx.Now))
		if err != nil {
			return err
		}
		return tx.audit(ctx, a, "", "region.create", "region", r.ID, ch)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// checkRegionPlace reads r's parent and the levels of the regions right below r and asks
// linli.CheckRegionParent whether r fits between them.
func checkRegionPlace(ctx context.Context, tx *Tx, r *linli.Region) error {
	var parentLevel string
	found := false
	if r.ParentID != "" && validID(r.ParentID) {
		err := tx.QueryRowContext(ctx, `SELECT level FROM regions WHERE id = ?`, r.ParentID).Scan(&parentLevel)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		found = err == nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT level FROM regions WHERE parent_id = ? ORDER BY level`, r.ID)
	if err != nil {
		return err
	}
	children, err := scanStrings(rows)
	if err != nil {
		return err
	}
	return linli.CheckRegionParent(r.Level, r.ParentID, found, parentLevel, children)
}

const regionColumns = `id, name, level, COALESCE(parent_id, ''), created_at`

func scanRegion(row interface{ Scan(...any) error }) (linli.Region, error) {
	var r linli.Region
	var created instant
	err := row.Scan(&r.ID, &r.Name, &r.Level, &r.ParentID, &created)
	r.CreatedAt = created.Time
	return r, err
}

// FindRegions lists regions by id: every region to an administrator, the regions one views to
// anyone else (none to most).
func (s Regions) FindRegions(ctx context.Context, a *linli.Actor, p linli.Page) ([]linli.Region, string, error) {
	if err := a.RequireUser(); err != nil {
		return nil, "", err
	}
	where, args := `1 = 1`, []any{}
	if !a.IsAdmin() {
		where, args = `id IN (SELECT region_id FROM region_viewers WHERE user_id = ?)`, []any{a.UserID()}
	}
	return listPage(ctx, s.read, p, `SELECT `+regionColumns+` FROM regions WHERE `+where+` AND id > ? ORDER BY id LIMIT ?`,
		func(r *sql.Rows) (linli.Region, error) { return scanRegion(r) },
		func(r linli.Region) string { return r.ID }, args...)
}

// FindRegion answers one region with the regions right below it and every community below it:
// to administrators and to the viewers of the region or of one above it (404 to anyone else).
// Only administrators see its viewers.
func (s Regions) FindRegion(ctx context.Context, a *linli.Actor, id string) (*linli.Region, error) {
	if _, err := authorize(ctx, s.read, a, linli.ActReadRegion, linli.ObjRegion, id); err != nil {
		return nil, err
	}
	return findRegion(ctx, s.read, id, a.IsAdmin())
}

func findRegion(ctx context.Context, q querier, id string, withViewers bool) (*linli.Region, error) {
	r, err := scanRegion(q.QueryRowContext(ctx, `SELECT `+regionColumns+` FROM regions WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, linli.NotFound("region")
	}
	if err != nil {
		return nil, translate(err)
	}
	if r.Communities, err = communitiesBelow(ctx, q, id); err != nil {
		return nil, translate(err)
	}
	err = forRows(ctx, q, `SELECT id, name, level FROM regions WHERE parent_id = ? ORDER BY name, id`, []any{id}, func(rows *sql.Rows) error {
		var c linli.RegionRef
		err := rows.Scan(&c.ID, &c.Name, &c.Level)
		r.Children = append(r.Children, c)
		return err
	})
	if err != nil || !withViewers {
		return &r, translate(err)
	}
	err = forRows(ctx, q, `SELECT u.id, u.name FROM region_viewers v JOIN users u ON u.id = v.user_id WHERE v.region_id = ? ORDER BY u.name, u.id`,
		[]any{id}, func(rows *sql.Rows) error {
			var p linli.PersonRef
			err := rows.Scan(&p.ID, &p.Name)
			r.Viewers = append(r.Viewers, p)
			return err
		})
	return &r, translate(err)
}

// communitiesBelow lists the communities in the region id or in any region below it, by name.
func communitiesBelow(ctx context.Context, q querier, id string) ([]linli.CommunityRef, error) {
	out := []linli.CommunityRef{}
	err := forRows(ctx, q, regionsBelow+` SELECT c.id, c.name FROM communities c JOIN below b ON b.id = c.region_id ORDER BY c.name, c.id`,
		[]any{id}, func(rows *sql.Rows) error {
			var c linli.CommunityRef
			err := rows.Scan(&c.ID, &c.Name)
			out = append(out, c)
			return err
		})
	return out, err
}

// UpdateRegion changes a region's name, level or parent; administrators only. The region must
// still fit between its parent and the regions below it.
func (s Regions) UpdateRegion(ctx context.Context, a *linli.Actor, id string, in linli.Input[linli.RegionChange]) (*linli.Region, error) {
	var out *linli.Region
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := authorize(ctx, tx, a, linli.ActAdminister, linli.ObjServer, ""); err != nil {
			return err
		}
		ch, err := in()
		if err != nil {
			return err
		}
		if !validID(id) {
			return linli.NotFound("region")
		}
		r, err := scanRegion(tx.QueryRowContext(ctx, `SELECT `+regionColumns+` FROM regions WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return linli.NotFound("region")
		}
		if err != nil {
			return err
		}
		if err := ch.Apply(&r); err != nil {
			return err
		}
		if err := checkRegionPlace(ctx, tx, &r); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE regions SET name = ?, level = ?, parent_id = ?, updated_at = ? WHERE id = ?`,
			r.Name, r.Level, nullString(r.ParentID), fmtTime(tx.Now), r.ID)
		if err != nil {
			return err
		}
		if err := tx.audit(ctx, a, "", "region.update", "region", r.ID, ch); err != nil {
			return err
		}
		out, err = findRegion(ctx, tx, id, true)
		return err
	})
	return out, err
}

// AddViewer lets a registered user, named by id or login, see the region's reports;
// administrators only. Adding a viewer twice changes nothing.
func (s Regions) AddViewer(ctx context.Context, a *linli.Actor, regionID string, in linli.Input[linli.NewViewer]) (*linli.RegionViewer, error) {
	var out *linli.RegionViewer
	err := s.inTx(ctx, func(tx *Tx) error {
		if err := a.RequireAdmin(); err != nil {
			return err
		}
		v, err := in()
		if err != nil {
			return err
		}
		if err := v.Validate(); err != nil {
			return err
		}
		if err := regionExists(ctx, tx, regionID); err != nil {
			return err
		}
		out = &linli.RegionViewer{RegionID: regionID}
		q, arg, field := `SELECT id, name, login FROM users WHERE id = ?`, v.UserID, "user_id"
		if v.UserID == "" {
			q, arg, field = `SELECT id, name, login FROM users WHERE login = ?`, v.Login, "login"
		}
		err = sql.ErrNoRows
		if field == "login" || validID(arg) {
			err = tx.QueryRowContext(ctx, q, arg).Scan(&out.UserID, &out.Name, &out.Login)
		}
		if errors.Is(err, sql.ErrNoRows) {
			return &linli.Error{Code: linli.ENotFound, Field: field, Message: "no registered user with that " + field}
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO region_viewers (region_id, user_id, created_at) VALUES (?, ?, ?)
			ON CONFLICT (region_id, user_id) DO NOTHING`, regionID, out.UserID, fmtTime(tx.Now))
		if err != nil {
			return err
		}
		var since instant
		if err := tx.QueryRowContext(ctx, `SELECT created_at FROM region_viewers WHERE region_id = ? AND user_id = ?`, regionID, out.UserID).Scan(&since); err != nil {
			return err
		}
		out.Since = since.Time
		return tx.audit(ctx, a, "", "region.viewer.add", "user", out.UserID, map[string]string{"region_id": regionID})
	})
	return out, err
}

// RemoveViewer ends a user's view of a region; administrators only. 404 when they are not
// its viewer.
func (s Regions) RemoveViewer(ctx context.Context, a *linli.Actor, regionID, userID string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		if err := a.RequireAdmin(); err != nil {
			return err
		}
		if err := regionExists(ctx, tx, regionID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM region_viewers WHERE region_id = ? AND user_id = ?`, regionID, userID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmpErr(err, linli.NotFound("viewer"))
		}
		return tx.audit(ctx, a, "", "region.viewer.remove", "user", userID, map[string]string{"region_id": regionID})
	})
}

// cmpErr is err, or else fallback.
func cmpErr(err error, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// regionExists answers 404 unless the region id exists.
func regionExists(ctx context.Context, q querier, id string) error {
	var n int
	if validID(id) {
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions WHERE id = ?`, id).Scan(&n); err != nil {
			return err
		}
	}
	if n == 0 {
		return linli.NotFound("region")
	}
	return nil
}

// placeCommunity puts a community into the region regionID ("" takes it out of any), in the
// transaction that changes the community: administrators only (403 to its coordinators), and
// 404 on region_id for a region that does not exist.
func placeCommunity(ctx context.Context, tx *Tx, a *linli.Actor, c *linli.Community, regionID string) error {
	if !a.IsAdmin() {
		return linli.Errorf(linli.EForbidden, "only an administrator places a community in a region")
	}
	if regionID != "" {
		if err := regionExists(ctx, tx, regionID); err != nil {
			return &linli.Error{Code: linli.ENotFound, Field: "region_id", Message: "no such region"}
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE communities SET region_id = ? WHERE id = ?`, nullString(regionID), c.ID); err != nil {
		return err
	}
	c.RegionID = regionID
	return nil
}
