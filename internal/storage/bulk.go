package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/schedule"
)

// Bulk writes many rows in one transaction, for the tools that build large data sets (`linli
// bench city`). It skips the per-call authorisation and input parsing of the services (the
// caller is an administrator's tool and gives well-formed values), but writes the same rows as
// they do: the same columns, audit entries, session counters, lines and, through the same
// triggers, feed entries and versions. Programs and visit plans go through the services' own
// planning code.
type Bulk struct {
	db    *DB
	ctx   context.Context
	tx    *Tx
	actor *linli.Actor
	comms map[string]*linli.Community
}

// Bulk runs fn in one write transaction as actor a (an administrator) and commits it. On
// PostgreSQL the transaction is READ COMMITTED, not SERIALIZABLE as the services' are: a bulk
// build writes rows nobody else writes, and the predicate locks of a serializable transaction of
// a hundred thousand statements fill PostgreSQL's shared lock table (out of shared memory).
func (d *DB) Bulk(ctx context.Context, a *linli.Actor, fn func(b *Bulk) error) error {
	run := func(tx *Tx) error {
		return fn(&Bulk{db: d, ctx: ctx, tx: tx, actor: a, comms: map[string]*linli.Community{}})
	}
	if d.dialect == dialectPostgres {
		return d.inPgTx(ctx, sql.LevelReadCommitted, run)
	}
	return d.inTx(ctx, run)
}

// Now is the instant of the transaction, stamped on every row it writes.
func (b *Bulk) Now() time.Time { return b.tx.Now }

func (b *Bulk) exec(query string, args ...any) error {
	_, err := b.tx.ExecContext(b.ctx, query, args...)
	return err
}

// Community creates a community on the given day calendar (the national one when "") as
// CreateCommunity does.
func (b *Bulk) Community(name, district, city, calendarID string) (*linli.Community, error) {
	if calendarID == "" {
		calendarID = linli.DefaultCalendarID
	}
	c := &linli.Community{ID: newID(), Name: name, District: district, City: city, Timezone: linli.DefaultTimezone,
		CalendarID: calendarID, LessonMinutes: linli.DefaultLessonMinutes, CreatedAt: b.tx.Now}
	now := fmtTime(b.tx.Now)
	if err := b.exec(`INSERT INTO communities (id, name, district, city, timezone, calendar_id, lesson_minutes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.Name, c.District, c.City, c.Timezone, c.CalendarID, c.LessonMinutes, now, now); err != nil {
		return nil, err
	}
	b.comms[c.ID] = c
	return c, b.tx.audit(b.ctx, b.actor, c.ID, "community.create", "community", c.ID, c)
}

// Grid adds a grid to a community as CreateGrid does and returns its id.
func (b *Bulk) Grid(communityID, name string) (string, error) {
	g := &linli.Grid{ID: newID(), CommunityID: communityID, Name: name}
	if err := b.exec(`INSERT INTO grids (id, community_id, name, created_at) VALUES (?, ?, ?, ?)`, g.ID, communityID, name, fmtTime(b.tx.Now)); err != nil {
		return "", err
	}
	return g.ID, b.tx.audit(b.ctx, b.actor, communityID, "grid.create", "grid", g.ID, g)
}

// Building adds a building to a grid as CreateBuilding does and returns its id.
func (b *Bulk) Building(communityID, gridID, name string) (string, error) {
	bl := &linli.Building{ID: newID(), GridID: gridID, CommunityID: communityID, Name: name}
	if err := b.exec(`INSERT INTO buildings (id, grid_id, community_id, name, created_at) VALUES (?, ?, ?, ?, ?)`, bl.ID, gridID, communityID, name, fmtTime(b.tx.Now)); err != nil {
		return "", err
	}
	return bl.ID, b.tx.audit(b.ctx, b.actor, communityID, "building.create", "building", bl.ID, bl)
}

// Household adds a household to a building as CreateHousehold does and returns its id.
func (b *Bulk) Household(communityID, buildingID string, ch linli.HouseholdChange) (string, error) {
	h := &linli.Household{ID: newID(), BuildingID: buildingID, CommunityID: communityID}
	if err := ch.Apply(h); err != nil {
		return "", err
	}
	needs, _ := json.Marshal(h.Needs)
	now := fmtTime(b.tx.Now)
	if err := b.exec(`INSERT INTO households (`+householdColumns+`, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		h.ID, buildingID, communityID, h.Label, h.ContactName, h.ContactPhone, string(needs), h.VisitEveryDays, now, now); err != nil {
		return "", err
	}
	return h.ID, b.tx.audit(b.ctx, b.actor, communityID, "household.create", "household", h.ID, nil)
}

// Venue adds a venue to a community as CreateVenue does and returns its id.
func (b *Bulk) Venue(communityID string, v linli.Venue) (string, error) {
	v.ID, v.CommunityID = newID(), communityID
	if err := b.exec(`INSERT INTO venues (id, community_id, name, capacity, address, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		v.ID, communityID, v.Name, v.Capacity, v.Address, fmtTime(b.tx.Now)); err != nil {
		return "", err
	}
	return v.ID, b.tx.audit(b.ctx, b.actor, communityID, "venue.create", "venue", v.ID, v)
}

// User registers a user as Register does, with a password hash made once by the caller, and
// returns its id.
func (b *Bulk) User(name, login, passwordHash string) (string, error) {
	u := &linli.User{ID: newID(), Name: name, Login: login, Locale: "zh-CN"}
	now := fmtTime(b.tx.Now)
	if err := b.exec(`INSERT INTO users (id, name, login, password_hash, locale, is_admin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		u.ID, name, login, passwordHash, u.Locale, false, now, now); err != nil {
		return "", err
	}
	return u.ID, b.tx.audit(b.ctx, &linli.Actor{User: *u}, "", "user.register", "user", u.ID, nil)
}

// Member gives a user a role in a community as AddMember does.
func (b *Bulk) Member(communityID, userID, role, teacherType string) error {
	if err := b.exec(`INSERT INTO memberships (community_id, user_id, role, teacher_type, created_at) VALUES (?, ?, ?, ?, ?)`,
		communityID, userID, role, teacherType, fmtTime(b.tx.Now)); err != nil {
		return err
	}
	return b.tx.audit(b.ctx, b.actor, communityID, "membership.add", "user", userID,
		linli.Membership{CommunityID: communityID, UserID: userID, Role: role, TeacherType: teacherType})
}

// Child adds a child of the guardian, with the guardian's consent, as CreateChild does, and
// returns its id.
func (b *Bulk) Child(guardianID, name string, birth linli.Date) (string, error) {
	id, now := newID(), fmtTime(b.tx.Now)
	for _, s := range [][]any{
		{`INSERT INTO children (id, name, birth_date, notes, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, id, name, birth.String(), "", guardianID, now, now},
		{`INSERT INTO child_guardians (child_id, user_id, added_by, added_at) VALUES (?, ?, ?, ?)`, id, guardianID, guardianID, now},
		{`INSERT INTO child_consents (child_id, user_id, policy_version, at) VALUES (?, ?, ?, ?)`, id, guardianID, linli.ChildPolicyVersion, now},
	} {
		if err := b.exec(s[0].(string), s[1:]...); err != nil {
			return "", err
		}
	}
	return id, b.tx.audit(b.ctx, &linli.Actor{User: linli.User{ID: guardianID}}, "", "child.create", "child", id,
		map[string]string{"policy_version": linli.ChildPolicyVersion})
}

// community returns the community with the given id, read once per transaction.
func (b *Bulk) community(id string) (*linli.Community, error) {
	if c, ok := b.comms[id]; ok {
		return c, nil
	}
	c, err := findCommunity(b.ctx, b.tx, id)
	if err == nil {
		b.comms[id] = c
	}
	return c, err
}

// Program creates a program and plans its sessions with CreateProgram's own code (clash rules,
// calendar, staff, audit).
func (b *Bulk) Program(communityID string, ch linli.ProgramChange) (*linli.ProgramResult, error) {
	c, err := b.community(communityID)
	if err != nil {
		return nil, err
	}
	p := linli.NewProgram(c.ID)
	if err := ch.Apply(p); err != nil {
		return nil, err
	}
	if err := schedule.Spec(p.Schedule).Validate(); err != nil {
		return nil, err
	}
	return Planning{DB: b.db}.createProgramTx(b.ctx, b.tx, b.actor, c, p)
}

// VisitPlan plans a household's visits as CreateVisitPlan does and returns the id of the plan's
// program, whose sessions are the visits.
func (b *Bulk) VisitPlan(householdID string, ch linli.VisitPlanChange) (string, error) {
	h, communityID, err := householdRef(b.ctx, b.tx, householdID)
	if err != nil {
		return "", err
	}
	c, err := b.community(communityID)
	if err != nil {
		return "", err
	}
	plan := &linli.VisitPlan{}
	if err := ch.Apply(plan); err != nil {
		return "", err
	}
	kind, title, capacity, sched := linli.KindNeighborVisit, truncateRunes(linli.VisitTitle(h), 100), 1, plan.Schedule()
	pr, err := b.Program(c.ID, linli.ProgramChange{Kind: &kind, Title: &title, Capacity: &capacity, StaffIDs: &plan.VolunteerIDs, Schedule: &sched})
	if err != nil {
		return "", err
	}
	id, now := newID(), fmtTime(b.tx.Now)
	if err := b.exec(`INSERT INTO visit_plans (id, household_id, community_id, program_id, cadence, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, id, h.ID, c.ID, pr.Program.ID, plan.Cadence, now, now); err != nil {
		return "", err
	}
	return pr.Program.ID, b.tx.audit(b.ctx, b.actor, c.ID, "visit_plan.create", "visit_plan", id, map[string]any{"household_id": h.ID,
		"program_id": pr.Program.ID, "cadence": plan.Cadence, "volunteer_ids": plan.VolunteerIDs, "sessions_created": pr.SessionsCreated})
}

// Enrol books the children, in order, into a session that has no bookings yet, as the booking
// path would one after another: confirmed up to the capacity, the rest waitlisted, each with
// its arrival number, and the session's counters and line set to match.
func (b *Bulk) Enrol(sessionID string, childIDs []string) error {
	var capacity, booked int
	if err := b.tx.QueryRowContext(b.ctx, `SELECT capacity, confirmed + waitlisted FROM sessions WHERE id = ?`, sessionID).Scan(&capacity, &booked); err != nil {
		return err
	}
	if booked != 0 {
		return fmt.Errorf("bulk enrol: session %s has bookings already", sessionID)
	}
	now := fmtTime(b.tx.Now)
	confirmed := 0
	for i, child := range childIDs {
		status := linli.BookingConfirmed
		if confirmed == capacity {
			status = linli.BookingWaitlisted
		} else {
			confirmed++
		}
		if err := b.exec(`INSERT INTO bookings (id, session_id, child_id, arrival, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			newID(), sessionID, child, i+1, status, now, now); err != nil {
			return err
		}
	}
	waiting := len(childIDs) - confirmed
	if err := b.exec(`UPDATE sessions SET confirmed = ?, waitlisted = ? WHERE id = ?`, confirmed, waiting, sessionID); err != nil {
		return err
	}
	return b.exec(`INSERT INTO session_lines (session_id, arrivals, waiting) VALUES (?, ?, ?)`, sessionID, len(childIDs), waiting)
}

// BulkAttendance is one child's record of a roll call.
type BulkAttendance struct {
	ChildID, Status    string // linli.AttendancePresent, …
	CheckIn, CheckOut  *time.Time
	GuardianID, Pickup string // the guardian who collected the child, and their name
}

// Attend records a delivered session's roll call, as PUT /sessions/{id}/attendance and POST
// /sessions/{id}/deliver do, by the given staff member at the given instant.
func (b *Bulk) Attend(sessionID, by string, at time.Time, records []BulkAttendance) error {
	stamp := fmtTime(at)
	detail := make([]map[string]any, len(records))
	for i, r := range records {
		kind := ""
		if r.GuardianID != "" {
			kind = "guardian"
		}
		if err := b.exec(`INSERT INTO attendance (session_id, child_id, status, check_in, check_out, picked_up_by,
			picked_up_kind, picked_up_name, recorded_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			sessionID, r.ChildID, r.Status, nullTime(r.CheckIn), nullTime(r.CheckOut), r.GuardianID, kind, r.Pickup, by, stamp); err != nil {
			return err
		}
		detail[i] = map[string]any{"child_id": r.ChildID, "status": r.Status, "checked_out": r.CheckOut != nil, "picked_up_kind": kind}
	}
	var communityID string
	if err := b.tx.QueryRowContext(b.ctx, `SELECT community_id FROM sessions WHERE id = ?`, sessionID).Scan(&communityID); err != nil {
		return err
	}
	staff := &linli.Actor{User: linli.User{ID: by}}
	if err := b.tx.audit(b.ctx, staff, communityID, "attendance.update", "session", sessionID, map[string]any{"records": detail}); err != nil {
		return err
	}
	if err := b.exec(`UPDATE sessions SET status = 'delivered', delivered_at = ?, updated_at = ? WHERE id = ? AND status = 'scheduled'`, stamp, stamp, sessionID); err != nil {
		return err
	}
	return b.tx.audit(b.ctx, staff, communityID, "session.deliver", "session", sessionID, nil)
}

// BulkSession is a session as the bulk tools need it.
type BulkSession struct {
	ID               string
	StartsAt, EndsAt time.Time
}

// Sessions lists a program's scheduled sessions, in order of start.
func (b *Bulk) Sessions(programID string) ([]BulkSession, error) {
	rows, err := b.tx.QueryContext(b.ctx, `SELECT id, starts_at, ends_at FROM sessions WHERE program_id = ? AND status = 'scheduled' ORDER BY starts_at, id`, programID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []BulkSession
	for rows.Next() {
		var s BulkSession
		var start, end string
		if err := rows.Scan(&s.ID, &start, &end); err != nil {
			return nil, err
		}
		s.StartsAt, s.EndsAt = parseTime(start), parseTime(end)
		out = append(out, s)
	}
	return out, rows.Err()
}
