package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/linli/linli/internal/calendar"
	"github.com/linli/linli/internal/linli"
)

// Planning implements linli.PlanningService: day calendars, programs and sessions.
type Planning struct{ *DB }

var _ linli.PlanningService = Planning{}

// querier is what reads need: the read pool, or a write transaction that must see its own writes.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// loadCalendar builds the day calendar id on top of its bases. The built-in "cn" is lunar-go's
// official data, less any year imported into "cn" since, with what is stored for "cn" on top.
func loadCalendar(ctx context.Context, q querier, id string) (*calendar.Calendar, error) {
	rows, err := q.QueryContext(ctx, `WITH RECURSIVE chain(id, base_id, depth) AS (
			SELECT id, base_id, 0 FROM calendars WHERE id = ?
			UNION ALL SELECT c.id, c.base_id, chain.depth + 1 FROM calendars c JOIN chain ON c.id = chain.base_id WHERE chain.depth < ?)
		SELECT id FROM chain ORDER BY depth DESC`, id, linli.MaxCalendarDepth)
	if err != nil {
		return nil, err
	}
	chain, err := scanStrings(rows)
	if err != nil {
		return nil, err
	}
	if len(chain) == 0 {
		return nil, linli.NotFound("calendar")
	}
	var cal *calendar.Calendar
	for _, cid := range chain {
		entries, years, err := storedDays(ctx, q, cid)
		if err != nil {
			return nil, err
		}
		if cid == calendar.BuiltinID {
			cal = calendar.BuiltinWithout(years)
		}
		cal = calendar.New(cal, entries, years)
	}
	return cal, nil
}

// storedDays returns the marks and imported years stored for one calendar.
func storedDays(ctx context.Context, q querier, id string) ([]calendar.Entry, []int, error) {
	rows, err := q.QueryContext(ctx, `SELECT date, kind, note, COALESCE(follows_weekday, 0) FROM calendar_days
		WHERE calendar_id = ? ORDER BY date, is_break`, id)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var entries []calendar.Entry
	for rows.Next() {
		var date, kind, note string
		var follows int
		if err := rows.Scan(&date, &kind, &note, &follows); err != nil {
			return nil, nil, err
		}
		d, err := linli.ParseDate(date)
		if err != nil {
			return nil, nil, err
		}
		entries = append(entries, calendar.Entry{Date: d, Kind: calendar.Kind(kind), FollowsWeekday: follows, Note: note})
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	yrows, err := q.QueryContext(ctx, `SELECT year FROM calendar_years WHERE calendar_id = ? ORDER BY year`, id)
	if err != nil {
		return nil, nil, err
	}
	defer yrows.Close()
	var years []int
	for yrows.Next() {
		var y int
		if err := yrows.Scan(&y); err != nil {
			return nil, nil, err
		}
		years = append(years, y)
	}
	return entries, years, yrows.Err()
}

func scanStrings(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

const calendarColumns = `id, name, base_id, created_at, updated_at`

// findCalendar reads one calendar with the years it covers.
func findCalendar(ctx context.Context, q querier, id string) (*linli.DayCalendar, error) {
	var c linli.DayCalendar
	var base sql.NullString
	var created, updated instant
	err := q.QueryRowContext(ctx, `SELECT `+calendarColumns+` FROM calendars WHERE id = ?`, id).Scan(&c.ID, &c.Name, &base, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, linli.NotFound("calendar")
	}
	if err != nil {
		return nil, translate(err)
	}
	if base.Valid {
		c.BaseID = &base.String
	}
	c.CreatedAt, c.UpdatedAt = created.Time, updated.Time
	cal, err := loadCalendar(ctx, q, id)
	if err != nil {
		return nil, err
	}
	c.YearsCovered = cal.YearsCovered()
	if c.YearsCovered == nil {
		c.YearsCovered = []int{}
	}
	imported, err := importTimes(ctx, q, id)
	if err != nil {
		return nil, err
	}
	c.Years = []linli.CalendarYear{}
	for _, y := range cal.Years() {
		cy := linli.CalendarYear{Year: y.Year, Source: y.Source}
		if at, ok := imported[y.Year]; ok && y.Source == calendar.SourceImported {
			cy.ImportedAt = &at
		}
		c.Years = append(c.Years, cy)
	}
	return &c, nil
}

// importTimes returns when each year was last imported into the calendar id or one of its bases
// (the nearest layer's import wins, as its days do).
func importTimes(ctx context.Context, q querier, id string) (map[int]time.Time, error) {
	rows, err := q.QueryContext(ctx, `WITH RECURSIVE chain(id, base_id, depth) AS (
			SELECT id, base_id, 0 FROM calendars WHERE id = ?
			UNION ALL SELECT c.id, c.base_id, chain.depth + 1 FROM calendars c JOIN chain ON c.id = chain.base_id WHERE chain.depth < ?)
		SELECT y.year, y.imported_at FROM calendar_years y JOIN chain ON chain.id = y.calendar_id ORDER BY chain.depth DESC`, id, linli.MaxCalendarDepth)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]time.Time{}
	for rows.Next() {
		var y int
		var at string
		if err := rows.Scan(&y, &at); err != nil {
			return nil, err
		}
		out[y] = parseTime(at)
	}
	return out, rows.Err()
}

// FindCalendars lists the day calendars; everyone may read them.
func (s Planning) FindCalendars(ctx context.Context, p linli.Page) ([]linli.DayCalendar, string, error) {
	items, next, err := listPage(ctx, s.read, p, `SELECT id FROM calendars WHERE id > ? ORDER BY id LIMIT ?`,
		func(r *sql.Rows) (c linli.DayCalendar, err error) { return c, r.Scan(&c.ID) },
		func(c linli.DayCalendar) string { return c.ID })
	if err != nil {
		return nil, "", err
	}
	for i := range items {
		c, err := findCalendar(ctx, s.read, items[i].ID)
		if err != nil {
			return nil, "", err
		}
		items[i] = *c
	}
	return items, next, nil
}

// FindCalendar returns one day calendar.
func (s Planning) FindCalendar(ctx context.Context, id string) (*linli.DayCalendar, error) {
	return findCalendar(ctx, s.read, id)
}

// CreateCalendar makes a city or school-district calendar on a base ("cn" by default).
func (s Planning) CreateCalendar(ctx context.Context, a *linli.Actor, body linli.Input[linli.NewCalendar]) (*linli.DayCalendar, error) {
	if err := a.RequireAdmin(); err != nil {
		return nil, err
	}
	in, err := body()
	if err != nil {
		return nil, err
	}
	name, err := linli.ValidateName("name", in.Name)
	if err != nil {
		return nil, err
	}
	if in.BaseID == "" {
		in.BaseID = calendar.BuiltinID
	}
	var out *linli.DayCalendar
	err = s.inTx(ctx, func(tx *Tx) error {
		var depth int
		err := tx.QueryRowContext(ctx, `WITH RECURSIVE chain(id, base_id) AS (
				SELECT id, base_id FROM calendars WHERE id = ?
				UNION ALL SELECT c.id, c.base_id FROM calendars c JOIN chain ON c.id = chain.base_id)
			SELECT COUNT(*) FROM chain`, in.BaseID).Scan(&depth)
		if err != nil {
			return err
		}
		if err := linli.CheckCalendarBase(in.BaseID, depth); err != nil {
			return err
		}
		id := newID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO calendars (`+calendarColumns+`) VALUES (?, ?, ?, ?, ?)`,
			id, name, in.BaseID, fmtTime(tx.Now), fmtTime(tx.Now)); err != nil {
			return err
		}
		if out, err = findCalendar(ctx, tx, id); err != nil {
			return err
		}
		return tx.audit(ctx, a, "", "calendar.create", "calendar", id, out)
	})
	return out, err
}

// MarkDays adds or replaces marks of a calendar and re-plans the programs that follow it.
func (s Planning) MarkDays(ctx context.Context, a *linli.Actor, id string, body linli.Input[linli.DaysChange]) (*linli.CalendarChange, error) {
	if err := s.requireCalendarAdmin(ctx, a, id); err != nil {
		return nil, err
	}
	ch, err := body()
	if err != nil {
		return nil, err
	}
	days := make([]calendar.Entry, len(ch.Days))
	for i, d := range ch.Days {
		days[i] = calendar.Entry{Date: d.Date, Kind: calendar.Kind(d.Kind), FollowsWeekday: d.FollowsWeekday, Note: d.Note}
	}
	ranges := make([]calendar.Range, len(ch.Ranges))
	for i, r := range ch.Ranges {
		ranges[i] = calendar.Range{From: r.From, To: r.To, Kind: calendar.Kind(r.Kind), Note: r.Note}
	}
	entries, err := calendar.Expand(days, ranges)
	if err != nil {
		return nil, err
	}
	if err := linli.CheckDaysToMark(len(entries)); err != nil {
		return nil, err
	}
	return s.changeDays(ctx, a, id, "calendar.mark_days", map[string]int{"dates": len(entries)}, func(tx *Tx) error {
		return upsertDays(ctx, tx, id, entries)
	})
}

// ImportHolidayCN reads a holiday-cn year file into a calendar.
func (s Planning) ImportHolidayCN(ctx context.Context, a *linli.Actor, id string, body linli.Input[[]byte]) (*linli.CalendarChange, error) {
	if err := s.requireCalendarAdmin(ctx, a, id); err != nil {
		return nil, err
	}
	file, err := body()
	if err != nil {
		return nil, err
	}
	year, entries, err := calendar.ParseHolidayCN(file)
	if err != nil {
		return nil, err
	}
	return s.changeDays(ctx, a, id, "calendar.import", map[string]int{"year": year, "dates": len(entries)}, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM calendar_days WHERE calendar_id = ? AND is_break = 0 AND date >= ? AND date <= ?`,
			id, fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_years (calendar_id, year, imported_at) VALUES (?, ?, ?)
			ON CONFLICT (calendar_id, year) DO UPDATE SET imported_at = excluded.imported_at`, id, year, fmtTime(tx.Now)); err != nil {
			return err
		}
		return upsertDays(ctx, tx, id, entries)
	})
}

// requireCalendarAdmin answers 401, 403, then 404 for an unknown calendar.
func (s Planning) requireCalendarAdmin(ctx context.Context, a *linli.Actor, id string) error {
	if err := a.RequireAdmin(); err != nil {
		return err
	}
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM calendars WHERE id = ?`, id).Scan(&n); err != nil {
		return translate(err)
	}
	if n == 0 {
		return linli.NotFound("calendar")
	}
	return nil
}

// changeDays runs write in a transaction, then re-plans the programs following the calendar and
// writes the audit entry, all in that transaction.
func (s Planning) changeDays(ctx context.Context, a *linli.Actor, id, action string, detail map[string]int, write func(tx *Tx) error) (*linli.CalendarChange, error) {
	out := &linli.CalendarChange{}
	err := s.inTx(ctx, func(tx *Tx) error {
		if err := write(tx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE calendars SET updated_at = ? WHERE id = ?`, fmtTime(tx.Now), id); err != nil {
			return err
		}
		var err error
		if out.Replanned, err = replanCalendar(ctx, tx, a, id); err != nil {
			return err
		}
		if out.Calendar, err = findCalendar(ctx, tx, id); err != nil {
			return err
		}
		return tx.audit(ctx, a, "", action, "calendar", id, map[string]any{"change": detail, "replanned": out.Replanned})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// upsertDays stores entries, each replacing the mark of the same sort on its date.
func upsertDays(ctx context.Context, tx *Tx, id string, entries []calendar.Entry) error {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO calendar_days (calendar_id, date, is_break, kind, note, follows_weekday) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (calendar_id, date, is_break) DO UPDATE SET kind = excluded.kind, note = excluded.note, follows_weekday = excluded.follows_weekday`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, e := range entries {
		var follows any
		if e.FollowsWeekday != 0 {
			follows = e.FollowsWeekday
		}
		if _, err := stmt.ExecContext(ctx, id, e.Date.String(), e.Kind == calendar.KindSchoolBreak, string(e.Kind), e.Note, follows); err != nil {
			return err
		}
	}
	return nil
}

// FindDays tells what the calendar says about each date from from to to inclusive. Without from
// it starts today in China; without to it runs 31 days.
func (s Planning) FindDays(ctx context.Context, id string, from, to linli.Date) ([]linli.CalendarDay, error) {
	cal, err := loadCalendar(ctx, s.read, id)
	if err != nil {
		return nil, err
	}
	from, to, err = linli.CalendarSpan(from, to, linli.DateOf(s.Now(), location(linli.DefaultTimezone)))
	if err != nil {
		return nil, err
	}
	out := make([]linli.CalendarDay, 0, from.DaysUntil(to)+1)
	for d := from; !d.After(to); d = d.AddDays(1) {
		out = append(out, linli.CalendarDay(cal.Day(d)))
	}
	return out, nil
}
