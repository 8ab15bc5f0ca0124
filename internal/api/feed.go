package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/ical"
	"github.com/linli/linli/internal/linli"
)

// feedFormat is part of every feed's ETag: raise it when the code changes what a feed shows.
const feedFormat = "2"

// Cache-Control of feeds: a personal feed only in the subscriber's own client, revalidated on
// every poll (a 304 costs one indexed read); public feeds anywhere, for an hour.
const (
	personalCacheControl = "private, no-cache"
	publicCacheControl   = "public, max-age=3600"
)

// How often feeds suggest clients poll (REFRESH-INTERVAL; most clients choose for themselves).
const (
	personalRefresh = time.Hour
	publicRefresh   = 6 * time.Hour
)

// feedRoutes serves, under /api/v1, the signed-in user's feed links and one session as a file.
func (s *Server) feedRoutes(r chi.Router) {
	r.Get("/me/feeds", s.h(s.findFeeds))
	r.Post("/me/feeds/rotate", s.h(s.rotateFeed))
	r.Get("/sessions/{id}.ics", s.h(s.sessionICS))
	r.Head("/sessions/{id}.ics", s.h(s.sessionICS))
}

// icalRoutes serves the feeds at the root. Only route patterns are logged, never the token.
func (s *Server) icalRoutes(r chi.Router) {
	for _, route := range []struct {
		pattern string
		fn      handlerFunc
	}{
		{"/ical/{token}.ics", s.personalFeed},
		{"/ical/communities/{id}.ics", s.publicFeed(linli.FeedCommunity)},
		{"/ical/programs/{id}.ics", s.publicFeed(linli.FeedProgram)},
	} {
		r.Get(route.pattern, s.h(route.fn))
		r.Head(route.pattern, s.h(route.fn))
	}
}

// feedLink is one item of GET /me/feeds.
type feedLink struct {
	Kind          string     `json:"kind"`
	URL           string     `json:"url"`
	WebcalURL     string     `json:"webcal_url"`
	LastFetchedAt *time.Time `json:"last_fetched_at"`
}

func (s *Server) findFeeds(w http.ResponseWriter, r *http.Request) error {
	links, err := s.Feeds.FeedLinks(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	return s.writeFeedLinks(w, r, links)
}

func (s *Server) rotateFeed(w http.ResponseWriter, r *http.Request) error {
	links, err := s.Feeds.RotateFeed(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	return s.writeFeedLinks(w, r, links)
}

// writeFeedLinks lists the feeds with their URLs.
func (s *Server) writeFeedLinks(w http.ResponseWriter, r *http.Request, links []linli.FeedLink) error {
	base := s.publicURL(r)
	webcal := "webcal://" + base[strings.Index(base, "://")+3:]
	items := make([]feedLink, len(links))
	for i, l := range links {
		path := "/ical/" + l.Token + ".ics"
		items[i] = feedLink{Kind: l.Kind, URL: base + path, WebcalURL: webcal + path, LastFetchedAt: l.LastFetchedAt}
	}
	return list(w, items, "")
}

// personalFeed serves GET /ical/{token}.ics. A repeated poll costs one indexed read: the token's
// owner and their feed's version name the ETag, so a 304 or a cached feed needs nothing else.
func (s *Server) personalFeed(w http.ResponseWriter, r *http.Request) error {
	owner, err := s.Feeds.FeedOwner(r.Context(), chi.URLParam(r, "token"))
	if err != nil {
		return err
	}
	now := s.Now()
	s.Feeds.RecordFetch(linli.FeedFetch{UserID: owner.UserID, Generation: owner.Generation, At: now})
	ref := linli.FeedRef{Kind: linli.FeedPersonal, ID: owner.UserID}
	return s.serveFeed(w, r, ref, owner.Version, now, personalCacheControl, func(win linli.FeedWindow) (int64, ical.Feed, error) {
		data, err := s.Feeds.PersonalFeed(r.Context(), owner.UserID, win)
		if err != nil {
			return 0, ical.Feed{}, err
		}
		name, desc := linli.PersonalFeedName(data.Locale)
		feed := ical.Feed{Name: name, Description: desc, Location: data.Location, RefreshInterval: personalRefresh}
		for _, e := range data.Entries {
			if ev, ok := linli.PersonalEvent(e, win, data.Locale); ok {
				feed.Events = append(feed.Events, s.icalEvent(r, ev))
			}
		}
		return data.Version, feed, nil
	})
}

// publicFeed serves the feed of a community or a program: public kinds only, nobody's data.
func (s *Server) publicFeed(kind string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ref := linli.FeedRef{Kind: kind, ID: chi.URLParam(r, "id")}
		version, err := s.Feeds.FeedVersion(r.Context(), ref)
		if err != nil {
			return err
		}
		return s.serveFeed(w, r, ref, version, s.Now(), publicCacheControl, func(win linli.FeedWindow) (int64, ical.Feed, error) {
			data, err := s.Feeds.PublicFeed(r.Context(), ref, win)
			if err != nil {
				return 0, ical.Feed{}, err
			}
			feed := ical.Feed{Name: data.Name, Location: data.Location, RefreshInterval: publicRefresh}
			for _, fs := range data.Sessions {
				if ev, ok := linli.PublicEvent(fs, win); ok {
					feed.Events = append(feed.Events, s.icalEvent(r, ev))
				}
			}
			return data.Version, feed, nil
		})
	}
}

// buildFunc reads a feed in the window and returns it with the version of the data it was built
// from.
type buildFunc func(win linli.FeedWindow) (version int64, feed ical.Feed, err error)

// serveFeed answers a feed request for version of ref: with a 304 when the client holds that
// version, from the cache when it does, else by building, encoding and caching it.
func (s *Server) serveFeed(w http.ResponseWriter, r *http.Request, ref linli.FeedRef, version int64, now time.Time, cacheControl string, build buildFunc) error {
	win := linli.FeedWindowAt(now)
	w.Header().Set("Cache-Control", cacheControl)
	etag := s.feedETag(r, ref, version, win.Day)
	limit := s.FeedCacheBytes
	if limit == 0 {
		limit = DefaultFeedCacheBytes
	}
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.Header().Set("ETag", etag)
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	if f, ok := s.feeds.cache.get(ref, etag); ok && limit > 0 {
		return s.serveEncoded(w, r, f)
	}
	version, feed, err := build(win)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := ical.Encode(&buf, feed); err != nil {
		return err
	}
	// Last-Modified is the newest event's LAST-MODIFIED; a feed without events changed last when
	// its window last moved.
	modified := win.Day.At(linli.Clock{}, linli.ChinaTime)
	for i, ev := range feed.Events {
		if i == 0 || ev.Stamp.After(modified) {
			modified = ev.Stamp
		}
	}
	f := &encodedFeed{ref: ref, etag: s.feedETag(r, ref, version, win.Day), modified: modified, body: buf.Bytes()}
	s.feeds.cache.put(f, limit)
	return s.serveEncoded(w, r, f)
}

// feedETag names a feed's bytes: they are a function of the feed, its version, the window's day,
// the public URL (in UIDs and links) and this code.
func (s *Server) feedETag(r *http.Request, ref linli.FeedRef, version int64, day linli.Date) string {
	sum := sha256.Sum256([]byte(strings.Join([]string{feedFormat, ref.Kind, ref.ID, strconv.FormatInt(version, 10), day.String(), s.publicURL(r)}, "\x00")))
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// serveEncoded writes an encoded feed, gzip-coded for clients that accept it;
// http.ServeContent answers HEAD, If-Modified-Since (304) and ranges.
func (s *Server) serveEncoded(w http.ResponseWriter, r *http.Request, f *encodedFeed) error {
	if etagMatches(r.Header.Get("If-None-Match"), f.etag) {
		// compress has turned a gzip ETag into this one, and names the right one in the 304.
		w.Header().Set("ETag", f.etag)
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	modified, err := s.dateAnswer(w, r, f.modified)
	if err != nil {
		return err
	}
	body, etag := f.body, f.etag
	if len(body) >= gzipMinBytes && r.Header.Get("Range") == "" && acceptsGzip(r.Header.Values("Accept-Encoding")) {
		// Served gzip-coded from the copy kept with the feed: compress passes it through.
		body, etag = f.gzipped(), gzipETag(f.etag)
		w.Header().Set("Content-Encoding", "gzip")
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("ETag", etag)
	http.ServeContent(w, r, "", modified, bytes.NewReader(body))
	return nil
}

// maxDateWait is the longest an answer waits for the second of its newest stamp.
const maxDateWait = time.Second

// dateAnswer sets the Date of an answer whose content last changed at modified and returns its
// Last-Modified, which is never later than Date (RFC 9110 §8.8.2.1). Stamps are max(now,
// previous + 1 s), so the newest can lie a little ahead of the clock: the answer then waits for
// its second, at most maxDateWait, and is dated then; a stamp still later is cut to the Date.
func (s *Server) dateAnswer(w http.ResponseWriter, r *http.Request, modified time.Time) (time.Time, error) {
	now := s.Now()
	modified = modified.Truncate(time.Second)
	if ahead := modified.Sub(now); ahead > 0 {
		wait := min(ahead, maxDateWait)
		timer := time.NewTimer(wait)
		select {
		case <-timer.C:
		case <-r.Context().Done():
			timer.Stop()
			return time.Time{}, r.Context().Err()
		}
		now = now.Add(wait)
	}
	date := now.Truncate(time.Second)
	w.Header().Set("Date", date.UTC().Format(http.TimeFormat))
	if modified.After(date) {
		modified = date
	}
	return modified, nil
}

// etagMatches reports whether an If-None-Match header names etag (weak comparison, RFC 9110 §13.1.2).
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// sessionICS serves one session as a file to add to a calendar, to whoever may see the session.
func (s *Server) sessionICS(w http.ResponseWriter, r *http.Request) error {
	fs, err := s.Feeds.FeedSession(r.Context(), actorOf(r), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	ev := linli.SessionEvent(*fs)
	var buf bytes.Buffer
	if err := ical.EncodeEvent(&buf, fs.StartsAt.Location(), s.icalEvent(r, ev)); err != nil {
		return err
	}
	sum := sha256.Sum256(buf.Bytes())
	w.Header().Set("Cache-Control", personalCacheControl)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="linli-%s-%s.ics"`, fs.StartsAt.Format("20060102"), idTail(fs.ID)))
	return s.serveEncoded(w, r, &encodedFeed{etag: `"` + hex.EncodeToString(sum[:16]) + `"`, modified: ev.Stamp, body: buf.Bytes()})
}

// idTail is the part of a session's id that a download's file name carries: its last 8 hex
// digits, which are random in a UUIDv7, where the first ones are the time the id was made and
// the same for every session of one plan.
func idTail(id string) string {
	if len(id) < 8 {
		return id
	}
	return id[len(id)-8:]
}

// icalEvent turns an event of the domain into a VEVENT: the session's id at the public URL's
// host is its UID for ever, and the session's page its URL.
func (s *Server) icalEvent(r *http.Request, ev linli.FeedEvent) ical.Event {
	base := s.publicURL(r)
	host := base
	if u, err := url.Parse(base); err == nil && u.Host != "" {
		host = u.Hostname()
	}
	return ical.Event{
		UID: ev.SessionID + "@" + host, Start: ev.Start, End: ev.End,
		Summary: ev.Summary, Description: ev.Description, Location: ev.Location,
		Status: ical.Status(ev.Status), Sequence: ev.Sequence, Stamp: ev.Stamp,
		Categories: ev.Categories, URL: base + "/#/sessions/" + ev.SessionID,
	}
}

// publicURL is the server's public URL without a trailing slash: PublicURL, or the request's
// host when it is not set (tests).
func (s *Server) publicURL(r *http.Request) string {
	if s.PublicURL != "" {
		return strings.TrimSuffix(s.PublicURL, "/")
	}
	return "http://" + r.Host
}
