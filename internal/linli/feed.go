package linli

import (
	"context"
	"slices"
	"time"
)

// Feed kinds: a user's personal feed, and the public feeds of a community and of a program.
const (
	FeedPersonal  = "personal"
	FeedCommunity = "community"
	FeedProgram   = "program"
)

// Bounds of every feed (ICAL.md "Decisions"): sessions from 30 days back to 365 days ahead; an
// event the user no longer has stays as cancelled for 30 days, then leaves.
const (
	FeedDaysBack          = 30
	FeedDaysAhead         = 365
	FeedDaysKeepCancelled = 30
)

// Event statuses of a feed, as RFC 5545 spells them.
const (
	EventConfirmed = "CONFIRMED"
	EventTentative = "TENTATIVE"
	EventCancelled = "CANCELLED"
)

// FeedWindow is what a feed shows on one day: sessions ending after From and starting before To,
// and cancelled events whose cancellation is at or after KeepSince. It moves once a day (China's
// day), so a feed is a function of the stored data and Day alone.
type FeedWindow struct {
	Day       Date
	From, To  time.Time
	KeepSince time.Time
}

// FeedWindowAt returns the window of the day that contains now in China.
func FeedWindowAt(now time.Time) FeedWindow {
	day := TodayInChina(now)
	start := day.At(Clock{}, ChinaTime)
	return FeedWindow{
		Day:       day,
		From:      start.AddDate(0, 0, -FeedDaysBack),
		To:        start.AddDate(0, 0, FeedDaysAhead+1),
		KeepSince: start.AddDate(0, 0, -FeedDaysKeepCancelled),
	}
}

// FeedRef names one feed: its kind and the id of the user, community or program.
type FeedRef struct {
	Kind string
	ID   string
}

// FeedSession is a session as feeds show it, with what its program adds.
type FeedSession struct {
	Session
	Description      string    // the program's description
	ProgramUpdatedAt time.Time // the description's last change
	// Stamp is the last change of the session's event in public feeds, stamped max(now,
	// previous + 1 s) so that two changes within a second still move it; zero until the session
	// first changes, when UpdatedAt and ProgramUpdatedAt tell.
	Stamp time.Time
}

// FeedRelation is how one user stands to one session: the roles they hold now, the children
// booked there (each child's latest booking, whatever its status), the household visited, and
// the count and time of the changes of that relation.
type FeedRelation struct {
	Staff     bool
	Signup    string // "", SignupActive or SignupLeft
	Children  []FeedChild
	Household *FeedHousehold // neighbour visits only
	Changes   int            // the relation's changes after the first: never falls
	ChangedAt time.Time      // the last of them
	// Stamp is the last change of anything the user's event of the session shows (session,
	// program, relation, children, household, language), stamped max(now, previous + 1 s).
	Stamp time.Time
}

// Sign-up statuses of a volunteer on a session.
const (
	SignupActive = "active"
	SignupLeft   = "left"
)

// FeedChild is a child of the user booked into a session.
type FeedChild struct {
	Name      string // as registered; feeds show its given name only (GivenName)
	Status    string // the booking's status
	UpdatedAt time.Time
}

// FeedHousehold is what a visitor's feed shows of the household visited: its label and building.
type FeedHousehold struct {
	Label     string
	Building  string
	UpdatedAt time.Time
}

// FeedEntry is one session of a personal feed with the user's relation to it.
type FeedEntry struct {
	FeedSession
	Relation FeedRelation
}

// PersonalFeed is what a personal feed is built from, read in one snapshot with its version.
type PersonalFeed struct {
	Version   int64
	ChangedAt time.Time // when the version last rose; zero for version 0
	Locale    string
	Location  *time.Location // the zone the feed writes times in: China's
	Entries   []FeedEntry
}

// PublicFeed is what a community's or a program's feed is built from, read in one snapshot with
// its version. Sessions holds public kinds only.
type PublicFeed struct {
	Version   int64
	ChangedAt time.Time      // when the version last rose; zero for version 0
	Name      string         // the community's name, or the program's title and its community's name
	Location  *time.Location // the community's time zone
	Sessions  []FeedSession
}

// FeedOwner is the user a personal feed token belongs to, and the version of their feed now.
type FeedOwner struct {
	UserID     string
	Generation int
	Version    int64
}

// FeedLink is one of a user's feeds as GET /me/feeds lists it.
type FeedLink struct {
	Kind          string
	Token         string
	LastFetchedAt *time.Time
}

// FeedFetch records that a personal feed was fetched with the token of a generation.
type FeedFetch struct {
	UserID     string
	Generation int
	At         time.Time
}

// FeedService keeps feed tokens and reads what feeds are built from. A version counts the changes
// of everything a feed shows, so a feed is a function of (version, window day): servers that
// agree on the version serve the same bytes.
type FeedService interface {
	// FeedLinks returns the actor's personal feed token, making it on first use.
	FeedLinks(ctx context.Context, a *Actor) ([]FeedLink, error)
	// RotateFeed replaces the actor's token: the old one stops working at once.
	RotateFeed(ctx context.Context, a *Actor) ([]FeedLink, error)
	// FeedOwner returns the owner of a personal feed token; an unknown or replaced token is
	// not_found.
	FeedOwner(ctx context.Context, token string) (*FeedOwner, error)
	// FeedVersion returns the version of a public feed; an unknown community, or a program that
	// is not public, is not_found.
	FeedVersion(ctx context.Context, ref FeedRef) (int64, error)
	// PersonalFeed reads the user's sessions in the window, with their relation to each.
	PersonalFeed(ctx context.Context, userID string, w FeedWindow) (*PersonalFeed, error)
	// PublicFeed reads a public feed's sessions in the window.
	PublicFeed(ctx context.Context, ref FeedRef, w FeedWindow) (*PublicFeed, error)
	// FeedSession reads one session the actor may see (as FindSession), for "add to my calendar".
	FeedSession(ctx context.Context, a *Actor, id string) (*FeedSession, error)
	// RecordFetch notes when a personal feed was fetched. It may be written later, together with
	// others (FeedLinks shows it at once); a fetch of a replaced token is ignored.
	RecordFetch(f FeedFetch)
}

// FeedEvent is one event of a feed, ready to encode: the session's id becomes its UID.
type FeedEvent struct {
	SessionID   string
	Start, End  time.Time
	Summary     string
	Description string
	Location    string
	Status      string // EventConfirmed, EventTentative or EventCancelled
	Sequence    int
	Stamp       time.Time // the last change of anything the event shows: DTSTAMP, LAST-MODIFIED
	Categories  []string
}

// PublicEvent returns the event of a public feed for s, and whether the window shows it: a
// session of a public kind, in the window, and if cancelled, cancelled at or after KeepSince.
func PublicEvent(s FeedSession, w FeedWindow) (FeedEvent, bool) {
	if !CanSeeKind(s.Kind) || !inWindow(&s.Session, w) ||
		s.Status == SessionCancelled && s.UpdatedAt.Before(w.KeepSince) {
		return FeedEvent{}, false
	}
	return SessionEvent(s), true
}

// SessionEvent returns the event of one session as anyone who may see it sees it: what the
// session and its program say, nothing about people (ICAL.md R32).
func SessionEvent(s FeedSession) FeedEvent {
	ev := baseEvent(s, LocaleZH)
	ev.Stamp = latest(ev.Stamp, s.Stamp)
	ev.Summary = s.Title
	if s.Status == SessionCancelled {
		ev.Status = EventCancelled
		ev.Summary = feedTextZH.cancelledMark + ev.Summary
	}
	return ev
}

// PersonalEvent returns the event of the user's personal feed for e, and whether the window
// shows it. One event per session: every role and child of the user there is merged into it.
// SEQUENCE is the session's sequence plus the relation's changes, so it rises with either and
// never falls; the stamp is the latest change of anything shown.
func PersonalEvent(e FeedEntry, w FeedWindow, locale string) (FeedEvent, bool) {
	if !inWindow(&e.Session, w) {
		return FeedEvent{}, false
	}
	rel := e.Relation
	active := activeChildren(rel.Children)
	held := rel.Staff || rel.Signup == SignupActive || len(active) > 0
	ev := baseEvent(e.FeedSession, locale)
	ev.Sequence += rel.Changes
	ev.Stamp = latest(latest(ev.Stamp, rel.ChangedAt), rel.Stamp)
	shown := active
	if !held {
		shown = rel.Children
	}
	for _, c := range shown {
		ev.Stamp = latest(ev.Stamp, c.UpdatedAt)
	}
	if h := rel.Household; h != nil {
		ev.Stamp = latest(ev.Stamp, h.UpdatedAt)
		ev.Location = h.Building
	}
	var cancelledAt time.Time
	switch {
	case e.Status == SessionCancelled:
		ev.Status, cancelledAt = EventCancelled, e.UpdatedAt
		if !held && rel.ChangedAt.Before(cancelledAt) {
			cancelledAt = rel.ChangedAt // the user had left before the session was cancelled
		}
	case !held:
		ev.Status, cancelledAt = EventCancelled, rel.ChangedAt
	case !rel.Staff && rel.Signup != SignupActive && !slices.ContainsFunc(active, func(c FeedChild) bool { return c.Status == BookingConfirmed }):
		ev.Status = EventTentative
	}
	if ev.Status == EventCancelled && cancelledAt.Before(w.KeepSince) {
		return FeedEvent{}, false
	}
	t := feedTexts(locale)
	ev.Summary = personalSummary(e, shown, t)
	if ev.Status == EventCancelled {
		ev.Summary = t.cancelledMark + ev.Summary
	}
	// A booking the session's cancellation ended is not the user's doing: the description's
	// first line already says the session was cancelled.
	endedWithSession := e.Status == SessionCancelled && !held &&
		slices.ContainsFunc(rel.Children, func(c FeedChild) bool { return c.Status == BookingSessionCancelled })
	if !endedWithSession {
		ev.Description = joinLines(roleLines(rel, held, t), ev.Description)
	}
	return ev, true
}

// baseEvent is what every feed shows of a session: times, place, the program's description (not
// a visit plan's, which is about a household) and the cancellation reason, the kind as category.
func baseEvent(s FeedSession, locale string) FeedEvent {
	t := feedTexts(locale)
	ev := FeedEvent{
		SessionID: s.ID, Start: s.StartsAt, End: s.EndsAt, Status: EventConfirmed,
		Sequence: s.Sequence, Stamp: latest(s.UpdatedAt, s.ProgramUpdatedAt),
	}
	if s.Kind != KindNeighborVisit {
		ev.Description = s.Description
	}
	if s.Venue != nil {
		ev.Location = joinNonEmpty(t.comma, s.Venue.Name, s.Venue.Address)
	}
	if s.Status == SessionCancelled {
		ev.Description = joinLines(joinNonEmpty(t.colon, t.cancelled, ReasonText(s.Kind, s.CancelReason, locale)), ev.Description)
	}
	if k := t.kinds[s.Kind]; k != "" {
		ev.Categories = []string{k}
	}
	return ev
}

func inWindow(s *Session, w FeedWindow) bool {
	return s.EndsAt.After(w.From) && s.StartsAt.Before(w.To)
}

// activeChildren returns the children whose booking still holds a place or a place in line.
func activeChildren(cs []FeedChild) []FeedChild {
	var out []FeedChild
	for _, c := range cs {
		if c.Status == BookingConfirmed || c.Status == BookingWaitlisted || c.Status == BookingExpired {
			out = append(out, c)
		}
	}
	return out
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
