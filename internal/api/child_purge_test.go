package api_test

import (
	"bytes"
	"net/http"
	"testing"
)

// TestDeletingChildForgetsReplayableAnswers: answers kept for Idempotency-Key replays carry the
// pickup person's name and phone; they go when the child is deleted, not 24 hours later.
func TestDeletingChildForgetsReplayableAnswers(t *testing.T) {
	e := newBookingEnv(t)
	parent := e.families(1, "2018-03-01")[0]
	kid := parent.Children[0]
	e.must(http.StatusCreated, e.call("POST", "/api/v1/children/"+kid+"/pickups", parent.Cookie,
		map[string]any{"name": "王奶奶", "relation": "奶奶", "phone": "13912345678"}, "Idempotency-Key", "pickup-1"), nil)
	stored := func() int {
		rows, err := e.DB.ReadPool().Query(`SELECT body FROM idempotency_keys WHERE body IS NOT NULL`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var body []byte
			rows.Scan(&body)
			if bytes.Contains(body, []byte("王奶奶")) {
				n++
			}
		}
		return n
	}
	if stored() != 1 {
		t.Fatal("the replayable answer was not stored: the test would prove nothing")
	}
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/children/"+kid, parent.Cookie, nil), nil)
	if n := stored(); n != 0 {
		t.Fatalf("%d stored answers still name the deleted child's pickup person", n)
	}
}
