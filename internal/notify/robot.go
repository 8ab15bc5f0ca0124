package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/linli/linli/internal/linli"
)

// RobotOutbox is what the worker needs of storage for chat-robot posts; storage.Outbox is one.
type RobotOutbox interface {
	// ClaimRobotPosts leases up to max due posts to worker, at most linli.RobotPostsPerMinute
	// a minute per robot across all workers.
	ClaimRobotPosts(ctx context.Context, worker string, lease time.Duration, max int) ([]linli.RobotPost, error)
	// FinishRobotPost records the outcome of an attempt, if worker still holds the post.
	FinishRobotPost(ctx context.Context, worker, id string, o linli.DeliveryOutcome) error
	// ReleaseRobotPosts gives back worker's unfinished claims.
	ReleaseRobotPosts(ctx context.Context, worker string) error
}

// DingTalkSign is the sign of a 钉钉 robot post: Base64(HMAC-SHA256(key = secret, message =
// timestamp + "\n" + secret)), timestamp in milliseconds; it goes URL-encoded in the query.
func DingTalkSign(secret string, timestampMillis int64) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(timestampMillis, 10) + "\n" + secret))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// FeishuSign is the sign of a 飞书 bot post: Base64(HMAC-SHA256(key = timestamp + "\n" +
// secret, empty message)), timestamp in seconds; it goes in the body.
func FeishuSign(secret string, timestampSeconds int64) string {
	m := hmac.New(sha256.New, []byte(strconv.FormatInt(timestampSeconds, 10)+"\n"+secret))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// RobotRequest returns the URL and JSON body of a post of text to a robot of kind at now, in
// the service's documented format, signed when the robot has a secret: 企业微信 {"msgtype":
// "text","text":{"content"}}; 钉钉 the same shape with timestamp and sign in the query; 飞书
// {"timestamp","sign","msg_type":"text","content":{"text"}}. Each attempt is signed anew.
func RobotRequest(kind, rawURL, secret, text string, now time.Time) (string, []byte, error) {
	switch kind {
	case linli.RobotWeCom:
		body, err := json.Marshal(map[string]any{"msgtype": "text", "text": map[string]string{"content": text}})
		return rawURL, body, err
	case linli.RobotDingTalk:
		body, err := json.Marshal(map[string]any{"msgtype": "text", "text": map[string]string{"content": text}})
		if err != nil || secret == "" {
			return rawURL, body, err
		}
		u, err := url.Parse(rawURL)
		if err != nil {
			return "", nil, errors.New("the robot's URL does not parse")
		}
		ts := now.UnixMilli()
		q := u.Query()
		q.Set("timestamp", strconv.FormatInt(ts, 10))
		q.Set("sign", DingTalkSign(secret, ts))
		u.RawQuery = q.Encode()
		return u.String(), body, nil
	case linli.RobotFeishu:
		msg := map[string]any{"msg_type": "text", "content": map[string]string{"text": text}}
		if secret != "" {
			ts := now.Unix()
			msg["timestamp"], msg["sign"] = strconv.FormatInt(ts, 10), FeishuSign(secret, ts)
		}
		body, err := json.Marshal(msg)
		return rawURL, body, err
	}
	return "", nil, fmt.Errorf("unknown robot kind %q", kind)
}

// robotAnswer is the part of a service's answer that says whether it took the post: errcode
// and errmsg (企业微信, 钉钉), code and msg (飞书).
type robotAnswer struct {
	ErrCode *int   `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
	Code    *int   `json:"code"`
	Msg     string `json:"msg"`
}

// DeliverRobots claims up to Batch due chat-robot posts, posts them concurrently and records
// each outcome; it returns how many it claimed. Without Robots it does nothing.
func (w *Worker) DeliverRobots(ctx context.Context) (int, error) {
	if w.Robots == nil {
		return 0, nil
	}
	claimed, err := w.Robots.ClaimRobotPosts(ctx, w.ID, w.Lease, w.Batch)
	if err != nil {
		return 0, err
	}
	var wg sync.WaitGroup
	errs := make([]error, len(claimed))
	for i, p := range claimed {
		wg.Go(func() {
			o := w.postRobot(ctx, p)
			if ctx.Err() != nil && !o.Delivered {
				return
			}
			errs[i] = w.Robots.FinishRobotPost(context.WithoutCancel(ctx), w.ID, p.ID, o)
		})
	}
	wg.Wait()
	return len(claimed), errors.Join(errs...)
}

// postRobot sends one post, signed at this attempt's time, and says what came of it: delivered
// only on HTTP 200 with errcode (企业微信, 钉钉) or code (飞书) 0. A failure is recorded by its
// status and the service's code, never with the URL, which is a credential.
func (w *Worker) postRobot(ctx context.Context, p linli.RobotPost) linli.DeliveryOutcome {
	text := linli.ChatText(p.Event, p.Times, w.PublicURL)
	target, body, err := RobotRequest(p.Kind, p.URL, p.Secret, text, w.Now())
	if err != nil {
		return w.robotFailed(p, 0, err.Error())
	}
	ctx, cancel := context.WithTimeout(ctx, w.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return w.robotFailed(p, 0, "the robot's URL is not a request URL")
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "linli-robot/1")
	resp, err := w.Client.Do(req)
	if err != nil {
		return w.robotFailed(p, 0, withoutURL(err, w.Timeout))
	}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return w.robotFailed(p, resp.StatusCode, "answered "+resp.Status)
	}
	var a robotAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		return w.robotFailed(p, resp.StatusCode, "the answer is not the service's JSON")
	}
	code, msg, field := a.ErrCode, a.ErrMsg, "errcode"
	if p.Kind == linli.RobotFeishu {
		code, msg, field = a.Code, a.Msg, "code"
	}
	switch {
	case code == nil:
		return w.robotFailed(p, resp.StatusCode, "the answer has no "+field)
	case *code != 0:
		return w.robotFailed(p, resp.StatusCode, fmt.Sprintf("%s %d: %s", field, *code, scrub(msg, p.URL)))
	}
	return linli.DeliveryOutcome{Delivered: true, Status: resp.StatusCode}
}

// withoutURL says what went wrong with a request without the URL that *url.Error adds.
func withoutURL(err error, timeout time.Duration) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("no answer within %v", timeout)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return err.Error()
}

// scrub bounds a service's message and takes out of it anything of the robot's URL after its
// host (the key or token), should a service ever repeat it.
func scrub(msg, rawURL string) string {
	if len(msg) > 200 {
		msg = strings.ToValidUTF8(msg[:200], "")
	}
	if u, err := url.Parse(rawURL); err == nil {
		for _, v := range u.Query() {
			for _, s := range v {
				if s != "" {
					msg = strings.ReplaceAll(msg, s, "…")
				}
			}
		}
		if i := strings.LastIndex(u.Path, "/"); i >= 0 && len(u.Path)-i > 8 {
			msg = strings.ReplaceAll(msg, u.Path[i+1:], "…")
		}
	}
	return msg
}

// robotFailed is the outcome of a failed attempt: retried after a growing wait (the webhooks'
// policy), or given up after linli.WebhookRetryFor.
func (w *Worker) robotFailed(p linli.RobotPost, status int, msg string) linli.DeliveryOutcome {
	if len(msg) > maxErrorText {
		msg = strings.ToValidUTF8(msg[:maxErrorText], "")
	}
	o := linli.DeliveryOutcome{Status: status, Error: msg}
	if next, ok := linli.NextAttempt(p.FirstTry, w.Now(), p.Attempts+1, w.Jitter()); ok {
		o.RetryAt = next
	}
	return o
}
