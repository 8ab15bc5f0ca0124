package storage

import (
	"context"
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
