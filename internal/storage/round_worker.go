package storage

import (
	"context"
	"errors"

	"github.com/linli/linli/internal/linli"
)

// scanRounds closes the rounds whose closes_at has come and draws, with an empty public entropy,
// the closed rounds without an entropy_source whose draw_at has come. Each round is done in its
// own transaction that takes the round's row first (passing over one another instance holds) and
// changes it only while it is still undone (closed_at IS NULL, drawn_at IS NULL), so each round
// is closed and drawn once, across restarts and instances.
func (s Outbox) scanRounds(ctx context.Context) error {
	now := fmtTime(s.Now())
	var errs []error
	for _, step := range []struct {
		query string
		do    func(ctx context.Context, tx *Tx, x *roundRow) error
	}{
		{`SELECT id FROM rounds WHERE closed_at IS NULL AND closes_at <= ? ORDER BY closes_at, id`,
			func(ctx context.Context, tx *Tx, x *roundRow) error {
				if x.ClosedAt != nil {
					return nil
				}
				return closeTx(ctx, tx, nil, x)
			}},
		{`SELECT id FROM rounds WHERE closed_at IS NOT NULL AND drawn_at IS NULL AND entropy_source = '' AND draw_at IS NOT NULL AND draw_at <= ?
			ORDER BY draw_at, id`,
			func(ctx context.Context, tx *Tx, x *roundRow) error {
				if x.ClosedAt == nil || x.DrawnAt != nil || x.EntropySource != "" {
					return nil
				}
				return drawTx(ctx, tx, nil, x, "")
			}},
	} {
		ids, err := queryStrings(ctx, s.read, step.query, now)
		if err != nil {
			errs = append(errs, translate(err))
			continue
		}
		for _, id := range ids {
			err := s.inTx(ctx, func(tx *Tx) error {
				mine, err := queryStrings(ctx, tx, `SELECT id FROM rounds WHERE id = ?`+tx.skipLocked(), id)
				if err != nil || len(mine) == 0 {
					return err // another instance's worker has it
				}
				x, err := readRound(ctx, tx, id)
				if err != nil {
					return err
				}
				return step.do(ctx, tx, x)
			})
			if linli.ErrorCode(err) != linli.EConflict { // a conflict: done by another worker meanwhile, nothing written
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}
