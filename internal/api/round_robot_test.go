package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestDrawPostsOnceToTheCommunitysChatRobots: a draw queues one post to each of the community's
// group-chat robots that takes round_drawn, with the round's title and a link to its public
// result, and nothing that names a family or a child; a robot that does not take round_drawn
// gets nothing.
func TestDrawPostsOnceToTheCommunitysChatRobots(t *testing.T) {
	e := newRoundEnv(t)
	class := e.holidayClass("书法A班", 1, 6, 10, "09:00", "10:30")
	r := e.createRound(roundBody([]string{class}))
	for _, events := range [][]string{{"round_drawn"}, {"session_cancelled"}} {
		e.must(http.StatusCreated, e.call("POST", "/api/v1/communities/"+e.Community+"/chat-robots", e.Coord, map[string]any{
			"kind": "wecom", "url": "http://127.0.0.1:9/cgi-bin/webhook/send?key=k" + events[0], "events": events}), nil)
	}
	e.Clock.Set(rtOpen.Add(time.Hour))
	one, kids := e.family("2018-03-01")
	e.apply(one, r.ID, kids, class)
	two, more := e.family("2018-04-01")
	e.apply(two, r.ID, more, class)
	e.Clock.Set(rtClose.Add(time.Minute))
	e.must(http.StatusOK, e.call("POST", "/api/v1/rounds/"+r.ID+"/close", e.Coord, nil), nil)
	if n := e.count("chat_robot_posts"); n != 0 {
		t.Fatalf("%d robot posts before the draw", n)
	}
	e.must(http.StatusOK, e.call("POST", "/api/v1/rounds/"+r.ID+"/draw", e.Coord, map[string]any{}), nil)

	rows, err := e.DB.ReadPool().Query(`SELECT p.event, p.data, r.events FROM chat_robot_posts p JOIN chat_robots r ON r.id = p.robot_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var posts []string
	for rows.Next() {
		var event, data, subscribed string
		if err := rows.Scan(&event, &data, &subscribed); err != nil {
			t.Fatal(err)
		}
		if event != "round_drawn" || !strings.Contains(subscribed, "round_drawn") {
			t.Errorf("a %s post to a robot taking %s", event, subscribed)
		}
		posts = append(posts, data)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(posts) != 1 {
		t.Fatalf("%d posts for one draw and one subscribed robot: %q", len(posts), posts)
	}
	if !strings.Contains(posts[0], "2027 寒假特色课堂") || !strings.Contains(posts[0], "/#/rounds/"+r.ID+"/result") {
		t.Errorf("the post does not name the round and its result: %s", posts[0])
	}
	for _, id := range append(kids, more...) {
		if strings.Contains(posts[0], id) {
			t.Errorf("the post names a child: %s", posts[0])
		}
	}
}
