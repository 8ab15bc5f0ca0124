package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/linli/linli/internal/linli"
)

// objectQueries read the community of an object and, for programs and sessions, their kind.
var objectQueries = map[linli.ObjectKind]string{
	linli.ObjCommunity: `SELECT id, '' FROM communities WHERE id = ?`,
	linli.ObjGrid:      `SELECT community_id, '' FROM grids WHERE id = ?`,
	linli.ObjBuilding:  `SELECT community_id, '' FROM buildings WHERE id = ?`,
	linli.ObjHousehold: `SELECT community_id, '' FROM households WHERE id = ?`,
	linli.ObjProgram:   `SELECT community_id, kind FROM programs WHERE id = ?`,
	linli.ObjSession:   `SELECT community_id, kind FROM sessions WHERE id = ?`,
}

// staffQueries read who staffs a program (itself or any of its sessions) or a session; each
// takes the id twice.
var staffQueries = map[linli.ObjectKind]string{
	linli.ObjProgram: `SELECT user_id FROM program_staff WHERE program_id = ?
		UNION SELECT x.user_id FROM session_staff x JOIN sessions s ON s.id = x.session_id WHERE s.program_id = ?`,
	linli.ObjSession: `SELECT user_id FROM session_staff WHERE session_id = ? AND session_id = ?`,
}

// objectFacts reads what the rules need to know about the object id of kind; a missing object
// comes back Absent.
func objectFacts(ctx context.Context, q querier, kind linli.ObjectKind, id string) (linli.Object, error) {
	obj := linli.Object{Kind: kind}
	if !validID(id) {
		obj.Absent = true
		return obj, nil
	}
	err := q.QueryRowContext(ctx, objectQueries[kind], id).Scan(&obj.CommunityID, &obj.ProgramKind)
	if errors.Is(err, sql.ErrNoRows) {
		obj.Absent = true
		return obj, nil
	}
	if err != nil || staffQueries[kind] == "" {
		return obj, translate(err)
	}
	rows, err := q.QueryContext(ctx, staffQueries[kind], id, id)
	if err != nil {
		return obj, translate(err)
	}
	obj.StaffIDs, err = scanStrings(rows)
	return obj, translate(err)
}

// authorize asks linli.Authorize whether a may do act to the object id of kind, with its facts
// read through q: for a change, the transaction that makes it, so that nothing changes between
// the check and the write.
func authorize(ctx context.Context, q querier, a *linli.Actor, act linli.Action, kind linli.ObjectKind, id string) (linli.Object, error) {
	if a == nil {
		return linli.Object{Kind: kind}, linli.Authorize(a, act, linli.Object{Kind: kind})
	}
	obj, err := objectFacts(ctx, q, kind, id)
	if err != nil {
		return obj, err
	}
	return obj, linli.Authorize(a, act, obj)
}
