package api_test

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/linli/linli/internal/api"
	"github.com/linli/linli/internal/linli"
)

const (
	robotToken  = "8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9fcafe"
	robotSecret = "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab"
)

// TestChatRobotURLIsACredential: a coordinator adds a 钉钉 robot at its documented address; the
// answer, the list, the audit log and the server's logs never hold its access token or secret,
// only the URL masked; an address of another shape, a secret for a 企业微信 robot or a host that
// resolves to a private address is 400 and adds nothing.
func TestChatRobotURLIsACredential(t *testing.T) {
	e, _ := startServer(t, serverOptions{server: func(s *api.Server) {
		s.AllowPrivateWebhooks = false
		s.Resolver = fixedResolver{netip.MustParseAddr("203.0.113.20")}
	}})
	_, coord := e.member("王丽", "13800000001", "coordinator", "")
	url := "https://oapi.dingtalk.com/robot/send?access_token=" + robotToken
	body := map[string]any{"kind": "dingtalk", "url": url, "secret": robotSecret, "events": []string{"program_published", "session_cancelled"}}

	for _, bad := range []struct {
		field string
		body  map[string]any
	}{
		{"url", map[string]any{"kind": "dingtalk", "url": "https://oapi.dingtalk.com.example.cn/robot/send?access_token=" + robotToken, "events": []string{"round_drawn"}}},
		{"url", map[string]any{"kind": "feishu", "url": url, "events": []string{"round_drawn"}}},
		{"url", map[string]any{"kind": "dingtalk", "url": "http://127.0.0.1:9/robot/send?access_token=" + robotToken, "events": []string{"round_drawn"}}},
		{"secret", map[string]any{"kind": "wecom", "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + robotToken, "secret": robotSecret, "events": []string{"round_drawn"}}},
		{"kind", map[string]any{"kind": "slack", "url": url, "events": []string{"round_drawn"}}},
		{"events[0]", map[string]any{"kind": "dingtalk", "url": url, "events": []string{"booking_promoted"}}},
	} {
		r := e.call("POST", "/api/v1/communities/"+e.Community+"/chat-robots", coord, bad.body)
		e.mustFail(400, "invalid", bad.field, r)
		if strings.Contains(string(r.Body), robotToken) {
			t.Errorf("the error repeats the URL: %s", r.Body)
		}
	}
	var created struct {
		ChatRobot linli.ChatRobot `json:"chat_robot"`
	}
	e.must(201, e.call("POST", "/api/v1/communities/"+e.Community+"/chat-robots", coord, body), &created)
	robot := created.ChatRobot
	if robot.URL != "https://oapi.dingtalk.com/…cafe" || !robot.Signed || robot.Kind != "dingtalk" || len(robot.Events) != 2 {
		t.Errorf("created %+v; want the URL masked and signed", robot)
	}
	list := e.call("GET", "/api/v1/communities/"+e.Community+"/chat-robots", coord, nil)
	var got struct{ Items []linli.ChatRobot }
	e.must(200, list, &got)
	if len(got.Items) != 1 || got.Items[0].URL != "https://oapi.dingtalk.com/…cafe" || got.Items[0].ID != robot.ID {
		t.Errorf("list %s", list.Body)
	}
	// A host that resolves to a private address is refused even in the documented shape.
	e.Server.Resolver = fixedResolver{netip.MustParseAddr("10.0.0.8")}
	e.mustFail(400, "invalid", "url", e.call("POST", "/api/v1/communities/"+e.Community+"/chat-robots", coord, body))

	e.must(204, e.call("DELETE", "/api/v1/chat-robots/"+robot.ID, coord, nil), nil)
	e.mustFail(404, "not_found", "", e.call("DELETE", "/api/v1/chat-robots/"+robot.ID, coord, nil))
	e.must(200, e.call("GET", "/api/v1/communities/"+e.Community+"/chat-robots", coord, nil), &got)
	if len(got.Items) != 0 {
		t.Errorf("a deleted robot is listed: %+v", got.Items)
	}
	audit := e.call("GET", "/api/v1/audit?community_id="+e.Community, e.Admin, nil)
	if audit.Status != 200 || !strings.Contains(string(audit.Body), "chat_robot.create") || !strings.Contains(string(audit.Body), "chat_robot.delete") {
		t.Errorf("audit %d %s", audit.Status, audit.Body)
	}
	var kept int
	if err := e.DB.ReadPool().QueryRow(`SELECT COUNT(*) FROM chat_robots WHERE url <> '' OR secret <> ''`).Scan(&kept); err != nil || kept != 0 {
		t.Errorf("a deleted robot keeps its credentials (%d, %v)", kept, err)
	}
	for what, s := range map[string]string{"list": string(list.Body), "audit": string(audit.Body), "logs": e.Logs.String()} {
		if strings.Contains(s, robotToken) || strings.Contains(s, robotSecret) {
			t.Errorf("the %s holds the robot's token or secret", what)
		}
	}
}
