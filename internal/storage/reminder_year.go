package storage

import (
	"context"
	"strconv"

	"github.com/linli/linli/internal/calendar"
	"github.com/linli/linli/internal/linli"
)

// scanProvisionalYear tells every administrator, once, from 60 days before a year begins, that a
// day calendar in use ("cn" or one a community follows) has only provisional holidays for it.
// A quiet minute reads and writes nothing more than two small queries.
func (s Outbox) scanProvisionalYear(ctx context.Context) error {
	year, due := linli.ProvisionalYearDue(s.Now())
	if !due {
		return nil
	}
	key := strconv.Itoa(year)
	admins, err := queryStrings(ctx, s.read, `SELECT id FROM users WHERE is_admin = 1 AND NOT EXISTS (
			SELECT 1 FROM notifications n WHERE n.once_key = ? || users.id) ORDER BY id`,
		linli.NoticeCalendarYearProvisional+"|"+key+"|")
	if err != nil || len(admins) == 0 {
		return translate(err)
	}
	ids, err := queryStrings(ctx, s.read, `SELECT ? UNION SELECT calendar_id FROM communities`, calendar.BuiltinID)
	if err != nil {
		return translate(err)
	}
	provisional := false
	for _, id := range ids {
		cal, err := loadCalendar(ctx, s.read, id)
		if err != nil {
			return err
		}
		provisional = provisional || cal.Source(year) == calendar.SourceProvisional
	}
	if !provisional {
		return nil
	}
	return s.inTx(ctx, func(tx *Tx) error {
		return notifyTx(ctx, tx, linli.Notice{Kind: linli.NoticeCalendarYearProvisional, Recipients: admins, Once: true,
			Key: key, Data: linli.NoticeData{Year: year}})
	})
}
