// Package ical turns plain Go values into the iCalendar feeds (RFC 5545, RFC 7986) that parents,
// teachers and volunteers subscribe to, and lints such feeds byte by byte (ICAL.md §5.1). It is
// the only package that imports golang-ical, and it works around that library's defects (ICAL.md
// §3): CRLF is forced, text is cleaned before it is set, folding is done here, local times and the
// VTIMEZONE are written by hand.
package ical

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// ProductID is the PRODID of every feed.
const ProductID = "-//linli//linli//ZH"

// ErrInvalid is wrapped by every error Encode returns for input it cannot encode as a valid feed.
var ErrInvalid = errors.New("ical: invalid feed")

// Status is the STATUS of an event.
type Status string

// The event statuses RFC 5545 §3.8.1.11 defines for VEVENT.
const (
	StatusConfirmed Status = "CONFIRMED"
	StatusTentative Status = "TENTATIVE"
	StatusCancelled Status = "CANCELLED"
)

// Event is one VEVENT. Text fields may hold anything: line breaks become \n, a tab becomes a
// space, and other control characters, invalid UTF-8 and U+FFFD are dropped. Start and End are
// written as TZID local times, except inside the hour repeated when DST ends, where clients
// disagree on which instant a local time names: there they are written in UTC.
type Event struct {
	UID         string    // stable forever, e.g. "<session uuid>@host"; unique within the feed
	Start, End  time.Time // instants, End after Start (to the second); local times of Feed.Location
	Summary     string    // optional
	Description string    // optional
	Location    string    // optional; the place, not a time zone
	Status      Status    // optional: empty omits STATUS
	Sequence    int       // SEQUENCE, ≥ 0; raise it on every change of time, place or status (R12)
	Stamp       time.Time // the last change, written in UTC as both DTSTAMP and LAST-MODIFIED
	Categories  []string  // one CATEGORIES property per item; a comma inside an item splits it
	URL         string    // optional
}

// Feed is one VCALENDAR.
type Feed struct {
	Name            string         // NAME and X-WR-CALNAME (R22); required
	Description     string         // optional: DESCRIPTION and X-WR-CALDESC
	Location        *time.Location // required; its name (e.g. Asia/Shanghai) becomes the TZID
	RefreshInterval time.Duration  // optional: REFRESH-INTERVAL;VALUE=DURATION and X-PUBLISHED-TTL
	Events          []Event        // written in this order
}

// Encode writes f as an iCalendar object to w. The same f always gives the same bytes, so a hash
// of them is a stable ETag. Nothing is written when f is invalid; the error then wraps ErrInvalid.
func Encode(w io.Writer, f Feed) error {
	cal, err := calendar(f, false)
	if err != nil {
		return err
	}
	return serialize(w, cal, len(f.Events))
}

// EncodeEvent writes one event as a file to import, an "add to my calendar" download, with times
// in loc. It has no calendar name (NAME, X-WR-CALNAME), description or refresh interval: with a
// name, Outlook desktop opens the file as a new calendar instead of an appointment (R22).
func EncodeEvent(w io.Writer, loc *time.Location, ev Event) error {
	cal, err := calendar(Feed{Location: loc, Events: []Event{ev}}, true)
	if err != nil {
		return err
	}
	return serialize(w, cal, 1)
}

// serialize writes cal, folded, to w in one Write.
func serialize(w io.Writer, cal *ics.Calendar, events int) error {
	var buf bytes.Buffer
	buf.Grow(1024 + 1024*events) // a typical event takes 400 to 1000 octets
	// Serialise unfolded and fold here: golang-ical's folding splits escape sequences (R4).
	if err := cal.SerializeTo(&buf, ics.WithNewLineWindows, ics.WithLineLength(math.MaxInt)); err != nil {
		return fmt.Errorf("ical: serialise: %w", err)
	}
	_, err := w.Write(fold(make([]byte, 0, buf.Len()+buf.Len()/24), buf.Bytes()))
	return err
}

// calendar builds the golang-ical calendar for f, validating f on the way. A download carries
// only f's events and their zone.
func calendar(f Feed, download bool) (*ics.Calendar, error) {
	tzid, err := tzidOf(f.Location)
	if err != nil {
		return nil, err
	}
	cal := ics.NewCalendarFor("linli")
	cal.SetProductId(ProductID)
	if !download {
		if err := describe(cal, f); err != nil {
			return nil, err
		}
	}
	return addEvents(cal, f, tzid)
}

// describe sets the properties of a feed as a calendar: its name, description and refresh interval.
func describe(cal *ics.Calendar, f Feed) error {
	name := cleanText(f.Name)
	if strings.TrimSpace(name) == "" {
		return fmt.Errorf("%w: feed has no name", ErrInvalid)
	}
	cal.SetName(name)
	if d := cleanText(f.Description); d != "" {
		cal.SetDescription(d)
		cal.SetXWRCalDesc(d)
	}
	if f.RefreshInterval != 0 {
		if f.RefreshInterval < time.Second {
			return fmt.Errorf("%w: refresh interval %v is not a positive number of seconds", ErrInvalid, f.RefreshInterval)
		}
		d := formatDuration(f.RefreshInterval)
		cal.SetRefreshInterval(d)
		cal.SetXPublishedTTL(d)
	}
	return nil
}

// addEvents adds the VTIMEZONE of f's zone and f's events to cal, validating the events.
func addEvents(cal *ics.Calendar, f Feed, tzid string) (*ics.Calendar, error) {
	events := make([]*ics.VEvent, 0, len(f.Events))
	seen := make(map[string]bool, len(f.Events))
	from := time.Date(1970, 1, 1, 0, 0, 0, 0, f.Location)
	to := from
	for i, ev := range f.Events {
		uid := cleanLine(ev.UID)
		if err := validate(ev, uid, seen, f.Location); err != nil {
			return nil, fmt.Errorf("%w: event %d (UID %q): %s", ErrInvalid, i, ev.UID, err)
		}
		seen[uid] = true
		if i == 0 || ev.Start.Before(from) {
			from = ev.Start
		}
		if i == 0 || ev.End.After(to) {
			to = ev.End
		}
		events = append(events, vevent(ev, uid, f.Location, tzid))
	}
	// The VTIMEZONE goes first: components serialise in insertion order (defect 7).
	cal.AddVTimezone(vtimezone(tzid, observances(f.Location, from, to)))
	for _, e := range events {
		cal.AddVEvent(e)
	}
	return cal, nil
}

// validate checks what Encode cannot repair: identity (R9, R10), times (R11) and enumerations.
func validate(ev Event, uid string, seen map[string]bool, loc *time.Location) error {
	switch {
	case uid == "":
		return errors.New("empty UID")
	case seen[uid]:
		return errors.New("duplicate UID")
	case ev.Sequence < 0:
		return fmt.Errorf("negative SEQUENCE %d", ev.Sequence)
	}
	switch ev.Status {
	case "", StatusConfirmed, StatusTentative, StatusCancelled:
	default:
		return fmt.Errorf("unknown status %q", ev.Status)
	}
	for _, t := range []struct {
		name string
		t    time.Time
	}{{"start", ev.Start}, {"end", ev.End}, {"stamp", ev.Stamp}} {
		if t.t.IsZero() || !writable(t.t.UTC()) || !writable(t.t.In(loc)) {
			return fmt.Errorf("%s %v is zero or outside the years 1 to 9999", t.name, t.t)
		}
	}
	// Values are written to the second, so compare what clients will see.
	if !ev.End.Truncate(time.Second).After(ev.Start.Truncate(time.Second)) {
		return fmt.Errorf("end %v is not after start %v", ev.End, ev.Start)
	}
	return nil
}

// writable reports whether t's year fits the four digits of an iCalendar DATE-TIME.
func writable(t time.Time) bool { return t.Year() >= 1 && t.Year() <= 9999 }

// vevent builds the VEVENT for a validated ev.
func vevent(ev Event, uid string, loc *time.Location, tzid string) *ics.VEvent {
	e := ics.NewEvent(uid)
	e.SetDtStampTime(ev.Stamp)
	e.SetLastModifiedAt(ev.Stamp)
	e.SetSequence(ev.Sequence)
	setTime(e, ics.ComponentPropertyDtStart, ev.Start, loc, tzid)
	setTime(e, ics.ComponentPropertyDtEnd, ev.End, loc, tzid)
	for _, p := range []struct {
		prop  ics.ComponentProperty
		value string
	}{
		{ics.ComponentPropertySummary, ev.Summary},
		{ics.ComponentPropertyDescription, ev.Description},
		{ics.ComponentPropertyLocation, ev.Location},
	} {
		if v := cleanText(p.value); v != "" {
			e.SetProperty(p.prop, v)
		}
	}
	if ev.Status != "" {
		e.SetStatus(ics.ObjectStatus(ev.Status))
	}
	for _, c := range ev.Categories {
		// A comma separates list items, and Outlook misreads an escaped one (R6), so split there.
		for _, item := range strings.Split(cleanText(c), ",") {
			if item = strings.TrimSpace(item); item != "" {
				e.AddCategory(item)
			}
		}
	}
	if u := cleanLine(ev.URL); u != "" {
		e.SetURL(u)
	}
	return e
}

// formatDuration writes d, at least a second, as an RFC 5545 DURATION (§3.3.6) such as P1DT12H.
// The grammar allows no gap inside the time part, so an hour and a second need "0M" between them.
func formatDuration(d time.Duration) string {
	sec := int64(d / time.Second)
	days := sec / 86400
	parts := []int64{sec / 3600 % 24, sec / 60 % 60, sec % 60}
	first, last := -1, -1
	for i, n := range parts {
		if n > 0 {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	var b strings.Builder
	b.WriteByte('P')
	if days > 0 {
		fmt.Fprintf(&b, "%dD", days)
	}
	if first >= 0 {
		b.WriteByte('T')
		for i := first; i <= last; i++ {
			fmt.Fprintf(&b, "%d%c", parts[i], "HMS"[i])
		}
	}
	return b.String()
}
