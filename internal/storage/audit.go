package storage

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/linli/linli/internal/linli"
)

// Audit implements linli.AuditService.
type Audit struct{ *DB }

var _ linli.AuditService = Audit{}

// FindAudit lists audit entries, newest last: administrators see all, coordinators their community's.
func (s Audit) FindAudit(ctx context.Context, a *linli.Actor, communityID string, in linli.Input[linli.AuditFilter]) ([]linli.AuditEntry, string, error) {
	if err := a.RequireUser(); err != nil {
		return nil, "", err
	}
	loc := time.UTC
	if communityID == "" {
		if err := a.RequireAdmin(); err != nil {
			return nil, "", err
		}
	} else {
		if _, err := authorize(ctx, s.read, a, linli.ActReadCommunity, linli.ObjCommunity, communityID); err != nil {
			return nil, "", err
		}
		c, err := Communities{s.DB}.FindCommunity(ctx, communityID)
		if err != nil {
			return nil, "", err
		}
		loc = c.Location()
	}
	f, err := in()
	if err != nil {
		return nil, "", err
	}
	from, to := "", "9999"
	if !f.From.IsZero() {
		from = fmtTime(f.From.At(linli.Clock{}, loc))
	}
	if !f.To.IsZero() {
		to = fmtTime(f.To.AddDays(1).At(linli.Clock{}, loc))
	}
	return listPage(ctx, s.read, f.Page, `SELECT a.id, a.at, a.actor_id, COALESCE(u.name, ''), a.community_id, a.action, a.object_type, a.object_id, a.detail
		FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
		WHERE (?1 = '' OR a.community_id = ?1) AND a.at >= ?2 AND a.at < ?3 AND a.id > CAST(COALESCE(NULLIF(?4, ''), '0') AS INTEGER) ORDER BY a.id LIMIT ?5`,
		func(r *sql.Rows) (e linli.AuditEntry, err error) {
			var at instant
			var detail sql.NullString
			err = r.Scan(&e.ID, &at, &e.ActorID, &e.ActorName, &e.CommunityID, &e.Action, &e.ObjectType, &e.ObjectID, &detail)
			e.At = at.Time
			if detail.Valid {
				e.Detail = []byte(detail.String)
			}
			return e, err
		},
		func(e linli.AuditEntry) string { return strconv.FormatInt(e.ID, 10) },
		communityID, from, to)
}
