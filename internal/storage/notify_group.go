package storage

import (
	"context"
	"slices"

	"github.com/linli/linli/internal/linli"
)

// hookEvents returns the events a webhook subscribes to that bring it notices of kind: the kind,
// and for a program_changed notice, which stands for many moves and cancellations, also
// session_moved and session_cancelled.
func hookEvents(kind string) []string {
	if kind == linli.NoticeProgramChanged {
		return []string{kind, linli.NoticeSessionMoved, linli.NoticeSessionCancelled}
	}
	return []string{kind}
}

// heldNotices are the session notices of one change of programs, per program and person, in the
// order they were made, with the children of each person booked into the sessions.
type heldNotices struct {
	programs []string
	people   map[string][]string // per program, its recipients in order
	notices  map[[2]string][]linli.Notice
	kids     map[[2]string][][2]string // names and ids
}

// holdSessionNotices runs fn, a change of programs in tx, holding back the session notices it
// makes, then writes them as linli.GroupSessionNotices decides: per program and person, the
// notices themselves, or one program_changed notice for many. Nested, it is fn alone. An error
// of fn drops what was held.
func holdSessionNotices(ctx context.Context, tx *Tx, fn func() error) error {
	if tx.held != nil {
		return fn()
	}
	h := &heldNotices{people: map[string][]string{}, notices: map[[2]string][]linli.Notice{}, kids: map[[2]string][][2]string{}}
	tx.held = h
	err := fn()
	tx.held = nil
	if err != nil {
		return err
	}
	for _, pid := range h.programs {
		for _, uid := range h.people[pid] {
			key := [2]string{pid, uid}
			for _, n := range linli.GroupSessionNotices(pid, h.notices[key], h.kids[key]) {
				if err := notifyTx(ctx, tx, n); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// sessionNoticeTx writes n, a notice of a session of the program programID, or holds it back
// per recipient while a change of programs runs (see holdSessionNotices).
func sessionNoticeTx(ctx context.Context, tx *Tx, programID string, n linli.Notice) error {
	h := tx.held
	if h == nil || programID == "" {
		return notifyTx(ctx, tx, n)
	}
	if err := n.Validate(); err != nil {
		return err
	}
	kids, err := guardiansBooked(ctx, tx, n.SessionID)
	if err != nil {
		return err
	}
	if _, ok := h.people[programID]; !ok {
		h.programs = append(h.programs, programID)
		h.people[programID] = []string{}
	}
	for i, uid := range n.Recipients {
		if uid == "" || slices.Contains(n.Recipients[:i], uid) {
			continue
		}
		key := [2]string{programID, uid}
		if _, ok := h.notices[key]; !ok {
			h.people[programID] = append(h.people[programID], uid)
		}
		one := n
		one.Recipients = []string{uid}
		h.notices[key] = append(h.notices[key], one)
		h.kids[key] = append(h.kids[key], kids[uid]...)
	}
	return nil
}

// guardiansBooked returns, per guardian, the children with a confirmed or waitlisted booking in
// the session (names and ids).
func guardiansBooked(ctx context.Context, q querier, sessionID string) (map[string][][2]string, error) {
	ids, err := queryStrings(ctx, q, `SELECT child_id FROM bookings WHERE session_id = ? AND status IN ('confirmed', 'waitlisted')`, sessionID)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	_, kids, err := childrenByGuardian(ctx, q, ids)
	return kids, err
}
