package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/linli/linli/internal/linli"
)

// ChatRobots implements linli.ChatRobots: the group-chat robots of 企业微信, 钉钉 and 飞书 that
// a community's coordinators add. The URL and secret are kept as given (the worker needs them)
// and never leave storage: the API reads robots masked, the audit log names the kind and events.
type ChatRobots struct{ *DB }

var _ linli.ChatRobots = ChatRobots{}

// CreateChatRobot adds a robot to a community. The body is read only once the caller may.
func (s ChatRobots) CreateChatRobot(ctx context.Context, a *linli.Actor, communityID string, body linli.Input[linli.NewChatRobot]) (*linli.ChatRobot, error) {
	if _, err := authorize(ctx, s.read, a, linli.ActManageChatRobots, linli.ObjCommunity, communityID); err != nil {
		return nil, err
	}
	in, err := body()
	if err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	r := &linli.ChatRobot{ID: newID(), CommunityID: communityID, Kind: in.Kind, URL: linli.MaskURL(in.URL), Signed: in.Secret != "", Events: in.Events}
	err = s.inTx(ctx, func(tx *Tx) error {
		if _, err := authorize(ctx, tx, a, linli.ActManageChatRobots, linli.ObjCommunity, communityID); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM chat_robots WHERE community_id = ? AND deleted_at IS NULL`,
			communityID).Scan(&n); err != nil {
			return err
		}
		if n >= linli.MaxChatRobots {
			return linli.Errorf(linli.EConflict, "a community may have at most %d chat robots", linli.MaxChatRobots)
		}
		r.CreatedAt = tx.Now
		if _, err := tx.ExecContext(ctx, `INSERT INTO chat_robots (id, community_id, kind, url, secret, events, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, communityID, r.Kind, in.URL, in.Secret, jsonList(r.Events), a.UserID(), fmtTime(tx.Now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, communityID, "chat_robot.create", "chat_robot", r.ID, robotAudit(r))
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// robotAudit is what the audit log keeps of a robot: never its URL or secret.
func robotAudit(r *linli.ChatRobot) map[string]any {
	return map[string]any{"kind": r.Kind, "events": r.Events, "signed": r.Signed}
}

const robotColumns = `id, community_id, kind, url, secret <> '', events, created_at`

func scanChatRobot(row interface{ Scan(...any) error }) (linli.ChatRobot, error) {
	var r linli.ChatRobot
	var events string
	var created instant
	if err := row.Scan(&r.ID, &r.CommunityID, &r.Kind, &r.URL, &r.Signed, &events, &created); err != nil {
		return r, err
	}
	r.URL, r.CreatedAt = linli.MaskURL(r.URL), created.Time
	return r, json.Unmarshal([]byte(events), &r.Events)
}

// FindChatRobots lists a community's robots, masked, oldest first.
func (s ChatRobots) FindChatRobots(ctx context.Context, a *linli.Actor, communityID string) ([]linli.ChatRobot, error) {
	if _, err := authorize(ctx, s.read, a, linli.ActManageChatRobots, linli.ObjCommunity, communityID); err != nil {
		return nil, err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+robotColumns+` FROM chat_robots
		WHERE community_id = ? AND deleted_at IS NULL ORDER BY created_at, id`, communityID)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []linli.ChatRobot{}
	for rows.Next() {
		r, err := scanChatRobot(rows)
		if err != nil {
			return nil, translate(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err)
	}
	for i := range out {
		if err := robotHealth(ctx, s.read, &out[i]); err != nil {
			return nil, translate(err)
		}
	}
	return out, nil
}

// robotHealth reads when the robot's posts last went through and whether its latest attempted
// post failed, so that a coordinator sees a robot whose group removed it or changed its key.
func robotHealth(ctx context.Context, q querier, r *linli.ChatRobot) error {
	var last sql.NullString
	if err := q.QueryRowContext(ctx, `SELECT MAX(delivered_at) FROM chat_robot_posts WHERE robot_id = ?`, r.ID).Scan(&last); err != nil {
		return err
	}
	if last.Valid {
		t := parseTime(last.String)
		r.LastDeliveredAt = &t
	}
	var status, lastError string
	var attempts int
	err := q.QueryRowContext(ctx, `SELECT status, attempts, last_error FROM chat_robot_posts
		WHERE robot_id = ? AND attempted_at IS NOT NULL ORDER BY attempted_at DESC, id DESC LIMIT 1`, r.ID).Scan(&status, &attempts, &lastError)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	switch {
	case status == linli.DeliveryFailed:
		r.Failing, r.LastError = "failed", lastError
	case status == linli.DeliveryPending && attempts > 0:
		r.Failing, r.LastError = "retrying", lastError
	}
	return nil
}

// DeleteChatRobot removes a robot: it forgets the URL and secret, and its posts not yet sent go.
// The row stays, so that the audit log's id still names a robot of the community.
func (s ChatRobots) DeleteChatRobot(ctx context.Context, a *linli.Actor, id string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		obj, err := authorize(ctx, tx, a, linli.ActManageChatRobots, linli.ObjChatRobot, id)
		if err != nil {
			return err
		}
		r, err := scanChatRobot(tx.QueryRowContext(ctx, `SELECT `+robotColumns+` FROM chat_robots WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return linli.NotFound(string(linli.ObjChatRobot))
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE chat_robots SET url = '', secret = '', deleted_at = ? WHERE id = ?`, fmtTime(tx.Now), id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM chat_robot_posts WHERE robot_id = ? AND status = 'pending'`, id); err != nil {
			return err
		}
		return tx.audit(ctx, a, obj.CommunityID, "chat_robot.delete", "chat_robot", id, robotAudit(&r))
	})
}

// enqueueChatRobotPosts writes, in tx, one post of ev for each robot of the community that
// subscribes to ev.Kind, so that the post goes out exactly when the change commits. Posts with
// the same key within one transaction (the sessions of one program one change cancels or
// moves) fold into one, counting how many.
//
// For the lead: the draw of an application round calls it, in the transaction that draws, with
//
//	enqueueChatRobotPosts(ctx, tx, round.CommunityID, linli.ChatEvent{Kind: linli.ChatRoundDrawn,
//		Title: round.Name, Link: "/#/rounds/" + round.ID}, round.ID)
//
// (never a family, a child or a household in ev: it goes to a group chat).
func enqueueChatRobotPosts(ctx context.Context, tx *Tx, communityID string, ev linli.ChatEvent, key string) error {
	if err := ev.Validate(); err != nil {
		return err
	}
	robots, err := subscribedRobots(ctx, tx, communityID, ev.Kind)
	if err != nil || len(robots) == 0 {
		return err
	}
	data, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	if tx.robotBatch == "" {
		tx.robotBatch = newID()
	}
	now := fmtTime(tx.Now)
	for _, robot := range robots {
		if _, err := tx.ExecContext(ctx, `INSERT INTO chat_robot_posts (id, robot_id, event, data, dedupe_key, next_attempt_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO UPDATE SET times = chat_robot_posts.times + 1`,
			newID(), robot, ev.Kind, string(data), robot+"|"+ev.Kind+"|"+key+"|"+tx.robotBatch, now, now); err != nil {
			return err
		}
	}
	return nil
}

// subscribedRobots returns the ids of the community's robots that post event, in id order.
func subscribedRobots(ctx context.Context, tx *Tx, communityID, event string) ([]string, error) {
	return queryStrings(ctx, tx, `SELECT id FROM chat_robots
		WHERE community_id = ? AND deleted_at IS NULL AND EXISTS (SELECT 1 FROM json_each(chat_robots.events) WHERE value = ?)
		ORDER BY id`, communityID, event)
}
