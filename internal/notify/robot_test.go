package notify_test

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/notify"
	"github.com/linli/linli/internal/storage"
)

func TestRobotPostsInEachServicesFormatSignedAndResignedOnRetry(t *testing.T) {
	for _, c := range []struct {
		kind, secret string
		code         int // the service's code of the first answer
	}{
		{linli.RobotWeCom, "", 45009},
		{linli.RobotDingTalk, robotSecret, 130101},
		{linli.RobotFeishu, robotSecret, 11232},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newFixture(t, at(6, 10, 0))
			rs := newRobotService(t, c.kind, c.secret, f.Clock.Now, failOnceWith(c.code))
			robot := f.robot(rs, linli.ChatProgramPublished, linli.ChatSessionCancelled)
			var log strings.Builder
			w := f.robotWorker(f.DB, "w1", &log)

			sessions := f.program("holiday_class", "暑期科学实验课", daily(8, 5, "09:00", "11:00"))
			if n, err := w.DeliverRobots(f.ctx); n != 1 || err != nil {
				t.Fatalf("DeliverRobots = %d, %v; want the one post of the new program", n, err)
			}
			if got := f.robotPosts(robot); len(got) != 1 || got[0][0] != "pending" || got[0][1] != "1" ||
				got[0][2] != fmt.Sprintf("%s %d: send too fast", map[bool]string{true: "code", false: "errcode"}[c.kind == linli.RobotFeishu], c.code) &&
					!strings.HasPrefix(got[0][2], fmt.Sprintf("code %d:", c.code)) {
				t.Fatalf("after code %d the post is %v; want pending, retried, with the service's code", c.code, got)
			}
			if r := f.listed(robot); r.Failing != "retrying" || !strings.Contains(r.LastError, strconv.Itoa(c.code)) || r.LastDeliveredAt != nil {
				t.Errorf("the coordinator sees %+v; want it retrying with code %d", r, c.code)
			}
			if n, _ := w.DeliverRobots(f.ctx); n != 0 {
				t.Errorf("a failed post came back at once (%d); the retry waits a minute", n)
			}
			f.Clock.Set(at(6, 10, 1).Add(time.Second))
			if n, err := w.DeliverRobots(f.ctx); n != 1 || err != nil {
				t.Fatalf("the retry: DeliverRobots = %d, %v", n, err)
			}
			if n, _ := w.DeliverRobots(f.ctx); n != 0 {
				t.Errorf("a delivered post was claimed again (%d)", n)
			}
			if got := f.robotPosts(robot); len(got) != 1 || got[0][0] != "delivered" || got[0][1] != "2" {
				t.Errorf("after code 0 the post is %v; want delivered once, after 2 attempts", got)
			}
			if r := f.listed(robot); r.Failing != "" || r.LastDeliveredAt == nil || !r.LastDeliveredAt.Equal(f.Clock.Now()) {
				t.Errorf("the coordinator sees %+v; want it delivered now", r)
			}
			if r := rs.refusals(); len(r) != 0 {
				t.Fatalf("the service refused %v", r)
			}
			posts := rs.posts()
			if len(posts) != 2 || posts[0].Text != posts[1].Text {
				t.Fatalf("posts %+v; want the same post twice", posts)
			}
			if c.secret != "" && (posts[0].Timestamp == "" || posts[0].Timestamp == posts[1].Timestamp) {
				t.Errorf("timestamps %q then %q: the retry must be signed anew", posts[0].Timestamp, posts[1].Timestamp)
			}
			for _, want := range []string{"暑期科学实验课", "7月8日（周三） 至 7月12日（周日）", "09:00–11:00", "共 5 次", "社区活动室",
				"https://linli.example/#/sessions/" + sessions[0].ID} {
				if !strings.Contains(posts[0].Text, want) {
					t.Errorf("the post\n%s\ndoes not say %q", posts[0].Text, want)
				}
			}
			key := robotPath[c.kind][strings.LastIndexAny(robotPath[c.kind], "=/")+1:]
			if strings.Contains(log.String(), key) || strings.Contains(fmt.Sprint(f.robotPosts(robot)), key) {
				t.Errorf("the robot's credential is in the log or the outbox's errors: %s", log.String())
			}
		})
	}
}

func TestRobotServiceRefusesBadSignatures(t *testing.T) {
	// The test services check what the real ones check: a post signed with another secret, or
	// with a timestamp more than an hour off, is refused and stays pending.
	for _, kind := range []string{linli.RobotDingTalk, linli.RobotFeishu} {
		t.Run(kind, func(t *testing.T) {
			f := newFixture(t, at(6, 10, 0))
			rs := newRobotService(t, kind, robotSecret, f.Clock.Now, func(int) int { return 0 })
			robot := f.robot(rs, linli.ChatSessionCancelled)
			sessions := f.program("after_school", "四点半课堂", daily(8, 2, "16:30", "18:00"))
			f.cancel(sessions[0].ID)

			w := f.robotWorker(f.DB, "w1", io.Discard)
			w.Now = func() time.Time { return f.Clock.Now().Add(-61 * time.Minute) }
			if n, err := w.DeliverRobots(f.ctx); n != 1 || err != nil {
				t.Fatalf("DeliverRobots = %d, %v", n, err)
			}
			rs.secret = robotSecret + "x"
			f.Clock.Set(at(6, 10, 5))
			w.Now = f.Clock.Now
			if n, err := w.DeliverRobots(f.ctx); n != 1 || err != nil {
				t.Fatalf("DeliverRobots = %d, %v", n, err)
			}
			if r := rs.refusals(); len(r) != 2 || !strings.Contains(r[0], "stale") || !strings.Contains(r[1], "sign") {
				t.Errorf("refusals %v; want a stale timestamp, then a wrong sign", r)
			}
			if got := f.robotPosts(robot); len(got) != 1 || got[0][0] != "pending" || got[0][1] != "2" {
				t.Errorf("post %v; a refused post is not delivered", got)
			}
		})
	}
}

func TestRobotPostsOncePerEventNeverPerFamily(t *testing.T) {
	f := newFixture(t, at(6, 10, 0))
	rs := newRobotService(t, linli.RobotDingTalk, robotSecret, f.Clock.Now, func(int) int { return 0 })
	all := f.robot(rs, linli.ChatSessionCancelled, linli.ChatSessionMoved)
	publishedOnly := f.robot(rs, linli.ChatProgramPublished)
	sessions := f.program("after_school", "四点半课堂", daily(8, 4, "16:30", "18:00"))
	for i, name := range []string{"王小明", "李小红", "赵小刚"} {
		parent := f.user("家长"+name, fmt.Sprintf("1390000000%d", i), "zh-CN")
		kid := f.child(name, parent)
		f.book(sessions[0].ID, kid, "confirmed")
		f.book(sessions[1].ID, kid, "confirmed")
	}
	f.cancel(sessions[0].ID)
	// Discontinuing the program cancels its 3 sessions left at once: one post.
	if err := (storage.Planning{DB: f.DB}).DiscontinueProgram(f.ctx, f.Admin, sessions[0].ProgramID, "场地维修"); err != nil {
		t.Fatal(err)
	}
	// A neighbour visit is never posted.
	f.program("neighbor_visit", "走访：3 号楼 101", staffed(f.Zh)+", "+daily(9, 1, "10:00", "11:00"))

	w := f.robotWorker(f.DB, "w1", io.Discard)
	if n, err := w.DeliverRobots(f.ctx); n != 3 || err != nil {
		t.Fatalf("DeliverRobots = %d, %v; want the program's publication, its first cancellation, the rest", n, err)
	}
	if got := f.robotPosts(all); len(got) != 2 {
		t.Errorf("the cancellations made %d posts, want 2: one per event, never one per family", len(got))
	}
	if got := f.robotPosts(publishedOnly); len(got) != 1 {
		t.Errorf("the robot of published programs has %d posts, want 1", len(got))
	}
	var texts []string
	for _, p := range rs.posts() {
		texts = append(texts, p.Text)
		for _, name := range []string{"王小明", "李小红", "赵小刚", "家长", "3 号楼"} {
			if strings.Contains(p.Text, name) {
				t.Errorf("a group post names %q:\n%s", name, p.Text)
			}
		}
	}
	joined := strings.Join(texts, "\n---\n")
	for _, want := range []string{"【停课通知】四点半课堂", "7月8日（周三）16:30–18:00", "原因：暴雨预警", "原因：场地维修", "共取消 3 次"} {
		if !strings.Contains(joined, want) {
			t.Errorf("the posts\n%s\ndo not say %q", joined, want)
		}
	}
}

func TestRobotThrottlesTwentyAMinuteAcrossWorkers(t *testing.T) {
	f := newFixture(t, at(6, 10, 0))
	rs := newRobotService(t, linli.RobotWeCom, "", f.Clock.Now, func(int) int { return 0 })
	robot := f.robot(rs, linli.ChatProgramPublished)
	other := newRobotService(t, linli.RobotFeishu, "", f.Clock.Now, func(int) int { return 0 })
	f.robot(other, linli.ChatProgramPublished)
	for i := range 25 {
		f.program("event", fmt.Sprintf("社区议事会第 %d 期", i+1), daily(8+i%5, 1, fmt.Sprintf("%02d:00", 8+2*(i/5)), fmt.Sprintf("%02d:00", 9+2*(i/5))))
	}
	w1 := f.robotWorker(f.DB, "w1", io.Discard)
	w2 := f.robotWorker(f.open(), "w2", io.Discard) // another instance on the same database
	w1.Batch, w2.Batch = 30, 30
	n1, err1 := w1.DeliverRobots(f.ctx)
	n2, err2 := w2.DeliverRobots(f.ctx)
	n3, err3 := w1.DeliverRobots(f.ctx)
	if err1 != nil || err2 != nil || err3 != nil {
		t.Fatal(err1, err2, err3)
	}
	if got := len(rs.posts()); got != 20 {
		t.Errorf("%d posts to one robot in the first minute (claims %d, %d, %d); at most 20", got, n1, n2, n3)
	}
	if got := len(other.posts()); got != 20 {
		t.Errorf("the second robot got %d posts in the first minute, want its own 20", got)
	}
	f.Clock.Set(at(6, 10, 1))
	if n, _ := w2.DeliverRobots(f.ctx); n != 0 {
		t.Errorf("exactly a minute later %d more were claimed; the minute is not over", n)
	}
	f.Clock.Set(at(6, 10, 1).Add(time.Second))
	if _, err := w2.DeliverRobots(f.ctx); err != nil {
		t.Fatal(err)
	}
	if got := len(rs.posts()); got != 25 {
		t.Errorf("after a minute %d posts in all, want the 25", got)
	}
	delivered := 0
	for _, p := range f.robotPosts(robot) {
		if p[0] == "delivered" {
			delivered++
		}
	}
	if delivered != 25 {
		t.Errorf("%d delivered, want 25", delivered)
	}
}

func TestRobotPostsAMoveWithTheOldAndNewTimes(t *testing.T) {
	f := newFixture(t, at(6, 10, 0))
	rs := newRobotService(t, linli.RobotFeishu, robotSecret, f.Clock.Now, func(int) int { return 0 })
	f.robot(rs, linli.ChatSessionMoved)
	sessions := f.program("holiday_class", "周末书法课", daily(11, 1, "09:00", "10:30"))
	if _, err := (storage.Planning{DB: f.DB}).UpdateSession(f.ctx, f.Admin, sessions[0].ID,
		linli.Given(linli.SessionChange{StartsAt: ptr("2026-07-12T14:00:00+08:00")})); err != nil {
		t.Fatal(err)
	}
	if n, err := f.robotWorker(f.DB, "w1", io.Discard).DeliverRobots(f.ctx); n != 1 || err != nil {
		t.Fatalf("DeliverRobots = %d, %v; want the move alone", n, err)
	}
	want := "【调课通知】周末书法课\n原时间：7月11日（周六）09:00–10:30\n新时间：7月12日（周日）14:00–15:30\n地点：社区活动室\n" +
		"详情：https://linli.example/#/sessions/" + sessions[0].ID
	if got := rs.posts(); len(got) != 1 || got[0].Text != want {
		t.Errorf("posts %+v\nwant %q", got, want)
	}
}

// storage.Outbox is the worker's robot outbox: New finds it there.
var _ notify.RobotOutbox = storage.Outbox{}

func TestStartedWorkerPostsToRobotsAndStopGivesBackItsClaims(t *testing.T) {
	f := newFixture(t, at(6, 10, 0))
	rs := newRobotService(t, linli.RobotWeCom, "", f.Clock.Now, func(int) int { return 0 })
	robot := f.robot(rs, linli.ChatSessionCancelled)
	sessions := f.program("after_school", "四点半课堂", daily(8, 3, "16:30", "18:00"))
	for _, s := range sessions {
		f.cancel(s.ID) // one by one: three events
	}
	w := f.robotWorker(f.open(), "loop", io.Discard)
	w.Poll = time.Millisecond
	w.Start()
	deadline := time.Now().Add(10 * time.Second)
	for len(rs.posts()) < 3 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	w.Stop()
	var delivered, claimed int
	for _, p := range f.robotPosts(robot) {
		if p[0] == "delivered" {
			delivered++
		}
	}
	f.DB.ReadPool().QueryRow(`SELECT COUNT(*) FROM chat_robot_posts WHERE claimed_by IS NOT NULL`).Scan(&claimed)
	if len(rs.posts()) != 3 || delivered != 3 || claimed != 0 {
		t.Errorf("the running worker posted %d, delivered %d, left %d claimed; want 3, 3, 0", len(rs.posts()), delivered, claimed)
	}
}

func TestRobotPostGivesUpAfterADayAndTheListSaysSo(t *testing.T) {
	f := newFixture(t, at(6, 10, 0))
	rs := newRobotService(t, linli.RobotDingTalk, robotSecret, f.Clock.Now, func(int) int { return 310000 })
	robot := f.robot(rs, linli.ChatSessionCancelled)
	sessions := f.program("after_school", "四点半课堂", daily(8, 1, "16:30", "18:00"))
	f.cancel(sessions[0].ID)
	w := f.robotWorker(f.DB, "w1", io.Discard)
	attempts := 0
	for now := at(6, 10, 0); now.Before(at(7, 11, 0)); now = now.Add(time.Minute) {
		f.Clock.Set(now)
		n, err := w.DeliverRobots(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		attempts += n
	}
	got := f.robotPosts(robot)
	if len(got) != 1 || got[0][0] != "failed" || got[0][1] != strconv.Itoa(attempts) || attempts < 20 || attempts > 40 {
		t.Errorf("after a day of errcode 310000: %v in %d attempts; want failed, retried with backoff", got, attempts)
	}
	if r := f.listed(robot); r.Failing != "failed" || !strings.HasPrefix(r.LastError, "errcode 310000") {
		t.Errorf("the coordinator sees %+v", r)
	}
}

func TestRobotClaimIsALeaseAnotherWorkerTakesOverWhenItRunsOut(t *testing.T) {
	f := newFixture(t, at(6, 10, 0))
	rs := newRobotService(t, linli.RobotWeCom, "", f.Clock.Now, func(int) int { return 0 })
	robot := f.robot(rs, linli.ChatSessionCancelled)
	sessions := f.program("after_school", "四点半课堂", daily(8, 1, "16:30", "18:00"))
	f.cancel(sessions[0].ID)

	out := storage.Outbox{DB: f.DB}
	lost, err := out.ClaimRobotPosts(f.ctx, "crashed", 2*time.Minute, 10) // a worker that dies holding it
	if err != nil || len(lost) != 1 {
		t.Fatalf("claim: %v, %v", lost, err)
	}
	w := f.robotWorker(f.open(), "w2", io.Discard)
	f.Clock.Set(at(6, 10, 1))
	if n, _ := w.DeliverRobots(f.ctx); n != 0 {
		t.Errorf("a post under another worker's lease was claimed (%d)", n)
	}
	f.Clock.Set(at(6, 10, 3))
	if n, err := w.DeliverRobots(f.ctx); n != 1 || err != nil {
		t.Fatalf("after the lease ran out: %d, %v", n, err)
	}
	// The dead worker's late outcome counts for nothing.
	if err := out.FinishRobotPost(f.ctx, "crashed", lost[0].ID, linli.DeliveryOutcome{Error: "late"}); err != nil {
		t.Fatal(err)
	}
	if got := f.robotPosts(robot); len(got) != 1 || got[0][0] != "delivered" || got[0][1] != "1" || len(rs.posts()) != 1 {
		t.Errorf("posts %v, %d sent; want delivered once", got, len(rs.posts()))
	}
}
