package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/linli"
)

// TestFeedFetchTimes: a fetch shows in FeedLinks at once, is written to the database when the
// database closes (not before), and a fetch with a replaced token shows nowhere.
func TestFeedFetchTimes(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "linli.db")
	d, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	d.Hasher = auth.NewHasher(auth.TestParams, 4)
	now := time.Date(2026, 11, 16, 2, 0, 0, 0, time.UTC)
	d.Now = func() time.Time { return now }
	u, err := Accounts{d}.Register(ctx, linli.Registration{Name: "甲", Login: "a@linli.test", Password: "12345678"})
	if err != nil {
		t.Fatal(err)
	}
	a := &linli.Actor{User: *u}
	f := Feeds{DB: d, Secret: []byte("0123456789abcdef0123456789abcdef")}
	if _, err := f.FeedLinks(ctx, a); err != nil {
		t.Fatal(err)
	}
	owner := func() *linli.FeedOwner {
		links, err := f.FeedLinks(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		o, err := f.FeedOwner(ctx, links[0].Token)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	lastFetched := func() *time.Time {
		links, err := f.FeedLinks(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		return links[0].LastFetchedAt
	}
	o := owner()
	at := now.Add(time.Minute)
	f.RecordFetch(linli.FeedFetch{UserID: o.UserID, Generation: o.Generation, At: at})
	if got := lastFetched(); got == nil || !got.Equal(at) {
		t.Fatalf("last fetched %v right after a fetch, want %v", got, at)
	}
	var stored *string
	d.read.QueryRow(`SELECT last_fetched_at FROM feed_tokens`).Scan(&stored)
	if stored != nil {
		t.Fatalf("a fetch was written at once (%s): polling would queue for the writer", *stored)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if d, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	d.Hasher, d.Now = auth.NewHasher(auth.TestParams, 4), func() time.Time { return now }
	f.DB = d
	if got := lastFetched(); got == nil || !got.Equal(at) {
		t.Fatalf("last fetched %v after a restart, want %v written at close", got, at)
	}

	o = owner()
	if _, err := f.RotateFeed(ctx, a); err != nil {
		t.Fatal(err)
	}
	f.RecordFetch(linli.FeedFetch{UserID: o.UserID, Generation: o.Generation, At: at.Add(time.Hour)})
	if got := lastFetched(); got != nil {
		t.Fatalf("the new link shows a fetch of the replaced one: %v", got)
	}
	if err := f.FlushFetches(ctx); err != nil {
		t.Fatal(err)
	}
	if got := lastFetched(); got != nil {
		t.Fatalf("the new link shows a fetch of the replaced one after the write: %v", got)
	}
}

// TestRecordFetchesOfManyFeeds: the fetch times of 1,201 feeds, more than one statement takes,
// are written in one flush on either database: each feed gets its own time, a fetch made with a
// replaced token is dropped, and an older fetch never overwrites a newer one.
func TestRecordFetchesOfManyFeeds(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	base := time.Date(2026, 11, 16, 2, 0, 0, 0, time.UTC)
	const n = 2*fetchesPerStatement + 201
	fetches := subscribers(t, d, n, base, map[int]time.Time{7: base.Add(time.Hour)})
	fetches[9].Generation = 1 // a fetch with the token before a rotation
	if err := d.recordFetches(ctx, fetches); err != nil {
		t.Fatal(err)
	}
	for i, x := range fetches {
		var got *string
		if err := d.read.QueryRow(`SELECT last_fetched_at FROM feed_tokens WHERE user_id = ?`, x.UserID).Scan(&got); err != nil {
			t.Fatal(err)
		}
		want := fmtTime(x.At)
		switch i {
		case 7:
			want = fmtTime(base.Add(time.Hour))
		case 9:
			if got != nil {
				t.Errorf("a fetch with a replaced token was written: %s", *got)
			}
			continue
		}
		if got == nil || *got != want {
			t.Fatalf("feed %d: last fetched %v, want %s", i, got, want)
		}
	}
}

// BenchmarkRecordFetches writes the fetch times of 5,000 subscribers' feeds, as one instance's
// flush does each minute at city scale (docs/scale.md).
func BenchmarkRecordFetches(b *testing.B) {
	d := openTest(b)
	base := time.Date(2026, 11, 16, 2, 0, 0, 0, time.UTC)
	fetches := subscribers(b, d, 5000, base, nil)
	b.ResetTimer()
	for i := range b.N {
		for j := range fetches {
			fetches[j].At = base.Add(time.Duration(i+1) * time.Minute)
		}
		if err := d.recordFetches(context.Background(), fetches); err != nil {
			b.Fatal(err)
		}
	}
}

// subscribers makes n users with a feed token of generation 2 each (fetched last at the time
// given for its index, or never) and returns a fetch of each feed, at base plus i seconds.
func subscribers(t testing.TB, d *DB, n int, base time.Time, fetched map[int]time.Time) []linli.FeedFetch {
	t.Helper()
	tx, err := d.write.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	stamp := fmtTime(base)
	var fetches []linli.FeedFetch
	for i := range n {
		id := newID()
		var last any
		if at, ok := fetched[i]; ok {
			last = fmtTime(at)
		}
		if _, err := tx.Exec(`INSERT INTO users (id, name, login, password_hash, locale, is_admin, created_at, updated_at) VALUES (?, ?, ?, '', 'zh-CN', ?, ?, ?)`,
			id, "用户", fmt.Sprintf("1390000%04d", i), false, stamp, stamp); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO feed_tokens (user_id, generation, token_hash, created_at, last_fetched_at) VALUES (?, 2, ?, ?, ?)`,
			id, []byte(id), stamp, last); err != nil {
			t.Fatal(err)
		}
		fetches = append(fetches, linli.FeedFetch{UserID: id, Generation: 2, At: base.Add(time.Duration(i) * time.Second)})
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return fetches
}
