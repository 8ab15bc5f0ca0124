package storage

import (
	"context"
	"database/sql"
)

// inPgBooking runs a booking job on PostgreSQL: in a transaction of its own, side by side with
// the others (several instances may share the database), READ COMMITTED, where the job takes the
// rows it counts on (the session, the child, the booking: see Tx.lock) before it reads them. A
// job that lost a deadlock runs again. The job sees a batch of one: its copy of the sessions is
// settled before the commit.
func (d *DB) inPgBooking(ctx context.Context, fn func(ctx context.Context, tx *batchTx) error) error {
	return d.inPgTx(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		btx := newBatchTx(tx)
		if err := fn(ctx, btx); err != nil {
			return err
		}
		btx.apply()
		return btx.settle(ctx)
	})
}
