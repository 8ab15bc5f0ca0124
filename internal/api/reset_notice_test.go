package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestResetCodeIsAnnouncedToTheAccount: a coordinator may add any registered account with no
// role and no child to their community as a volunteer, and then reset its password (API.md's
// scope). The owner learns of it: every code issued puts a notification in the account's inbox,
// naming who issued it and until when it works (never the code), goes to the webhooks that
// subscribe to password_reset_issued (an SMS gateway reaches the phone even once the account is
// taken), and is in the community's audit log.
func TestResetCodeIsAnnouncedToTheAccount(t *testing.T) {
	e := newEnv(t)
	coordID, coord := e.member("王丽", "13800000001", "coordinator", "")
	e.must(http.StatusCreated, e.call("POST", "/api/v1/webhooks", e.Admin, map[string]any{"url": "http://127.0.0.1:9/sms",
		"events": []string{"password_reset_issued"}, "secret": "the-sms-gateway-secret"}), nil)
	strangerID := e.register("路人甲", "13900000009")
	stranger := e.login("13900000009")
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities/"+e.Community+"/members", coord, map[string]any{"user_id": strangerID, "role": "volunteer"}), nil)
	var rc struct {
		ResetCode string `json:"reset_code"`
	}
	e.must(http.StatusCreated, e.call("POST", "/api/v1/users/"+strangerID+"/password-reset", coord, nil), &rc)

	var inbox struct {
		Items []struct{ Kind, Title, Body string }
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/me/notifications", stranger, nil), &inbox)
	if len(inbox.Items) != 1 || inbox.Items[0].Kind != "password_reset_issued" || !strings.Contains(inbox.Items[0].Body, "王丽") {
		t.Fatalf("the account was not told of the reset code: %+v", inbox.Items)
	}
	if strings.Contains(inbox.Items[0].Title+inbox.Items[0].Body, rc.ResetCode) {
		t.Fatal("the notification carries the reset code")
	}
	if n := e.count("webhook_deliveries"); n != 1 {
		t.Fatalf("%d webhook deliveries queued for the reset notice, want 1", n)
	}
	var audit struct {
		Items []struct {
			Action   string
			ActorID  string `json:"actor_id"`
			ObjectID string `json:"object_id"`
		}
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/audit?community_id="+e.Community, coord, nil), &audit)
	found := false
	for _, it := range audit.Items {
		found = found || (it.Action == "user.password_reset_issued" && it.ActorID == coordID && it.ObjectID == strangerID)
	}
	if !found {
		t.Fatalf("the reset is not in the community's audit log: %+v", audit.Items)
	}
	// An administrator's code is announced too, in English for an English reader.
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/me", stranger, map[string]any{"locale": "en"}), nil)
	e.must(http.StatusCreated, e.call("POST", "/api/v1/users/"+strangerID+"/password-reset", e.Admin, nil), nil)
	e.must(http.StatusOK, e.call("GET", "/api/v1/me/notifications", stranger, nil), &inbox)
	if len(inbox.Items) != 2 || !strings.Contains(inbox.Items[0].Title, "reset") {
		t.Fatalf("the second code was not announced in English: %+v", inbox.Items)
	}
}
