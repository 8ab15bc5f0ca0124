package storage

import (
	"context"
	"database/sql"
	"errors"

	"github.com/linli/linli/internal/linli"
)

// objectQueries read an object's community, the kind of a program or session, the volunteer of
// a service record, and the id the lists of people about it are read by (see peopleQueries).
var objectQueries = map[linli.ObjectKind]string{
	linli.ObjCommunity:     `SELECT id, '', '', id FROM communities WHERE id = ?`,
	linli.ObjGrid:          `SELECT community_id, '', '', id FROM grids WHERE id = ?`,
	linli.ObjBuilding:      `SELECT community_id, '', '', id FROM buildings WHERE id = ?`,
	linli.ObjHousehold:     `SELECT community_id, '', '', id FROM households WHERE id = ?`,
	linli.ObjProgram:       `SELECT community_id, kind, '', id FROM programs WHERE id = ?`,
	linli.ObjSession:       `SELECT community_id, kind, '', id FROM sessions WHERE id = ?`,
	linli.ObjServiceRecord: `SELECT community_id, '', user_id, id FROM service_records WHERE id = ?`,
	linli.ObjCorrection: `SELECT r.community_id, '', r.user_id, c.id FROM service_corrections c
		JOIN service_records r ON r.id = c.record_id WHERE c.id = ?`,
	linli.ObjVisitPlan: `SELECT community_id, '', '', program_id FROM visit_plans WHERE id = ?`,
	linli.ObjConcern:   `SELECT community_id, '', '', household_id FROM concerns WHERE id = ?`,
	linli.ObjChild:     `SELECT '', '', '', id FROM children WHERE id = ?`,
	linli.ObjChatRobot: `SELECT community_id, '', '', id FROM chat_robots WHERE id = ? AND deleted_at IS NULL`,
}

// peopleQueries read the lists of people of a fact about an object, by the id its object query
// reads; each takes that id twice.
var peopleQueries = map[linli.Fact]map[linli.ObjectKind]string{
	linli.FactStaff: {
		linli.ObjProgram: programStaffQuery,
		linli.ObjSession: `SELECT user_id FROM session_staff WHERE session_id = ? AND session_id = ?`,
		// A visit plan is staffed by the volunteers of its program.
		linli.ObjVisitPlan: programStaffQuery,
	},
	linli.FactGuardians: {
		linli.ObjChild: `SELECT user_id FROM child_guardians WHERE child_id = ? AND child_id = ?`,
		linli.ObjSession: `SELECT DISTINCT g.user_id FROM bookings b JOIN child_guardians g ON g.child_id = b.child_id
			WHERE b.session_id = ? AND b.session_id = ?`,
	},
	linli.FactAssigned: {
		linli.ObjConcern: `SELECT DISTINCT x.user_id FROM visit_plans v JOIN programs p ON p.id = v.program_id
			JOIN program_staff x ON x.program_id = p.id WHERE v.household_id = ? AND v.household_id = ? AND p.status = 'active'`,
	},
}

// programStaffQuery reads who staffs a program or any of its sessions.
const programStaffQuery = `SELECT user_id FROM program_staff WHERE program_id = ?
	UNION SELECT x.user_id FROM session_staff x JOIN sessions s ON s.id = x.session_id WHERE s.program_id = ?`

// objectFacts reads what the rule of act needs to know about the object id of kind; a missing
// object comes back Absent.
func objectFacts(ctx context.Context, q querier, act linli.Action, kind linli.ObjectKind, id string) (linli.Object, error) {
	obj := linli.Object{Kind: kind}
	if kind == linli.ObjServer {
		return obj, nil
	}
	var ref string
	err := sql.ErrNoRows
	if validID(id) {
		err = q.QueryRowContext(ctx, objectQueries[kind], id).Scan(&obj.CommunityID, &obj.ProgramKind, &obj.OwnerID, &ref)
	}
	if errors.Is(err, sql.ErrNoRows) {
		obj.Absent = true
		return obj, nil
	}
	if err != nil {
		return obj, translate(err)
	}
	for fact, into := range map[linli.Fact]*[]string{linli.FactStaff: &obj.StaffIDs, linli.FactGuardians: &obj.GuardianIDs, linli.FactAssigned: &obj.AssignedIDs} {
		query := peopleQueries[fact][kind]
		if !act.Needs().Has(fact) || query == "" {
			continue
		}
		rows, err := q.QueryContext(ctx, query, ref, ref)
		if err != nil {
			return obj, translate(err)
		}
		if *into, err = scanStrings(rows); err != nil {
			return obj, translate(err)
		}
	}
	return obj, nil
}

// authorize asks linli.Authorize whether a may do act to the object id of kind, with its facts
// read through q: for a change, the transaction that makes it, so that nothing changes between
// the check and the write. It returns the facts it read.
func authorize(ctx context.Context, q querier, a *linli.Actor, act linli.Action, kind linli.ObjectKind, id string) (linli.Object, error) {
	if a == nil {
		return linli.Object{Kind: kind}, linli.Authorize(a, act, linli.Object{Kind: kind})
	}
	obj, err := objectFacts(ctx, q, act, kind, id)
	if err != nil {
		return obj, err
	}
	return obj, linli.Authorize(a, act, obj)
}

// guardedBy is the guardians fact of an object as far as it concerns a, for a query that read
// only whether a is among them: a's id when it is, else none.
func guardedBy(a *linli.Actor, is bool) []string {
	if !is {
		return nil
	}
	return []string{a.UserID()}
}
