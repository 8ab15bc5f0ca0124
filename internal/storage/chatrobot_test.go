package storage

import (
	"strings"
	"testing"

	"github.com/linli/linli/internal/linli"
)

// robotRows reads the posts of the outbox: robot, event, times and status, in robot order.
func robotRows(t *testing.T, d *DB) []string {
	t.Helper()
	rows, err := d.read.Query(`SELECT p.robot_id, p.event, p.times, p.status, p.data FROM chat_robot_posts p ORDER BY p.robot_id, p.created_at, p.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var robot, event, status, data string
		var times int
		if err := rows.Scan(&robot, &event, &times, &status, &data); err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.Join([]string{robot[len(robot)-4:], event, status, data}, " ")+" ×"+string(rune('0'+times)))
	}
	return out
}

// TestEnqueueChatRobotPostsForADrawnRound is the call the draw of an application round makes
// (the lead wires it): one post per subscribed robot of the round's community, none to a robot
// of another community, to one not subscribed, or to a deleted one; a second draw transaction
// of the same round posts again (each transaction is its own event).
func TestEnqueueChatRobotPostsForADrawnRound(t *testing.T) {
	w := newNoticeWorld(t)
	community := w.session.CommunityID
	name := "另一个社区"
	other, err := Communities{w.d}.CreateCommunity(w.ctx, w.admin, linli.Given(linli.CommunityChange{Name: &name}))
	if err != nil {
		t.Fatal(err)
	}
	add := func(community, kind string, events ...string) *linli.ChatRobot {
		t.Helper()
		r, err := ChatRobots{w.d}.CreateChatRobot(w.ctx, w.admin, community, linli.Given(linli.NewChatRobot{Kind: kind,
			URL: "http://127.0.0.1:9/robot/send?access_token=t-" + kind, Events: events}))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	drawn := add(community, linli.RobotDingTalk, linli.ChatRoundDrawn, linli.ChatSessionCancelled)
	add(community, linli.RobotFeishu, linli.ChatProgramPublished)
	add(other.ID, linli.RobotWeCom, linli.ChatRoundDrawn)
	gone := add(community, linli.RobotFeishu, linli.ChatRoundDrawn)
	if err := (ChatRobots{w.d}).DeleteChatRobot(w.ctx, w.admin, gone.ID); err != nil {
		t.Fatal(err)
	}

	ev := linli.ChatEvent{Kind: linli.ChatRoundDrawn, Title: "2026 秋季四点半课堂报名", Link: "/#/rounds/r1"}
	draw := func() {
		t.Helper()
		err := w.d.inTx(w.ctx, func(tx *Tx) error { return enqueueChatRobotPosts(w.ctx, tx, community, ev, "r1") })
		if err != nil {
			t.Fatal(err)
		}
	}
	draw()
	got := robotRows(t, w.d)
	if len(got) != 1 || !strings.HasPrefix(got[0], drawn.ID[len(drawn.ID)-4:]+" round_drawn pending") || !strings.HasSuffix(got[0], "×1") ||
		!strings.Contains(got[0], `"title":"2026 秋季四点半课堂报名"`) {
		t.Fatalf("posts %q; want one to the subscribed robot of the community", got)
	}
	draw()
	if got := robotRows(t, w.d); len(got) != 2 {
		t.Errorf("posts %q; a second transaction is a second post", got)
	}
	text := linli.ChatText(ev, 1, "https://linli.example")
	if text != "【摇号结果】2026 秋季四点半课堂报名 已完成电脑随机派位\n结果公示：https://linli.example/#/rounds/r1" {
		t.Errorf("round post %q", text)
	}
	bad := w.d.inTx(w.ctx, func(tx *Tx) error {
		return enqueueChatRobotPosts(w.ctx, tx, community, linli.ChatEvent{Kind: "booking_promoted", Title: "x"}, "r1")
	})
	if bad == nil {
		t.Error("an event robots do not post was written")
	}
}
