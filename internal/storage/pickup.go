package storage

import (
	"context"
	"database/sql"

	"github.com/linli/linli/internal/linli"
)

// CreatePickupPerson names an adult who may collect the child on any day: at most
// linli.MaxPickupPersons per child, each phone number once.
func (s Children) CreatePickupPerson(ctx context.Context, a *linli.Actor, childID string, body linli.Input[linli.NewPickupPerson]) (*linli.PickupPerson, error) {
	var p *linli.PickupPerson
	err := s.inTx(ctx, func(tx *Tx) error {
		if err := guardianOf(ctx, tx, a, childID); err != nil {
			return err
		}
		in, err := body()
		if err != nil {
			return err
		}
		if p, err = in.Validate(childID); err != nil {
			return err
		}
		p.ID = newID()
		named, err := queryStrings(ctx, tx, `SELECT phone FROM pickup_persons WHERE child_id = ? ORDER BY id`, childID)
		if err != nil {
			return err
		}
		if err := linli.CheckNewPickupPerson(named, p); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO pickup_persons (id, child_id, name, relation, phone, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			p.ID, childID, p.Name, p.Relation, p.Phone, a.User.ID, fmtTime(tx.Now))
		// The unique index answers a racing twin request as the rule would.
		if linli.ErrorCode(translate(err)) == linli.EConflict {
			return linli.ErrPickupPhoneNamed
		}
		if err != nil {
			return err
		}
		return tx.audit(ctx, a, "", "pickup_person.create", "pickup_person", p.ID, map[string]string{"child_id": childID})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// FindPickupPersons lists the child's pickup persons in the order they were named.
func (s Children) FindPickupPersons(ctx context.Context, a *linli.Actor, childID string, p linli.Page) ([]linli.PickupPerson, string, error) {
	if err := guardianOf(ctx, s.read, a, childID); err != nil {
		return nil, "", err
	}
	return listPage(ctx, s.read, p, `SELECT id, child_id, name, relation, phone FROM pickup_persons WHERE child_id = ? AND id > ? ORDER BY id LIMIT ?`,
		func(r *sql.Rows) (p linli.PickupPerson, err error) {
			return p, r.Scan(&p.ID, &p.ChildID, &p.Name, &p.Relation, &p.Phone)
		},
		func(p linli.PickupPerson) string { return p.ID }, childID)
}

// DeletePickupPerson removes a pickup person of the child.
func (s Children) DeletePickupPerson(ctx context.Context, a *linli.Actor, childID, id string) error {
	return s.deleteOfChild(ctx, a, childID, id, "pickup_persons", "pickup_person")
}

// CreateDelegation allows an adult to collect the child on one date, today or later in China;
// the same phone number once per date.
func (s Children) CreateDelegation(ctx context.Context, a *linli.Actor, childID string, body linli.Input[linli.NewDelegation]) (*linli.Delegation, error) {
	var d *linli.Delegation
	err := s.inTx(ctx, func(tx *Tx) error {
		if err := guardianOf(ctx, tx, a, childID); err != nil {
			return err
		}
		in, err := body()
		if err != nil {
			return err
		}
		if d, err = in.Validate(childID, linli.TodayInChina(tx.Now)); err != nil {
			return err
		}
		allowed, err := queryStrings(ctx, tx, `SELECT phone FROM pickup_delegations WHERE child_id = ? AND date = ? ORDER BY id`, childID, d.Date.String())
		if err != nil {
			return err
		}
		if err := linli.CheckNewDelegation(allowed, d); err != nil {
			return err
		}
		d.ID = newID()
		_, err = tx.ExecContext(ctx, `INSERT INTO pickup_delegations (id, child_id, name, phone, date, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			d.ID, childID, d.Name, d.Phone, d.Date.String(), a.User.ID, fmtTime(tx.Now))
		// The unique index answers a racing twin request as the rule would.
		if linli.ErrorCode(translate(err)) == linli.EConflict {
			return linli.ErrDelegationPhoneAllowed
		}
		if err != nil {
			return err
		}
		return tx.audit(ctx, a, "", "pickup_delegation.create", "pickup_delegation", d.ID, map[string]string{"child_id": childID})
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// FindDelegations lists the child's one-day delegations, past ones included, in the order given.
func (s Children) FindDelegations(ctx context.Context, a *linli.Actor, childID string, p linli.Page) ([]linli.Delegation, string, error) {
	if err := guardianOf(ctx, s.read, a, childID); err != nil {
		return nil, "", err
	}
	return listPage(ctx, s.read, p, `SELECT id, child_id, name, phone, date FROM pickup_delegations WHERE child_id = ? AND id > ? ORDER BY id LIMIT ?`,
		func(r *sql.Rows) (d linli.Delegation, err error) {
			var date string
			if err := r.Scan(&d.ID, &d.ChildID, &d.Name, &d.Phone, &date); err != nil {
				return d, err
			}
			d.Date, err = linli.ParseDate(date)
			return d, err
		},
		func(d linli.Delegation) string { return d.ID }, childID)
}

// DeleteDelegation withdraws a one-day delegation of the child.
func (s Children) DeleteDelegation(ctx context.Context, a *linli.Actor, childID, id string) error {
	return s.deleteOfChild(ctx, a, childID, id, "pickup_delegations", "pickup_delegation")
}

// deleteOfChild deletes the row id of table (pickup_persons or pickup_delegations) that belongs to
// the child; a row of another child is not found.
func (s Children) deleteOfChild(ctx context.Context, a *linli.Actor, childID, id, table, objectType string) error {
	if err := guardianOf(ctx, s.read, a, childID); err != nil {
		return err
	}
	if !validID(id) {
		return linli.NotFound(objectType)
	}
	return s.inTx(ctx, func(tx *Tx) error {
		if err := guardianOf(ctx, tx, a, childID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = ? AND child_id = ?`, id, childID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return linli.NotFound(objectType)
		}
		return tx.audit(ctx, a, "", objectType+".delete", objectType, id, map[string]string{"child_id": childID})
	})
}
