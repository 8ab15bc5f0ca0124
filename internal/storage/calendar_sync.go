package storage

import (
	"context"
	"maps"
	"slices"

	"github.com/linli/linli/internal/calendar"
	"github.com/linli/linli/internal/linli"
)

// yearState is what the server planned one year of the built-in calendar on.
type yearState struct{ source, fingerprint string }

// builtinYearStates returns, for each year the built-in calendar lists (official, and provisional
// up to the last official year + 2), its source and fingerprint in the library at hand.
func builtinYearStates() map[int]yearState {
	prints := calendar.OfficialFingerprints()
	out := map[int]yearState{}
	for _, y := range calendar.Builtin().Years() {
		st := yearState{source: y.Source, fingerprint: calendar.SourceProvisional}
		if f, ok := prints[y.Year]; ok {
			st.fingerprint = f
		}
		out[y.Year] = st
	}
	return out
}

// SyncOfficialYears compares the years of the built-in calendar "cn" with what the server last
// planned them on, as stored in calendar_sources. When a newer lunar-go release announced a year
// (provisional → official) or corrected one, it re-plans the future sessions of every program
// following "cn" or a calendar layered on it, which tells the families and staff whose sessions
// moved or went, and records the new state, all in one transaction. The first start records the
// state and re-plans too (programs planned on older data catch up). It returns the years that
// changed, in order, and what the re-plan did. The server runs it at start-up.
func (s Planning) SyncOfficialYears(ctx context.Context) ([]int, linli.ReplanSummary, error) {
	now := builtinYearStates()
	var changed []int
	var sum linli.ReplanSummary
	err := s.inTx(ctx, func(tx *Tx) error {
		changed, sum = nil, linli.ReplanSummary{Clashes: []string{}}
		rows, err := tx.QueryContext(ctx, `SELECT year, source, fingerprint FROM calendar_sources`)
		if err != nil {
			return err
		}
		stored := map[int]yearState{}
		for rows.Next() {
			var y int
			var st yearState
			if err := rows.Scan(&y, &st.source, &st.fingerprint); err != nil {
				rows.Close()
				return err
			}
			stored[y] = st
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, y := range slices.Sorted(maps.Keys(now)) {
			if old, ok := stored[y]; !ok && len(stored) > 0 && now[y].source == calendar.SourceOfficial || ok && old != now[y] {
				changed = append(changed, y)
			}
		}
		for y, old := range stored {
			if _, ok := now[y]; !ok && old.source == calendar.SourceOfficial {
				changed = append(changed, y)
			}
		}
		slices.Sort(changed)
		if len(stored) > 0 && len(changed) == 0 {
			return nil
		}
		if sum, err = replanCalendar(ctx, tx, nil, calendar.BuiltinID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM calendar_sources`); err != nil {
			return err
		}
		for y, st := range now {
			if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_sources (year, source, fingerprint, seen_at) VALUES (?, ?, ?, ?)`,
				y, st.source, st.fingerprint, fmtTime(tx.Now)); err != nil {
				return err
			}
		}
		return tx.audit(ctx, nil, "", "calendar.library", "calendar", calendar.BuiltinID, map[string]any{"years": changed, "replanned": sum})
	})
	return changed, sum, err
}
