package linli

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The services whose group-chat robots a community may add.
const (
	RobotWeCom    = "wecom"    // 企业微信 group robot: no signature
	RobotDingTalk = "dingtalk" // 钉钉 custom robot: timestamp and sign in the query when it has a secret
	RobotFeishu   = "feishu"   // 飞书 custom bot: timestamp and sign in the body when it has a secret
)

// RobotKinds lists the robot kinds in the order the API documents them.
var RobotKinds = []string{RobotWeCom, RobotDingTalk, RobotFeishu}

// The public events a chat robot may post.
const (
	ChatProgramPublished = "program_published" // a program of a public kind was created
	ChatSessionCancelled = "session_cancelled" // one or more sessions of a program were cancelled
	ChatSessionMoved     = "session_moved"     // one or more sessions of a program moved
	ChatRoundDrawn       = "round_drawn"       // an application round was drawn
)

// ChatEvents lists the events in the order the API documents them.
var ChatEvents = []string{ChatProgramPublished, ChatSessionCancelled, ChatSessionMoved, ChatRoundDrawn}

// Chat robot policy.
const (
	// RobotPostsPerMinute bounds the posts to one robot in any minute, across instances (the
	// services refuse more: 企业微信 and 钉钉 allow 20 a minute).
	RobotPostsPerMinute = 20
	// MaxChatRobots is how many robots one community may have at once.
	MaxChatRobots  = 20
	maxRobotSecret = 256
)

// ChatRobot is a group-chat robot as the API shows it: the URL masked, the secret never.
type ChatRobot struct {
	ID          string    `json:"id"`
	CommunityID string    `json:"community_id"`
	Kind        string    `json:"kind"`
	URL         string    `json:"url"` // masked: MaskURL
	Signed      bool      `json:"signed"`
	Events      []string  `json:"events"`
	CreatedAt   time.Time `json:"created_at"`
	// LastDeliveredAt is when the service last took a post of this robot.
	LastDeliveredAt *time.Time `json:"last_delivered_at,omitempty"`
	// Failing is the state of the robot's latest post when it did not go through: "retrying"
	// (pending after a failed attempt) or "failed" (given up); LastError says why (an HTTP status
	// or the service's code and message, never the URL).
	Failing   string `json:"failing,omitempty"`
	LastError string `json:"last_error,omitempty"`
}

// NewChatRobot is the body of POST /communities/{id}/chat-robots.
type NewChatRobot struct {
	Kind   string   `json:"kind"`
	URL    string   `json:"url"`
	Secret string   `json:"secret"`
	Events []string `json:"events"`
}

// Validate checks a new robot: a known kind, a webhook URL (ValidWebhookURL), a non-empty set
// of distinct events, and a secret only for 钉钉 and 飞书 (企业微信 robots do not sign).
func (r *NewChatRobot) Validate() error {
	if !slices.Contains(RobotKinds, r.Kind) {
		return Invalid("kind", "kind must be one of %v", RobotKinds)
	}
	if err := ValidWebhookURL(r.URL); err != nil {
		return err
	}
	if len(r.Events) == 0 {
		return Invalid("events", "events needs at least one of %v", ChatEvents)
	}
	for i, e := range r.Events {
		if !slices.Contains(ChatEvents, e) || slices.Contains(r.Events[:i], e) {
			return Invalid(fmt.Sprintf("events[%d]", i), "events must be distinct among %v", ChatEvents)
		}
	}
	switch {
	case r.Secret != "" && r.Kind == RobotWeCom:
		return Invalid("secret", "企业微信 group robots have no signing secret")
	case len(r.Secret) > maxRobotSecret || !utf8.ValidString(r.Secret) || strings.TrimSpace(r.Secret) != r.Secret:
		return Invalid("secret", "secret needs at most %d characters, without spaces around", maxRobotSecret)
	}
	return nil
}

// CheckRobotURL refuses, as a 400 on url, a URL that is not the documented webhook address of
// the robot kind: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…,
// https://oapi.dingtalk.com/robot/send?access_token=…, https://open.feishu.cn/open-apis/bot/v2/hook/….
// A server that allows private webhooks (tests, a gateway of one's own) skips this check.
func CheckRobotURL(kind, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.User != nil || u.Port() != "" {
		return Invalid("url", "url must be the robot's https webhook address")
	}
	q := u.Query()
	ok := false
	switch kind {
	case RobotWeCom:
		ok = u.Host == "qyapi.weixin.qq.com" && u.Path == "/cgi-bin/webhook/send" && q.Get("key") != ""
	case RobotDingTalk:
		ok = u.Host == "oapi.dingtalk.com" && u.Path == "/robot/send" && q.Get("access_token") != ""
	case RobotFeishu:
		token, found := strings.CutPrefix(u.Path, "/open-apis/bot/v2/hook/")
		ok = u.Host == "open.feishu.cn" && found && token != "" && !strings.Contains(token, "/")
	}
	if !ok {
		return Invalid("url", "url must be the webhook address the service gives the robot (%s)", robotURLShape[kind])
	}
	return nil
}

var robotURLShape = map[string]string{
	RobotWeCom:    "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
	RobotDingTalk: "https://oapi.dingtalk.com/robot/send?access_token=…",
	RobotFeishu:   "https://open.feishu.cn/open-apis/bot/v2/hook/…",
}

// MaskURL shows a robot's URL without its credential: the scheme and host, then "…" and the
// last four characters; a URL that does not parse shows as "…" and its last four characters.
func MaskURL(raw string) string {
	tail := raw
	if n := utf8.RuneCountInString(raw); n > 4 {
		tail = string([]rune(raw)[n-4:])
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "…" + tail
	}
	return u.Scheme + "://" + u.Host + "/…" + tail
}

// ChatEvent is what a robot posts about one public event: nothing about a family, a child or a
// household. Link is a path of the web pages (the worker puts the public URL before it).
type ChatEvent struct {
	Kind        string    `json:"kind"`
	Title       string    `json:"title"`
	ProgramKind string    `json:"program_kind,omitempty"`
	Timezone    string    `json:"timezone,omitempty"`
	StartsAt    time.Time `json:"starts_at,omitzero"`
	EndsAt      time.Time `json:"ends_at,omitzero"`
	OldStartsAt time.Time `json:"old_starts_at,omitzero"` // a move: the times before it
	OldEndsAt   time.Time `json:"old_ends_at,omitzero"`
	LastDate    string    `json:"last_date,omitempty"` // a program: the date of its last session
	Sessions    int       `json:"sessions,omitempty"`  // a program: how many sessions it has
	Venue       string    `json:"venue,omitempty"`
	Reason      string    `json:"reason,omitempty"` // a cancellation's or move's reason
	Link        string    `json:"link,omitempty"`
}

// Validate checks that e is an event robots post.
func (e ChatEvent) Validate() error {
	if !slices.Contains(ChatEvents, e.Kind) {
		return Errorf(EInvalid, "chat event %q is not one of %v", e.Kind, ChatEvents)
	}
	if strings.TrimSpace(e.Title) == "" {
		return Errorf(EInvalid, "a chat event needs a title")
	}
	return nil
}

// ChatRobots is what the API needs of storage for the robots of a community.
type ChatRobots interface {
	// CreateChatRobot adds a robot to a community (its coordinators, administrators).
	CreateChatRobot(ctx context.Context, a *Actor, communityID string, in Input[NewChatRobot]) (*ChatRobot, error)
	// FindChatRobots lists a community's robots, masked, oldest first.
	FindChatRobots(ctx context.Context, a *Actor, communityID string) ([]ChatRobot, error)
	// DeleteChatRobot removes a robot and its posts not yet sent.
	DeleteChatRobot(ctx context.Context, a *Actor, id string) error
}

// RobotPost is a post a worker has claimed: the robot's kind, URL and secret, and what to post.
type RobotPost struct {
	ID       string
	RobotID  string
	Kind     string // RobotWeCom, RobotDingTalk or RobotFeishu
	URL      string
	Secret   string
	Attempts int       // failed attempts so far
	FirstTry time.Time // when it was first due
	Event    ChatEvent
	Times    int // how many sessions of one change the post stands for
}
