package linli

import (
	"strings"
	"testing"
)

func TestMaskURLKeepsSchemeHostAndLastFour(t *testing.T) {
	for raw, want := range map[string]string{
		"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa": "https://qyapi.weixin.qq.com/…5aaa",
		"https://oapi.dingtalk.com/robot/send?access_token=8a7b6c5d":                                "https://oapi.dingtalk.com/…6c5d",
		"https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-4b5a":                                "https://open.feishu.cn/…4b5a",
		"http://127.0.0.1:9/robot": "http://127.0.0.1:9/…obot",
		"%zz-not-a-url-abcd":       "…abcd",
		"ab":                       "…ab",
	} {
		if got := MaskURL(raw); got != want {
			t.Errorf("MaskURL(%q) = %q, want %q", raw, got, want)
		}
	}
}

func TestCheckRobotURLWantsTheServicesAddress(t *testing.T) {
	ok := map[string]string{
		RobotWeCom:    "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",
		RobotDingTalk: "https://oapi.dingtalk.com/robot/send?access_token=abc",
		RobotFeishu:   "https://open.feishu.cn/open-apis/bot/v2/hook/abc",
	}
	for kind, u := range ok {
		if err := CheckRobotURL(kind, u); err != nil {
			t.Errorf("%s %s: %v", kind, u, err)
		}
	}
	for _, c := range [][2]string{
		{RobotWeCom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"},        // no key
		{RobotWeCom, "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"}, // not https
		{RobotWeCom, "https://oapi.dingtalk.com/robot/send?access_token=abc"},   // another service
		{RobotDingTalk, "https://oapi.dingtalk.com.evil.cn/robot/send?access_token=abc"},
		{RobotDingTalk, "https://oapi.dingtalk.com:8443/robot/send?access_token=abc"},
		{RobotFeishu, "https://open.feishu.cn/open-apis/bot/v2/hook/"},
		{RobotFeishu, "https://u:p@open.feishu.cn/open-apis/bot/v2/hook/abc"},
		{RobotFeishu, "https://open.feishu.cn/open-apis/bot/v2/hook/abc/../x"},
	} {
		err := CheckRobotURL(c[0], c[1])
		if e, isErr := err.(*Error); !isErr || e.Field != "url" || strings.Contains(e.Message, "abc") {
			t.Errorf("%s %s: %v; want 400 on url that does not repeat it", c[0], c[1], err)
		}
	}
}

func TestNewChatRobotValidate(t *testing.T) {
	good := NewChatRobot{Kind: RobotDingTalk, URL: "https://oapi.dingtalk.com/robot/send?access_token=abc", Secret: "SECabc", Events: []string{ChatRoundDrawn}}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for field, change := range map[string]func(*NewChatRobot){
		"kind":      func(r *NewChatRobot) { r.Kind = "slack" },
		"url":       func(r *NewChatRobot) { r.URL = "ftp://oapi.dingtalk.com/robot/send" },
		"events":    func(r *NewChatRobot) { r.Events = nil },
		"events[1]": func(r *NewChatRobot) { r.Events = []string{ChatRoundDrawn, ChatRoundDrawn} },
		"events[0]": func(r *NewChatRobot) { r.Events = []string{"booking_promoted"} },
		"secret": func(r *NewChatRobot) {
			r.Kind, r.URL = RobotWeCom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"
		},
	} {
		r := good
		change(&r)
		if e, ok := r.Validate().(*Error); !ok || e.Field != field {
			t.Errorf("%s: %v", field, r.Validate())
		}
	}
}
