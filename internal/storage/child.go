package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/linli/linli/internal/linli"
)

// Children implements linli.ChildService. Only a child's guardians reach it through these methods;
// everyone else, administrators and coordinators included, gets 404. Audit entries name ids and
// field names only, never a child's data.
type Children struct{ *DB }

var _ linli.ChildService = Children{}

// guardianOf answers 401 for anonymous callers and 404 unless a is a guardian of the child
// (linli.ActManageChild), reading the child's guardians through q.
func guardianOf(ctx context.Context, q querier, a *linli.Actor, childID string) error {
	_, err := authorize(ctx, q, a, linli.ActManageChild, linli.ObjChild, childID)
	return err
}

// today is the date in mainland China by the database's clock.
func (s Children) today() linli.Date { return linli.TodayInChina(s.Now()) }

// CreateChild registers a child, its first guardian and the consent in one transaction.
func (s Children) CreateChild(ctx context.Context, a *linli.Actor, body linli.Input[linli.ChildChange]) (*linli.Child, error) {
	if err := a.RequireUser(); err != nil {
		return nil, err
	}
	ch, err := body()
	if err != nil {
		return nil, err
	}
	c := &linli.Child{ID: newID()}
	if err := ch.Apply(c, s.today()); err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx *Tx) error {
		now := fmtTime(tx.Now)
		if _, err := tx.ExecContext(ctx, `INSERT INTO children (id, name, birth_date, notes, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.Name, c.BirthDate.String(), c.Notes, a.User.ID, now, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO child_guardians (child_id, user_id, added_by, added_at) VALUES (?, ?, ?, ?)`,
			c.ID, a.User.ID, a.User.ID, now); err != nil {
			return err
		}
		c.Guardians = []linli.Guardian{{UserID: a.User.ID, Name: a.User.Name}}
		if err := recordConsent(ctx, tx, a, c); err != nil {
			return err
		}
		return tx.audit(ctx, a, "", "child.create", "child", c.ID, map[string]string{"policy_version": linli.ChildPolicyVersion})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// recordConsent stores a's consent to the current policy for c and sets c.Consent.
func recordConsent(ctx context.Context, tx *Tx, a *linli.Actor, c *linli.Child) error {
	c.Consent = &linli.Consent{PolicyVersion: linli.ChildPolicyVersion, UserID: a.User.ID, At: tx.Now.In(linli.ChinaTime)}
	_, err := tx.ExecContext(ctx, `INSERT INTO child_consents (child_id, user_id, policy_version, at) VALUES (?, ?, ?, ?)`,
		c.ID, a.User.ID, linli.ChildPolicyVersion, fmtTime(tx.Now))
	return err
}

const childColumns = `c.id, c.name, c.birth_date, c.notes`

func scanChild(r interface{ Scan(...any) error }) (linli.Child, error) {
	var c linli.Child
	var birth string
	if err := r.Scan(&c.ID, &c.Name, &birth, &c.Notes); err != nil {
		return c, err
	}
	var err error
	c.BirthDate, err = linli.ParseDate(birth)
	c.Guardians = []linli.Guardian{}
	return c, err
}

// FindChildren lists the actor's children, with their guardians and latest consent.
func (s Children) FindChildren(ctx context.Context, a *linli.Actor, in linli.Input[linli.Page]) ([]linli.Child, string, error) {
	if err := a.RequireUser(); err != nil {
		return nil, "", err
	}
	p, err := in()
	if err != nil {
		return nil, "", err
	}
	items, next, err := listPage(ctx, s.read, p, `SELECT `+childColumns+` FROM children c JOIN child_guardians g ON g.child_id = c.id
		WHERE g.user_id = ? AND c.id > ? ORDER BY c.id LIMIT ?`,
		func(r *sql.Rows) (linli.Child, error) { return scanChild(r) },
		func(c linli.Child) string { return c.ID }, a.User.ID)
	if err != nil {
		return nil, "", err
	}
	byID := map[string]*linli.Child{}
	for i := range items {
		byID[items[i].ID] = &items[i]
	}
	return items, next, s.attach(ctx, byID, `IN (SELECT child_id FROM child_guardians WHERE user_id = ?)`, a.User.ID)
}

// FindChild returns one of the actor's children.
func (s Children) FindChild(ctx context.Context, a *linli.Actor, id string) (*linli.Child, error) {
	if err := guardianOf(ctx, s.read, a, id); err != nil {
		return nil, err
	}
	c, err := scanChild(s.read.QueryRowContext(ctx, `SELECT `+childColumns+` FROM children c WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, linli.NotFound("child")
	}
	if err != nil {
		return nil, translate(err)
	}
	return &c, s.attach(ctx, map[string]*linli.Child{c.ID: &c}, `= ?`, id)
}

// attach fills in the guardians and the latest consent of the children in byID; scope is the
// condition on child_id that selects them, with its one argument.
func (s Children) attach(ctx context.Context, byID map[string]*linli.Child, scope string, arg any) error {
	err := eachRow(ctx, s.read, `SELECT g.child_id, g.user_id, u.name FROM child_guardians g JOIN users u ON u.id = g.user_id
		WHERE g.child_id `+scope+` ORDER BY g.added_at, g.user_id`, []any{arg}, func(r *sql.Rows) error {
		var childID string
		var g linli.Guardian
		if err := r.Scan(&childID, &g.UserID, &g.Name); err != nil {
			return err
		}
		if c := byID[childID]; c != nil {
			c.Guardians = append(c.Guardians, g)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return eachRow(ctx, s.read, `SELECT child_id, user_id, policy_version, at FROM child_consents WHERE child_id `+scope+` ORDER BY id`, []any{arg}, func(r *sql.Rows) error {
		var childID string
		var at instant
		var k linli.Consent
		if err := r.Scan(&childID, &k.UserID, &k.PolicyVersion, &at); err != nil {
			return err
		}
		k.At = at.In(linli.ChinaTime)
		if c := byID[childID]; c != nil {
			c.Consent = &k
		}
		return nil
	})
}

// eachRow runs query and calls fn for each row.
func eachRow(ctx context.Context, pool *sql.DB, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := pool.QueryContext(ctx, query, args...)
	if err != nil {
		return translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return translate(rows.Err())
}

// UpdateChild changes a child's name, birth date or notes, and renews the consent when a policy
// version is given. The child is read in the write transaction, so that two guardians changing
// different fields at once both keep their change.
func (s Children) UpdateChild(ctx context.Context, a *linli.Actor, id string, body linli.Input[linli.ChildChange]) (*linli.Child, error) {
	var c linli.Child
	err := s.inTx(ctx, func(tx *Tx) error {
		if err := guardianOf(ctx, tx, a, id); err != nil {
			return err
		}
		ch, err := body()
		if err != nil {
			return err
		}
		if c, err = scanChild(tx.QueryRowContext(ctx, `SELECT `+childColumns+` FROM children c WHERE c.id = ?`, id)); err != nil {
			return err
		}
		var consents int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM child_consents WHERE child_id = ?`, id).Scan(&consents); err != nil {
			return err
		}
		if consents > 0 {
			c.Consent = &linli.Consent{}
		}
		if err := ch.Apply(&c, s.today()); err != nil {
			return err
		}
		if len(ch.ChangedFields()) == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE children SET name = ?, birth_date = ?, notes = ?, updated_at = ? WHERE id = ?`,
			c.Name, c.BirthDate.String(), c.Notes, fmtTime(tx.Now), c.ID); err != nil {
			return err
		}
		if ch.ConsentPolicyVersion != nil {
			if err := recordConsent(ctx, tx, a, &c); err != nil {
				return err
			}
		}
		return tx.audit(ctx, a, "", "child.update", "child", c.ID, map[string][]string{"fields": ch.ChangedFields()})
	})
	if err != nil {
		return nil, err
	}
	return &c, s.attach(ctx, map[string]*linli.Child{c.ID: &c}, `= ?`, id)
}
