package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"github.com/linli/linli/internal/calendar"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/schedule"
)

const programColumns = `p.id, p.community_id, p.kind, p.title, p.category, p.description, p.age_min, p.age_max,
	p.capacity, p.waitlist, p.venue_id, p.booking_opens_at, p.cancel_cutoff_minutes, p.lesson_minutes,
	p.max_children_per_staff, p.schedule, p.status, p.created_at, p.updated_at, m.timezone, m.calendar_id`

// programRow is a program with what its community adds: its zone and day calendar.
type programRow struct {
	*linli.Program
	timezone, calendarID string
}

func scanPrograms(rows *sql.Rows) ([]programRow, error) {
	defer rows.Close()
	var out []programRow
	for rows.Next() {
		p, err := scanProgram(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func scanProgram(r interface{ Scan(...any) error }) (programRow, error) {
	p := &linli.Program{}
	row := programRow{Program: p}
	var venue sql.NullString
	var opens nullInstant
	var ageMin, ageMax, lesson, ratio sql.NullInt64
	var sched string
	var created, updated instant
	err := r.Scan(&p.ID, &p.CommunityID, &p.Kind, &p.Title, &p.Category, &p.Description, &ageMin, &ageMax,
		&p.Capacity, &p.Waitlist, &venue, &opens, &p.CancelCutoffMinutes, &lesson,
		&ratio, &sched, &p.Status, &created, &updated, &row.timezone, &row.calendarID)
	if err != nil {
		return row, err
	}
	loc := location(row.timezone)
	p.AgeMin, p.AgeMax, p.LessonMinutes, p.MaxChildrenPerStaff = nullInt(ageMin), nullInt(ageMax), nullInt(lesson), nullInt(ratio)
	if venue.Valid {
		p.VenueID = &venue.String
	}
	if opens.Valid {
		t := opens.Time.In(loc)
		p.BookingOpensAt = &t
	}
	p.CreatedAt, p.UpdatedAt = created.In(loc), updated.In(loc)
	p.StaffIDs = []string{}
	if err := json.Unmarshal([]byte(sched), &p.Schedule); err != nil {
		return row, err
	}
	if p.Schedule.DayFilter == "" { // stored before day filters had defaults: every date
		p.Schedule.DayFilter = schedule.AllDays
	}
	return row, nil
}

func nullInt(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

// loadProgramStaff fills in the staff ids of programs, in order.
func loadProgramStaff(ctx context.Context, q querier, programs []*linli.Program) error {
	byID := make(map[string]*linli.Program, len(programs))
	ids := make([]string, len(programs))
	for i, p := range programs {
		byID[p.ID], ids[i] = p, p.ID
		p.StaffIDs = []string{}
	}
	rows, err := q.QueryContext(ctx, `SELECT program_id, user_id FROM program_staff
		WHERE program_id IN (SELECT value FROM json_each(?)) ORDER BY program_id, position`, jsonList(ids))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var pid, uid string
		if err := rows.Scan(&pid, &uid); err != nil {
			return err
		}
		byID[pid].StaffIDs = append(byID[pid].StaffIDs, uid)
	}
	return rows.Err()
}

// findProgram reads one program with its staff, or 404.
func findProgram(ctx context.Context, q querier, id string) (programRow, error) {
	if !validID(id) {
		return programRow{}, linli.NotFound("program")
	}
	row, err := scanProgram(q.QueryRowContext(ctx, `SELECT `+programColumns+` FROM programs p JOIN communities m ON m.id = p.community_id WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return row, linli.NotFound("program")
	}
	if err != nil {
		return row, translate(err)
	}
	return row, loadProgramStaff(ctx, q, []*linli.Program{row.Program})
}

// isProgramStaff reports whether the user staffs the program or one of its sessions.
func isProgramStaff(ctx context.Context, q querier, programID, userID string) (bool, error) {
	var staff bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM program_staff WHERE program_id = ?1 AND user_id = ?2)
		OR EXISTS (SELECT 1 FROM session_staff x JOIN sessions s ON s.id = x.session_id WHERE x.user_id = ?2 AND s.program_id = ?1)`,
		programID, userID).Scan(&staff)
	return staff, err
}

// canSeeProgram reports whether a may see the program.
func canSeeProgram(ctx context.Context, q querier, a *linli.Actor, p *linli.Program) (bool, error) {
	if a.CanSee(p.Kind, p.CommunityID, false) {
		return true, nil
	}
	if a == nil {
		return false, nil
	}
	staff, err := isProgramStaff(ctx, q, p.ID, a.UserID())
	return staff && a.CanSee(p.Kind, p.CommunityID, true), err
}

// programVisible is the SQL condition, and its arguments, that keeps the programs p a may see.
func programVisible(a *linli.Actor) (string, []any) {
	return `(p.kind <> 'neighbor_visit' OR ? OR p.community_id IN (SELECT value FROM json_each(?))
		OR EXISTS (SELECT 1 FROM program_staff x WHERE x.program_id = p.id AND x.user_id = ?)
		OR EXISTS (SELECT 1 FROM session_staff x JOIN sessions y ON y.id = x.session_id WHERE y.program_id = p.id AND x.user_id = ?))`,
		[]any{a.IsAdmin(), jsonList(a.Coordinates()), a.UserID(), a.UserID()}
}

// FindPrograms lists the active programs a may see that match the filter, in order of creation.
func (s Planning) FindPrograms(ctx context.Context, a *linli.Actor, f linli.ProgramFilter) ([]linli.Program, string, error) {
	if err := f.Validate(); err != nil {
		return nil, "", err
	}
	if f.CommunityID != "" {
		if _, err := Communities(s).FindCommunity(ctx, f.CommunityID); err != nil {
			return nil, "", err
		}
	}
	visible, args := programVisible(a)
	where := []string{`p.status = 'active'`, visible}
	add := func(cond string, vs ...any) { where, args = append(where, cond), append(args, vs...) }
	if f.CommunityID != "" {
		add(`p.community_id = ?`, f.CommunityID)
	}
	if f.Kind != "" {
		add(`p.kind = ?`, f.Kind)
	}
	if f.Category != "" {
		add(`p.category = ?`, f.Category)
	}
	if f.HasAge {
		add(`p.kind IN ('after_school', 'holiday_class', 'event') AND (p.kind != 'event' OR p.age_min IS NOT NULL OR p.age_max IS NOT NULL)
			AND (p.age_min IS NULL OR p.age_min <= ?) AND (p.age_max IS NULL OR p.age_max >= ?)`, f.Age, f.Age)
	}
	if !f.From.IsZero() {
		add(`p.end_date >= ?`, f.From.String())
	}
	if !f.To.IsZero() {
		add(`p.start_date <= ?`, f.To.String())
	}
	rows, next, err := listPage(ctx, s.read, f.Page, `SELECT `+programColumns+` FROM programs p JOIN communities m ON m.id = p.community_id
		WHERE `+strings.Join(where, " AND ")+` AND p.id > ? ORDER BY p.id LIMIT ?`,
		func(r *sql.Rows) (programRow, error) { return scanProgram(r) },
		func(p programRow) string { return p.ID }, args...)
	if err != nil {
		return nil, "", err
	}
	out, err := s.completePrograms(ctx, rows)
	return out, next, err
}

// completePrograms adds staff and warnings to programs read from the database.
func (s Planning) completePrograms(ctx context.Context, rows []programRow) ([]linli.Program, error) {
	ps := make([]*linli.Program, len(rows))
	for i, r := range rows {
		ps[i] = r.Program
	}
	if err := loadProgramStaff(ctx, s.read, ps); err != nil {
		return nil, translate(err)
	}
	calendars := map[string]*calendar.Calendar{}
	out := make([]linli.Program, len(rows))
	for i, r := range rows {
		cal, ok := calendars[r.calendarID]
		if !ok {
			var err error
			if cal, err = loadCalendar(ctx, s.read, r.calendarID); err != nil {
				return nil, err
			}
			calendars[r.calendarID] = cal
		}
		r.Warnings = warningsOf(r.Program, cal)
		out[i] = *r.Program
	}
	return out, nil
}

// FindProgram returns a program a may see, deleted ones included, or 404.
func (s Planning) FindProgram(ctx context.Context, a *linli.Actor, id string) (*linli.Program, error) {
	row, err := findProgram(ctx, s.read, id)
	if err != nil {
		return nil, err
	}
	ok, err := canSeeProgram(ctx, s.read, a, row.Program)
	if err != nil {
		return nil, translate(err)
	}
	if !ok {
		return nil, linli.NotFound("program")
	}
	out, err := s.completePrograms(ctx, []programRow{row})
	if err != nil {
		return nil, err
	}
	return &out[0], nil
}

// checkVenue reads the venue venueID ("" for none) of the community and asks linli.CheckVenue
// whether it holds capacity.
func checkVenue(ctx context.Context, q querier, communityID, venueID string, capacity int, capacityField string) error {
	if venueID == "" {
		return nil
	}
	v := &linli.Venue{ID: venueID, CommunityID: communityID}
	err := q.QueryRowContext(ctx, `SELECT name, capacity FROM venues WHERE id = ? AND community_id = ?`, venueID, communityID).Scan(&v.Name, &v.Capacity)
	if errors.Is(err, sql.ErrNoRows) {
		v, err = nil, nil
	}
	if err != nil {
		return err
	}
	return linli.CheckVenue(venueID, v, capacity, capacityField)
}

// checkStaff reads which of ids are teachers or volunteers of the community and asks
// linli.CheckStaff.
func checkStaff(ctx context.Context, q querier, communityID string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	found, err := queryStrings(ctx, q, `SELECT DISTINCT user_id FROM memberships WHERE community_id = ? AND role IN ('teacher', 'volunteer')
		AND user_id IN (SELECT value FROM json_each(?)) ORDER BY user_id`, communityID, jsonList(ids))
	if err != nil {
		return err
	}
	helpers := make(map[string]bool, len(found))
	for _, id := range found {
		helpers[id] = true
	}
	return linli.CheckStaff(ids, helpers)
}

// writeProgram inserts or updates the program row and its staff.
func writeProgram(ctx context.Context, tx *Tx, p *linli.Program, insert bool) error {
	sched, err := json.Marshal(p.Schedule)
	if err != nil {
		return err
	}
	var opens any
	if p.BookingOpensAt != nil {
		opens = fmtTime(*p.BookingOpensAt)
	}
	args := []any{p.Kind, p.Title, p.Category, p.Description, p.AgeMin, p.AgeMax, p.Capacity, p.Waitlist, p.VenueID, opens,
		p.CancelCutoffMinutes, p.LessonMinutes, p.MaxChildrenPerStaff, string(sched), p.Schedule.StartDate.String(),
		p.Schedule.EndDate.String(), p.Schedule.DayFilter, p.Status, fmtTime(tx.Now), p.ID}
	q := `UPDATE programs SET kind = ?, title = ?, category = ?, description = ?, age_min = ?, age_max = ?, capacity = ?,
		waitlist = ?, venue_id = ?, booking_opens_at = ?, cancel_cutoff_minutes = ?, lesson_minutes = ?, max_children_per_staff = ?,
		schedule = ?, start_date = ?, end_date = ?, day_filter = ?, status = ?, updated_at = ? WHERE id = ?`
	if insert {
		q = `INSERT INTO programs (kind, title, category, description, age_min, age_max, capacity, waitlist, venue_id,
			booking_opens_at, cancel_cutoff_minutes, lesson_minutes, max_children_per_staff, schedule, start_date, end_date,
			day_filter, status, updated_at, id, community_id, created_at) VALUES (` + strings.Repeat("?, ", 21) + `?)`
		args = append(args, p.CommunityID, fmtTime(tx.Now))
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM program_staff WHERE program_id = ?`, p.ID); err != nil {
		return err
	}
	for i, uid := range p.StaffIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO program_staff (program_id, user_id, position) VALUES (?, ?, ?)`, p.ID, uid, i); err != nil {
			return err
		}
	}
	return nil
}
