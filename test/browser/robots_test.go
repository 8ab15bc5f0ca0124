package browser_test

import (
	"strings"
	"testing"
)

// TestCoordinatorAddsAGroupChatRobot: from 社区管理 a coordinator opens 群聊机器人, sees there is
// none, pastes an address that is not 钉钉's (told so beside the field), then the group robot's
// real address with its secret: the list shows 钉钉, 已加签 and the address masked, never the
// access token. Deleting it (pressed twice) empties the list again.
func TestCoordinatorAddsAGroupChatRobot(t *testing.T) {
	s := newSite(t)
	_, coord := s.member("王丽", "13800000001", "coordinator", "")
	const token = "8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9fcafe"

	p := s.open(t)
	p.signIn(coord)
	p.visit("/manage", "manage")
	p.click(`main a[href="#/robots"]`)
	p.do(p.waitPage("robots"))
	p.waitText("main", "还没有群机器人。")
	p.waitText("main", "不会出现孩子的姓名或住户信息")
	if eval[bool](p, `!document.querySelector("#robot-form .robot-secret").hidden`) {
		t.Error("a 企业微信 robot is offered a signing secret; it has none")
	}

	p.set("#robot-form-f-kind", "dingtalk")
	eval[bool](p, `(document.querySelector("#robot-form-f-kind").dispatchEvent(new Event("change")), true)`)
	p.fill("#robot-form-f-url", "https://oapi.dingtalk.com.example.cn/robot/send?access_token="+token)
	p.fill("#robot-form-f-secret", "SEC0123456789abcdef")
	p.click("#robot-form button[type=submit]")
	p.waitText("#robot-form-f-url-error", "这不是该群聊软件的机器人 Webhook 地址")
	p.shot("robot-wrong-url")

	p.fill("#robot-form-f-url", "https://oapi.dingtalk.com/robot/send?access_token="+token)
	p.click("#robot-form button[type=submit]")
	p.waitText("#robot-list", "钉钉")
	p.waitText("#robot-list", "已加签")
	p.waitText("#robot-list", "https://oapi.dingtalk.com/…cafe")
	p.waitText("#robot-list", "停课通知")
	if body := p.text("main"); strings.Contains(body, token) || strings.Contains(body, "SEC0123456789abcdef") {
		t.Errorf("the page shows the robot's token or secret:\n%s", body)
	}
	p.shot("robot-list")

	p.click(`#robot-list button[data-action="delete"]`)
	p.click(`#robot-list button[data-action="delete"]`)
	p.waitText("main", "还没有群机器人。")
}
