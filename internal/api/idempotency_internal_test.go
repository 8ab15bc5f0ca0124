package api

import (
	"context"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

// fakeEntries is an IdempotencyStore whose answers a case sets: each Reserve takes the next of
// reserves, each Held the next of helds.
type fakeEntries struct {
	reserves []bool
	helds    []fakeEntry
	kept     *StoredResponse
	keptFor  time.Duration
	released bool
}

type fakeEntry struct {
	hash   string
	status int
	body   string
	err    error
}

func (f *fakeEntries) Reserve(_ context.Context, _, _ string, _ []byte, keep, pending time.Duration) (bool, error) {
	if keep != IdempotencyTTL || pending != idempotencyPending {
		return false, linli.Errorf(linli.EInternal, "reserved for %v and %v", keep, pending)
	}
	made := f.reserves[0]
	f.reserves = f.reserves[1:]
	return made, nil
}

func (f *fakeEntries) Held(context.Context, string, string) ([]byte, int, string, []byte, error) {
	e := f.helds[0]
	f.helds = f.helds[1:]
	return []byte(e.hash), e.status, "application/json", []byte(e.body), e.err
}

func (f *fakeEntries) Keep(_ context.Context, _, _ string, status int, ctype string, body []byte, keep time.Duration) error {
	f.kept, f.keptFor = &StoredResponse{Status: status, ContentType: ctype, Body: body}, keep
	return nil
}

func (f *fakeEntries) Release(context.Context, string, string) error {
	f.released = true
	return nil
}

// TestIdempotencyRules: a free key runs the request; the same request again replays its answer;
// another request with the key, or the same one while the first still runs, is 409; a key freed
// between the two reads is taken again. A 5xx answer frees the key; any other is kept 24 hours.
func TestIdempotencyRules(t *testing.T) {
	gone := linli.NotFound("idempotency key")
	for _, c := range []struct {
		name     string
		store    fakeEntries
		replay   string // the body replayed; "" runs the request
		conflict string // the message of the 409
	}{
		{name: "a free key runs", store: fakeEntries{reserves: []bool{true}}},
		{name: "the same request replays", store: fakeEntries{reserves: []bool{false}, helds: []fakeEntry{{hash: "h", status: 201, body: "first"}}}, replay: "first"},
		{name: "another request is refused", store: fakeEntries{reserves: []bool{false}, helds: []fakeEntry{{hash: "other", status: 201}}}, conflict: "this Idempotency-Key was used with a different request"},
		{name: "the first still running", store: fakeEntries{reserves: []bool{false}, helds: []fakeEntry{{hash: "h"}}}, conflict: "a request with this Idempotency-Key is still running"},
		{name: "freed between the reads", store: fakeEntries{reserves: []bool{false, true}, helds: []fakeEntry{{err: gone}}}},
		{name: "freed and taken again", store: fakeEntries{reserves: []bool{false, false}, helds: []fakeEntry{{err: gone}, {hash: "h", status: 200, body: "theirs"}}}, replay: "theirs"},
	} {
		s := &Server{Services: Services{Idempotency: &c.store}}
		got, err := s.beginIdempotent(context.Background(), "user:x", "k", []byte("h"))
		switch {
		case c.conflict != "":
			if e, ok := err.(*linli.Error); !ok || e.Code != linli.EConflict || e.Field != "Idempotency-Key" || e.Message != c.conflict {
				t.Errorf("%s: %v, %v; want 409 %q", c.name, got, err, c.conflict)
			}
		case c.replay != "":
			if err != nil || got == nil || string(got.Body) != c.replay {
				t.Errorf("%s: %v, %v; want the replay of %q", c.name, got, err, c.replay)
			}
		default:
			if err != nil || got != nil {
				t.Errorf("%s: %v, %v; want the request to run", c.name, got, err)
			}
		}
	}

	for _, status := range []int{201, 400, 409, 500, 503} {
		var f fakeEntries
		s := &Server{Services: Services{Idempotency: &f}}
		if err := s.finishIdempotent(context.Background(), "user:x", "k", StoredResponse{Status: status, Body: []byte("answer")}); err != nil {
			t.Fatal(err)
		}
		if kept := f.kept != nil && f.kept.Status == status && string(f.kept.Body) == "answer" && f.keptFor == IdempotencyTTL; kept == (status >= 500) || f.released != (status >= 500) {
			t.Errorf("answer %d: kept %+v for %v, released %v; want a 5xx released and any other kept 24 h", status, f.kept, f.keptFor, f.released)
		}
	}
}
