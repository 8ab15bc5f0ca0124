package storage

import "database/sql"

// batchTxOptions are the options of a group commit's transaction. On SQLite the one writer
// connection begins IMMEDIATE (its DSN says so). On PostgreSQL, where other instances write at the
// same time, the batch runs READ COMMITTED and each job takes the rows it counts on (the session
// FOR UPDATE, then the child; a cancel the booking first: see Tx.lock) before it reads them, so
// that seats stay exact across instances; the locks are held until the batch commits.
func (d *DB) batchTxOptions() *sql.TxOptions {
	if d.dialect == dialectPostgres {
		return &sql.TxOptions{Isolation: sql.LevelReadCommitted}
	}
	return nil
}
