package storage

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/linli/linli/internal/linli"
)

// Imports is the storage of spreadsheet imports of households and members.
type Imports struct{ *DB }

var _ linli.ImportService = Imports{}

// importPlan is what a valid import writes: the rows' outcome and the statements behind them.
type importPlan struct {
	result *linli.ImportResult
	write  func(ctx context.Context, tx *Tx) error // nil when nothing changes
}

// Import checks the caller's permission (households: the community's places; members: its
// members), reads the table, and answers every row's outcome. A dry run writes nothing; a real
// run writes every row in one transaction, or nothing when any row has an error (import_invalid).
// A file already imported changes nothing and leaves no audit entry.
func (s Imports) Import(ctx context.Context, a *linli.Actor, communityID string, req linli.ImportRequest, in linli.Input[linli.ImportTable]) (*linli.ImportResult, error) {
	// The file is read once, after the permission check and outside the transaction that writes
	// (a workbook of thousands of rows takes a while to unpack); the transaction checks again.
	if _, err := authorizeImport(ctx, s.read, a, communityID, req.Kind, req.Locale); err != nil {
		return nil, translate(err)
	}
	table, err := in()
	if err != nil {
		return nil, err
	}
	plan := func(ctx context.Context, q querier) (*importPlan, error) {
		community, err := authorizeImport(ctx, q, a, communityID, req.Kind, req.Locale)
		if err != nil {
			return nil, err
		}
		if req.Kind == linli.ImportMembers {
			return planMembers(ctx, q, a, community, table, req.Locale)
		}
		return planHouseholds(ctx, q, communityID, table, req.Locale)
	}
	if req.DryRun {
		p, err := plan(ctx, s.read)
		if err != nil {
			return nil, translate(err)
		}
		p.result.Summary.DryRun = true
		return p.result, nil
	}
	var result *linli.ImportResult
	err = s.inTx(ctx, func(tx *Tx) error {
		p, err := plan(ctx, tx)
		if err != nil {
			return err
		}
		result = p.result
		if !result.Valid() {
			return &linli.ImportInvalid{Result: result, Err: &linli.Error{Code: linli.EImportInvalid,
				Message: linli.ImportText(req.Locale, "invalid_rows", result.Summary.Invalid)}}
		}
		if p.write == nil {
			return nil
		}
		result.Summary.Written = true
		if err := p.write(ctx, tx); err != nil {
			return err
		}
		sum := result.Summary
		return tx.audit(ctx, a, communityID, "import."+req.Kind, "community", communityID, map[string]int{
			"create": sum.Create, "update": sum.Update, "unchanged": sum.Unchanged, "grids": len(sum.NewGrids), "buildings": len(sum.NewBuildings)})
	})
	if err != nil {
		return nil, err
	}
	return result, nil
}

// MayImport answers whether a may import files of the kind into the community.
func (s Imports) MayImport(ctx context.Context, a *linli.Actor, communityID, kind, locale string) error {
	_, err := authorizeImport(ctx, s.read, a, communityID, kind, locale)
	return translate(err)
}

// authorizeImport checks that a may import the kind: households as the community's places,
// members as its members. An unknown kind is 404 to whoever may import.
func authorizeImport(ctx context.Context, q querier, a *linli.Actor, communityID, kind, locale string) (linli.Object, error) {
	act := linli.ActManagePlaces
	if kind == linli.ImportMembers {
		act = linli.ActManageMembers
	}
	community, err := authorize(ctx, q, a, act, linli.ObjCommunity, communityID)
	if err != nil {
		return community, err
	}
	if kind != linli.ImportHouseholds && kind != linli.ImportMembers {
		return community, &linli.Error{Code: linli.ENotFound, Field: "kind", Message: linli.ImportText(locale, "unknown_kind")}
	}
	return community, nil
}

// tableRows calls fn with each data row of the table and its line, after the header.
func tableRows(t linli.ImportTable, fn func(line int, cells []string)) {
	for i := 1; i < len(t.Rows); i++ {
		line := i + 1
		if i < len(t.Line) {
			line = t.Line[i]
		}
		fn(line, t.Rows[i])
	}
}

// checkTable refuses a table without a header or without rows.
func checkTable(t linli.ImportTable, kind, locale string) error {
	if len(t.Rows) == 0 {
		var headers []string
		for _, c := range linli.ImportColumns[kind] {
			headers = append(headers, c.Header)
		}
		return linli.Invalid("file", "%s", linli.ImportText(locale, "no_header", joinWords(headers, locale)))
	}
	if len(t.Rows) == 1 {
		return linli.Invalid("file", "%s", linli.ImportText(locale, "no_rows"))
	}
	if len(t.Rows)-1 > linli.MaxImportRows {
		return linli.Errorf(linli.ETooLarge, "%s", linli.ImportText(locale, "too_many_rows", linli.MaxImportRows))
	}
	return nil
}

func joinWords(words []string, locale string) string {
	if locale == linli.LocaleEN {
		return strings.Join(words, ", ")
	}
	return strings.Join(words, "、")
}

// planHouseholds matches each row to a stored household by grid, building and door (names as
// written, trimmed); a grid or building not yet stored is created once, for every row naming it.
func planHouseholds(ctx context.Context, q querier, communityID string, t linli.ImportTable, locale string) (*importPlan, error) {
	if err := checkTable(t, linli.ImportHouseholds, locale); err != nil {
		return nil, err
	}
	h, err := linli.ReadImportHeader(linli.ImportHouseholds, t.Rows[0], locale)
	if err != nil {
		return nil, err
	}
	grids, buildings, stored, err := loadPlaces(ctx, q, communityID)
	if err != nil {
		return nil, err
	}
	res := &linli.ImportResult{Kind: linli.ImportHouseholds, Rows: []linli.ImportRow{}}
	var newGrids []linli.Grid
	var newBuildings []linli.Building
	var creates, updates []linli.Household
	var keys []string
	fresh := map[string]bool{} // the ids of the grids and buildings this import creates
	tableRows(t, func(line int, cells []string) {
		r, issues := linli.ParseHouseholdRow(h, cells, locale)
		row := linli.ImportRow{Row: line, Action: linli.ActionCreate, Errors: issues, Grid: r.Grid, Building: r.Building, Label: r.Label}
		if row.Errors == nil {
			row.Errors = []linli.ImportIssue{}
		}
		key := ""
		if r.Grid != "" && r.Building != "" && r.Label != "" {
			key = r.Key()
			gid, ok := grids[r.Grid]
			if !ok {
				gid = newID()
				grids[r.Grid] = gid
				fresh[gid] = true
				newGrids = append(newGrids, linli.Grid{ID: gid, CommunityID: communityID, Name: r.Grid})
				res.Summary.NewGrids = append(res.Summary.NewGrids, r.Grid)
			}
			row.NewGrid = fresh[gid]
			bkey := gid + "\x00" + r.Building
			bid, ok := buildings[bkey]
			if !ok {
				bid = newID()
				buildings[bkey] = bid
				fresh[bid] = true
				newBuildings = append(newBuildings, linli.Building{ID: bid, GridID: gid, CommunityID: communityID, Name: r.Building})
				res.Summary.NewBuildings = append(res.Summary.NewBuildings, r.Grid+" / "+r.Building)
			}
			row.NewBuilding = fresh[bid]
			old := stored[bid+"\x00"+r.Label]
			action, hh := linli.HouseholdAction(old, r)
			row.Action = action
			hh.BuildingID, hh.CommunityID = bid, communityID
			if len(issues) == 0 {
				switch action {
				case linli.ActionCreate:
					hh.ID = newID()
					creates = append(creates, hh)
				case linli.ActionUpdate:
					updates = append(updates, hh)
				}
			}
		}
		keys = append(keys, key)
		res.Rows = append(res.Rows, row)
	})
	linli.FlagDuplicates(res.Rows, keys, h.Column("label"), locale)
	res.Tally()
	p := &importPlan{result: res}
	if len(newGrids)+len(newBuildings)+len(creates)+len(updates) > 0 {
		p.write = func(ctx context.Context, tx *Tx) error {
			return writeHouseholds(ctx, tx, newGrids, newBuildings, creates, updates)
		}
	}
	return p, nil
}

// loadPlaces reads a community's grids by name, buildings by grid and name, and households by
// building and label; of two with the same name, the first created is matched. Buildings and
// households are reached from the grids, along the indexes that lead from a community down
// (grids_community, buildings_grid, households_building), never by a scan of all households.
func loadPlaces(ctx context.Context, q querier, communityID string) (map[string]string, map[string]string, map[string]*linli.Household, error) {
	grids, buildings, stored := map[string]string{}, map[string]string{}, map[string]*linli.Household{}
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM grids WHERE community_id = ? ORDER BY created_at DESC, id DESC`, communityID)
	if err != nil {
		return nil, nil, nil, err
	}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return nil, nil, nil, err
		}
		grids[name] = id
	}
	rows.Close()
	if rows, err = q.QueryContext(ctx, `SELECT b.id, b.grid_id, b.name FROM grids g JOIN buildings b ON b.grid_id = g.id
		WHERE g.community_id = ? ORDER BY b.created_at DESC, b.id DESC`, communityID); err != nil {
		return nil, nil, nil, err
	}
	for rows.Next() {
		var id, grid, name string
		if err := rows.Scan(&id, &grid, &name); err != nil {
			rows.Close()
			return nil, nil, nil, err
		}
		buildings[grid+"\x00"+name] = id
	}
	rows.Close()
	if rows, err = q.QueryContext(ctx, `SELECT h.id, h.building_id, h.community_id, h.label, h.contact_name, h.contact_phone, h.needs, h.visit_every_days
		FROM grids g JOIN buildings b ON b.grid_id = g.id JOIN households h ON h.building_id = b.id
		WHERE g.community_id = ? ORDER BY h.created_at DESC, h.id DESC`, communityID); err != nil {
		return nil, nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		h, err := scanHousehold(rows)
		if err != nil {
			return nil, nil, nil, err
		}
		stored[h.BuildingID+"\x00"+h.Label] = &h
	}
	return grids, buildings, stored, rows.Err()
}

// writeHouseholds writes a valid households import: new places and households in statements of
// many rows each (one round trip per importChunk rows, which is what a ledger of thousands needs
// on PostgreSQL), changed households one by one.
func writeHouseholds(ctx context.Context, tx *Tx, grids []linli.Grid, buildings []linli.Building, creates, updates []linli.Household) error {
	now := fmtTime(tx.Now)
	var rows [][]any
	for _, g := range grids {
		rows = append(rows, []any{g.ID, g.CommunityID, g.Name, now})
	}
	if err := insertRows(ctx, tx, `INSERT INTO grids (id, community_id, name, created_at) VALUES `, rows); err != nil {
		return err
	}
	rows = rows[:0]
	for _, b := range buildings {
		rows = append(rows, []any{b.ID, b.GridID, b.CommunityID, b.Name, now})
	}
	if err := insertRows(ctx, tx, `INSERT INTO buildings (id, grid_id, community_id, name, created_at) VALUES `, rows); err != nil {
		return err
	}
	rows = rows[:0]
	for _, h := range creates {
		needs, _ := json.Marshal(h.Needs)
		rows = append(rows, []any{h.ID, h.BuildingID, h.CommunityID, h.Label, h.ContactName, h.ContactPhone, string(needs), h.VisitEveryDays, now, now})
	}
	if err := insertRows(ctx, tx, `INSERT INTO households (`+householdColumns+`, created_at, updated_at) VALUES `, rows); err != nil {
		return err
	}
	for _, h := range updates {
		needs, _ := json.Marshal(h.Needs)
		if _, err := tx.ExecContext(ctx, `UPDATE households SET contact_name = ?, contact_phone = ?, needs = ?, visit_every_days = ?, updated_at = ? WHERE id = ?`,
			h.ContactName, h.ContactPhone, string(needs), h.VisitEveryDays, now, h.ID); err != nil {
			return err
		}
	}
	return nil
}

// importChunk is how many rows one INSERT of an import writes: 200 households are 2,000
// parameters, well under SQLite's 32,766 and PostgreSQL's 65,535.
const importChunk = 200

// insertRows runs head (an INSERT … VALUES) with rows, importChunk rows to a statement.
func insertRows(ctx context.Context, tx *Tx, head string, rows [][]any) error {
	for len(rows) > 0 {
		part := rows[:min(importChunk, len(rows))]
		rows = rows[len(part):]
		one := "(" + strings.Repeat("?, ", len(part[0])-1) + "?)"
		values := make([]string, len(part))
		var args []any
		for i, r := range part {
			values[i] = one
			args = append(args, r...)
		}
		if _, err := tx.ExecContext(ctx, head+strings.Join(values, ", "), args...); err != nil {
			return err
		}
	}
	return nil
}
