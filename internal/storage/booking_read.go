package storage

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/linli/linli/internal/linli"
)

// bookingColumns read a booking with its session, its place in line now (one place for each
// earlier arrival still waiting, a sibling group counting once), and whether the child's rating
// of the session can still be given (GiveFeedback's rule: held, attended, not yet rated).
const bookingColumns = `b.id, b.child_id, b.session_id, b.status, b.created_at, b.updated_at,
	s.title, s.starts_at, s.ends_at, s.status, m.timezone,
	CASE WHEN b.status = 'waitlisted' THEN 1 + (SELECT COUNT(DISTINCT w.arrival) FROM bookings w
		WHERE w.session_id = b.session_id AND w.status = 'waitlisted' AND w.arrival < b.arrival) ELSE 0 END,
	b.status = 'confirmed' AND s.status = 'delivered'
		AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = b.session_id AND a.child_id = b.child_id AND a.status IN ('present', 'late'))
		AND NOT EXISTS (SELECT 1 FROM session_feedback f WHERE f.session_id = b.session_id AND f.child_id = b.child_id)`

const bookingFrom = ` FROM bookings b JOIN sessions s ON s.id = b.session_id JOIN communities m ON m.id = s.community_id`

// scanBooking reads bookingColumns, showing the status as it is at now.
func scanBooking(r interface{ Scan(...any) error }, now time.Time) (linli.Booking, error) {
	var b linli.Booking
	var sess linli.BookedSession
	var created, updated, start, end instant
	var tz string
	err := r.Scan(&b.ID, &b.ChildID, &b.SessionID, &b.Status, &created, &updated,
		&sess.Title, &start, &end, &sess.Status, &tz, &b.WaitlistPosition, &b.CanRate)
	if err != nil {
		return b, err
	}
	loc := location(tz)
	b.CreatedAt, b.UpdatedAt = created.In(loc), updated.In(loc)
	sess.StartsAt, sess.EndsAt = start.In(loc), end.In(loc)
	b.Session = &sess
	if b.Status = linli.StatusAt(b.Status, sess.StartsAt, now); b.Status != linli.BookingWaitlisted {
		b.WaitlistPosition = 0
	}
	return b, nil
}

// FindBookings lists the bookings of the actor's children (or of one of them), by session start
// then id. Without from and to, every booking ever made.
func (s Bookings) FindBookings(ctx context.Context, a *linli.Actor, childID string, in linli.Input[linli.BookingFilter]) ([]linli.Booking, string, error) {
	if err := a.RequireUser(); err != nil {
		return nil, "", err
	}
	if childID != "" {
		if err := guardianOf(ctx, s.read, a, childID); err != nil {
			return nil, "", withField(err, "child_id")
		}
	}
	f, err := in()
	if err != nil {
		return nil, "", err
	}
	if err := linli.CheckDates(f.From, f.To); err != nil {
		return nil, "", err
	}
	limit, after, err := pageOf(f.Page)
	if err != nil {
		return nil, "", err
	}
	where := []string{`b.child_id IN (SELECT child_id FROM child_guardians WHERE user_id = ?)`}
	args := []any{a.UserID()}
	add := func(cond string, vs ...any) { where, args = append(where, cond), append(args, vs...) }
	if childID != "" {
		add(`b.child_id = ?`, childID)
	}
	if !f.From.IsZero() {
		add(`s.local_date >= ?`, f.From.String())
	}
	if !f.To.IsZero() {
		add(`s.local_date <= ?`, f.To.String())
	}
	if after != "" {
		start, id, ok := strings.Cut(after, "|")
		if _, err := time.Parse(timeFormat, start); err != nil || !ok || !validID(id) {
			return nil, "", linli.Invalid("cursor", "not a cursor this server gave out")
		}
		add(`(s.starts_at > ? OR s.starts_at = ? AND b.id > ?)`, start, start, id)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+bookingColumns+bookingFrom+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY s.starts_at, b.id LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return nil, "", translate(err)
	}
	found, err := scanBookings(rows, s.Now())
	if err != nil {
		return nil, "", translate(err)
	}
	return trimPage(found, limit, func(b linli.Booking) string { return fmtTime(b.Session.StartsAt) + "|" + b.ID })
}

func scanBookings(rows *sql.Rows, now time.Time) ([]linli.Booking, error) {
	defer rows.Close()
	var out []linli.Booking
	for rows.Next() {
		b, err := scanBooking(rows, now)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// ExportChild gathers everything stored about one of the actor's children, in one read
// transaction so that the parts agree.
func (s Bookings) ExportChild(ctx context.Context, a *linli.Actor, id string) (*linli.ChildExport, error) {
	if err := guardianOf(ctx, s.read, a, id); err != nil {
		return nil, err
	}
	rtx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, translate(err)
	}
	defer rtx.Rollback()
	now := s.Now()
	x := &linli.ChildExport{ExportedAt: now.In(linli.ChinaTime), Guardians: []linli.Guardian{}, Consents: []linli.Consent{},
		PickupPersons: []linli.PickupPerson{}, Delegations: []linli.Delegation{}, Bookings: []linli.Booking{}}
	c := &x.Child
	var birth string
	var created, updated instant
	err = rtx.QueryRowContext(ctx, `SELECT id, name, birth_date, notes, created_at, updated_at FROM children WHERE id = ?`, id).
		Scan(&c.ID, &c.Name, &birth, &c.Notes, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, linli.NotFound("child")
	}
	if err != nil {
		return nil, translate(err)
	}
	c.BirthDate, _ = linli.ParseDate(birth)
	c.CreatedAt, c.UpdatedAt = created.In(linli.ChinaTime), updated.In(linli.ChinaTime)
	parts := []struct {
		query string
		scan  func(*sql.Rows) error
	}{
		{`SELECT g.user_id, u.name FROM child_guardians g JOIN users u ON u.id = g.user_id WHERE g.child_id = ? ORDER BY g.added_at, g.user_id`,
			func(r *sql.Rows) error {
				var g linli.Guardian
				err := r.Scan(&g.UserID, &g.Name)
				x.Guardians = append(x.Guardians, g)
				return err
			}},
		{`SELECT user_id, policy_version, at FROM child_consents WHERE child_id = ? ORDER BY id`,
			func(r *sql.Rows) error {
				var k linli.Consent
				var at instant
				err := r.Scan(&k.UserID, &k.PolicyVersion, &at)
				k.At = at.In(linli.ChinaTime)
				x.Consents = append(x.Consents, k)
				return err
			}},
		{`SELECT id, child_id, name, relation, phone FROM pickup_persons WHERE child_id = ? ORDER BY id`,
			func(r *sql.Rows) error {
				var p linli.PickupPerson
				err := r.Scan(&p.ID, &p.ChildID, &p.Name, &p.Relation, &p.Phone)
				x.PickupPersons = append(x.PickupPersons, p)
				return err
			}},
		{`SELECT id, child_id, name, phone, date FROM pickup_delegations WHERE child_id = ? ORDER BY date, id`,
			func(r *sql.Rows) error {
				var d linli.Delegation
				var date string
				err := r.Scan(&d.ID, &d.ChildID, &d.Name, &d.Phone, &date)
				d.Date, _ = linli.ParseDate(date)
				x.Delegations = append(x.Delegations, d)
				return err
			}},
		{`SELECT ` + bookingColumns + bookingFrom + ` WHERE b.child_id = ? ORDER BY s.starts_at, b.id`,
			func(r *sql.Rows) error {
				b, err := scanBooking(r, now)
				x.Bookings = append(x.Bookings, b)
				return err
			}},
	}
	for _, p := range parts {
		if err := eachTxRow(ctx, rtx, p.query, id, p.scan); err != nil {
			return nil, translate(err)
		}
	}
	return x, nil
}

// eachTxRow runs a query with one argument in a read transaction and scans each row.
func eachTxRow(ctx context.Context, tx *sql.Tx, query string, arg any, scan func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
