package storage

import (
	"context"
	"encoding/json"
	"strings"
)

// batchTx is the transaction of one group commit and its copy of the sessions booked into. In a
// rush every job of a batch books the same session: the batch reads it once, and each booking
// changes the copy (seats taken, line, arrivals) and stages its audit entries, instead of writing
// counters and audit rows one by one. A job's changes to the copy are staged and applied only when
// the job succeeds, so a refused job leaves the copy as its savepoint leaves the database. The
// batch settles the copy — writes the counters and the audit entries, and forgets the sessions —
// before and after any job that is not shared, and before the commit: such a job, and every later
// read, sees the database whole.
type batchTx struct {
	*Tx
	targets map[string]*bookingTarget
	staged  []func()
	audits  []stagedAudit
	wrote   bool // the running shared job wrote a row (see attempt.run)
}

// stagedAudit is an audit entry waiting for the batch to settle.
type stagedAudit struct {
	actorID, communityID, action, objectType, objectID string
	detail                                             []byte
}

func newBatchTx(tx *Tx) *batchTx {
	return &batchTx{Tx: tx, targets: map[string]*bookingTarget{}}
}

// stage keeps a change of the batch's copy until the running job ends well.
func (tx *batchTx) stage(change func()) { tx.staged = append(tx.staged, change) }

// apply makes the running job's staged changes.
func (tx *batchTx) apply() {
	for _, change := range tx.staged {
		change()
	}
	tx.staged = tx.staged[:0]
}

// drop forgets the running job's staged changes: it failed.
func (tx *batchTx) drop() { tx.staged = tx.staged[:0] }

// auditLater stages an audit entry of a booking into the batch's copy of a session.
func (tx *batchTx) auditLater(a stagedAudit, detail any) error {
	b, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	a.detail = b
	tx.stage(func() { tx.audits = append(tx.audits, a) })
	return nil
}

// auditRowsAtOnce bounds the rows of one audit insert (7 parameters each).
const auditRowsAtOnce = 100

// settle writes the seat counters and lines of the sessions the batch changed, and the staged
// audit entries, then forgets the sessions.
func (tx *batchTx) settle(ctx context.Context) error {
	for id, t := range tx.targets {
		if !t.dirty {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET confirmed = ?, waitlisted = ? WHERE id = ?`, t.Confirmed, t.waitlisted, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO session_lines (session_id, arrivals, waiting) VALUES (?, ?, ?)
			ON CONFLICT (session_id) DO UPDATE SET arrivals = excluded.arrivals, waiting = excluded.waiting`, id, t.arrivals, t.waiting); err != nil {
			return err
		}
	}
	clear(tx.targets)
	at := fmtTime(tx.Now)
	for len(tx.audits) > 0 {
		n := min(len(tx.audits), auditRowsAtOnce)
		args := make([]any, 0, 7*n)
		for _, a := range tx.audits[:n] {
			args = append(args, at, a.actorID, a.communityID, a.action, a.objectType, a.objectID, string(a.detail))
		}
		values := strings.Repeat(", (?, ?, ?, ?, ?, ?, ?)", n)[2:]
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor_id, community_id, action, object_type, object_id, detail) VALUES `+values, args...); err != nil {
			return err
		}
		tx.audits = tx.audits[n:]
	}
	tx.audits = nil
	return nil
}
