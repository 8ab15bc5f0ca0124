package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/linli/linli/internal/linli"
)

// VolunteerHours sums approved service hours. With a community: its coordinators (and
// administrators, and the viewers of a region above it) get everyone's, its other members their own, anyone else 404. Without one:
// administrators get every community's, anyone else their own everywhere. Dates are those of
// check-in in the community's time zone (China's without a community).
func (s Volunteers) VolunteerHours(ctx context.Context, a *linli.Actor, communityID string, in linli.Input[linli.ServiceHoursFilter]) (*linli.ServiceHoursReport, error) {
	if err := a.RequireUser(); err != nil {
		return nil, err
	}
	loc := location(linli.DefaultTimezone)
	where, args := `r.status = 'approved'`, []any{}
	everyone := a.IsAdmin()
	if communityID != "" {
		// Coordinators and the viewers of a region above read everyone's hours, members their own.
		_, err := authorize(ctx, s.read, a, linli.ActReadReports, linli.ObjCommunity, communityID)
		everyone = err == nil
		if !everyone {
			if _, err := authorize(ctx, s.read, a, linli.ActReadWork, linli.ObjCommunity, communityID); err != nil {
				return nil, err
			}
		}
		c, err := Communities(s).FindCommunity(ctx, communityID)
		if err != nil {
			return nil, err
		}
		loc = c.Location()
		where, args = where+` AND r.community_id = ?`, append(args, c.ID)
	}
	f, err := in()
	if err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if !everyone {
		where, args = where+` AND r.user_id = ?`, append(args, a.UserID())
	}
	from, until := serviceBounds(f.From, f.To, loc)
	rows, err := s.read.QueryContext(ctx, `SELECT r.user_id, u.name, s.kind, r.check_in, r.minutes
		FROM service_records r JOIN users u ON u.id = r.user_id JOIN sessions s ON s.id = r.session_id
		WHERE `+where+` AND r.check_in >= ? AND r.check_in < ?`, append(args, from, until)...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var facts []linli.ServiceFact
	for rows.Next() {
		var f linli.ServiceFact
		var in instant
		if err := rows.Scan(&f.UserID, &f.UserName, &f.Kind, &in, &f.Minutes); err != nil {
			return nil, translate(err)
		}
		f.CheckIn = in.Time
		facts = append(facts, f)
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err)
	}
	rep := linli.SummariseService(facts, f.GroupBy, loc)
	return &rep, nil
}

// VolunteerRecord lists a volunteer's approved service, oldest first: to the volunteer, all of
// it; to a coordinator, what the communities they coordinate certified (404 when none did); to
// an administrator, all of it. Dates are in each record's community's time zone; from and to
// are read in China's.
func (s Volunteers) VolunteerRecord(ctx context.Context, a *linli.Actor, userID string, in linli.Input[linli.VolunteerRecordFilter]) (*linli.VolunteerRecord, error) {
	if err := a.RequireUser(); err != nil {
		return nil, err
	}
	if userID == "" {
		userID = a.UserID()
	}
	rep := &linli.VolunteerRecord{Volunteer: linli.PersonRef{ID: userID}, Rows: []linli.VolunteerRecordRow{}}
	if !validID(userID) {
		return nil, linli.NotFound("volunteer")
	}
	err := s.read.QueryRowContext(ctx, `SELECT name FROM users WHERE id = ?`, userID).Scan(&rep.Volunteer.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, linli.NotFound("volunteer")
	}
	if err != nil {
		return nil, translate(err)
	}
	where, args := `r.user_id = ? AND r.status = 'approved'`, []any{userID}
	if userID != a.UserID() && !a.IsAdmin() {
		var served bool
		err := s.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM service_records WHERE user_id = ? AND community_id IN (SELECT value FROM json_each(?)))`,
			userID, jsonList(a.Coordinates())).Scan(&served)
		if err != nil {
			return nil, translate(err)
		}
		if !served {
			return nil, linli.NotFound("volunteer")
		}
		where, args = where+` AND r.community_id IN (SELECT value FROM json_each(?))`, append(args, jsonList(a.Coordinates()))
	}
	f, err := in()
	if err != nil {
		return nil, err
	}
	if err := linli.CheckDates(f.From, f.To); err != nil {
		return nil, err
	}
	from, until := serviceBounds(f.From, f.To, location(linli.DefaultTimezone))
	rows, err := s.read.QueryContext(ctx, `SELECT r.check_in, r.minutes, s.kind, s.title, COALESCE(v.name, ''), m.name, m.timezone,
			COALESCE(h.label, ''), COALESCE(b.name, '')
		FROM service_records r JOIN sessions s ON s.id = r.session_id JOIN communities m ON m.id = r.community_id
		LEFT JOIN venues v ON v.id = s.venue_id LEFT JOIN visit_plans p ON p.program_id = s.program_id
		LEFT JOIN households h ON h.id = p.household_id LEFT JOIN buildings b ON b.id = h.building_id
		WHERE `+where+` AND r.check_in >= ? AND r.check_in < ? ORDER BY r.check_in, r.id`, append(args, from, until)...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	minutes := 0
	for rows.Next() {
		var in instant
		var kind, title, venue, tz, building string
		var m int
		row := linli.VolunteerRecordRow{Name: rep.Volunteer.Name}
		if err := rows.Scan(&in, &m, &kind, &title, &venue, &row.CertifiedBy, &tz, &row.Recipient, &building); err != nil {
			return nil, translate(err)
		}
		row.Date, row.Hours, row.Content, row.Place = linli.DateOf(in.Time, location(tz)), linli.Hours(m), title, venue
		if kind == linli.KindNeighborVisit {
			row.Content, row.Place = linli.ServiceKindLabels[kind], building
		}
		if row.Place == "" {
			row.Place = row.CertifiedBy
		}
		minutes += m
		rep.Rows = append(rep.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err)
	}
	rep.Totals = linli.ServiceTotals{Records: len(rep.Rows), Hours: linli.Hours(minutes)}
	if len(rep.Rows) > 0 {
		rep.Totals.Volunteers = 1
	}
	return rep, nil
}
