package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"time"

	"github.com/linli/linli/internal/linli"
)

// ClaimRobotPosts leases up to max due chat-robot posts to worker, at most
// linli.RobotPostsPerMinute a minute per robot: every post attempted in the last minute counts,
// by any worker of any instance, read after taking the robot's row so that two workers cannot
// both take its last places. On PostgreSQL the workers pass over posts another is claiming.
func (s Outbox) ClaimRobotPosts(ctx context.Context, worker string, lease time.Duration, max int) ([]linli.RobotPost, error) {
	var out []linli.RobotPost
	err := s.inQueueTx(ctx, func(tx *Tx) error {
		out = nil
		now, minuteAgo := fmtTime(tx.Now), fmtTime(tx.Now.Add(-time.Minute))
		type due struct{ id, robot string }
		rows, err := tx.QueryContext(ctx, `SELECT p.id, p.robot_id FROM chat_robot_posts p
			WHERE p.status = 'pending' AND p.next_attempt_at <= ?1 AND (p.lease_until IS NULL OR p.lease_until < ?1)
				AND (SELECT COUNT(*) FROM chat_robot_posts x WHERE x.robot_id = p.robot_id AND x.attempted_at >= ?2) < ?3
			ORDER BY p.next_attempt_at, p.id LIMIT ?4`+tx.skipLocked(), now, minuteAgo, linli.RobotPostsPerMinute, max)
		if err != nil {
			return err
		}
		var found []due
		for rows.Next() {
			var d due
			if err := rows.Scan(&d.id, &d.robot); err != nil {
				rows.Close()
				return err
			}
			found = append(found, d)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		// Robots are locked in the order of their ids, so that two workers never wait on each other.
		slices.SortStableFunc(found, func(a, b due) int {
			if a.robot < b.robot {
				return -1
			}
			if a.robot > b.robot {
				return 1
			}
			return 0
		})
		until := fmtTime(tx.Now.Add(lease))
		left := map[string]int{}
		for _, d := range found {
			budget, ok := left[d.robot]
			if !ok {
				if err := tx.lock(ctx, "chat_robots", d.robot); err != nil {
					return err
				}
				var sent int
				if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM chat_robot_posts WHERE robot_id = ? AND attempted_at >= ?`,
					d.robot, minuteAgo).Scan(&sent); err != nil {
					return err
				}
				budget = linli.RobotPostsPerMinute - sent
			}
			if budget <= 0 {
				left[d.robot] = 0
				continue
			}
			res, err := tx.ExecContext(ctx, `UPDATE chat_robot_posts SET claimed_by = ?, lease_until = ?, attempted_at = ?
				WHERE id = ? AND status = 'pending' AND (lease_until IS NULL OR lease_until < ?)`, worker, until, now, d.id, now)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				left[d.robot] = budget
				if err != nil {
					return err
				}
				continue
			}
			left[d.robot] = budget - 1
			p, err := robotPost(ctx, tx, d.id)
			if err == sql.ErrNoRows {
				continue // its robot was deleted
			}
			if err != nil {
				return err
			}
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// robotPost reads a claimed post with its robot.
func robotPost(ctx context.Context, tx *Tx, id string) (linli.RobotPost, error) {
	p := linli.RobotPost{ID: id}
	var first instant
	var data string
	err := tx.QueryRowContext(ctx, `SELECT p.robot_id, p.attempts, p.created_at, p.data, p.times, r.kind, r.url, r.secret
		FROM chat_robot_posts p JOIN chat_robots r ON r.id = p.robot_id WHERE p.id = ? AND r.deleted_at IS NULL`, id).Scan(
		&p.RobotID, &p.Attempts, &first, &data, &p.Times, &p.Kind, &p.URL, &p.Secret)
	if err != nil {
		return p, err
	}
	p.FirstTry = first.Time
	return p, json.Unmarshal([]byte(data), &p.Event)
}

// FinishRobotPost records the outcome of an attempt, if worker still holds the post.
func (s Outbox) FinishRobotPost(ctx context.Context, worker, id string, o linli.DeliveryOutcome) error {
	return s.inTx(ctx, func(tx *Tx) error {
		now := fmtTime(tx.Now)
		status, next, delivered := linli.DeliveryPending, fmtTime(o.RetryAt), sql.NullString{}
		switch {
		case o.Delivered:
			status, next, delivered = linli.DeliveryDelivered, now, sql.NullString{String: now, Valid: true}
		case o.RetryAt.IsZero():
			status, next = linli.DeliveryFailed, now
		}
		_, err := tx.ExecContext(ctx, `UPDATE chat_robot_posts SET status = ?, attempts = attempts + 1, next_attempt_at = ?,
				delivered_at = ?, last_status = ?, last_error = ?, claimed_by = NULL, lease_until = NULL
			WHERE id = ? AND claimed_by = ? AND status = 'pending'`,
			status, next, delivered, o.Status, o.Error, id, worker)
		return err
	})
}

// ReleaseRobotPosts gives back the posts worker claimed and did not finish.
func (s Outbox) ReleaseRobotPosts(ctx context.Context, worker string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE chat_robot_posts SET claimed_by = NULL, lease_until = NULL
			WHERE claimed_by = ? AND status = 'pending'`, worker)
		return err
	})
}
