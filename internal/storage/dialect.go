package storage

// dialect is the database a DB runs on. The statements are the same on both; what differs is
// how a write transaction keeps others out (see inTx and inBatch) and the few lines that ask.
type dialect int

const (
	dialectSQLite dialect = iota
	dialectPostgres
)

// String names the dialect in errors.
func (d dialect) String() string {
	if d == dialectPostgres {
		return "postgres"
	}
	return "sqlite"
}
