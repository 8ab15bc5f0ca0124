package linli

import (
	"slices"
	"time"
)

// Notice kinds: what happened, as notifications and webhooks name it.
const (
	NoticeBookingPromoted  = "booking_promoted"  // a waitlisted child got a seat
	NoticeBookingExpired   = "booking_expired"   // the session started with the child still in line
	NoticeSessionCancelled = "session_cancelled" // to staff, sign-ups and guardians of active bookings
	NoticeSessionMoved     = "session_moved"     // its time changed
	NoticeShiftTomorrow    = "shift_tomorrow"    // reminder the day before a volunteer shift
	NoticeVisitTomorrow    = "visit_tomorrow"    // reminder the day before a neighbour visit
	NoticeVisitOverdue     = "visit_overdue"     // a visit ended 48 hours ago with no log
	NoticeConcernResolved  = "concern_resolved"  // a trouble found on a visit was solved
	NoticeChildUncollected = "child_uncollected" // 30 minutes after after-school care, still not collected
	// NoticeCalendarYearProvisional tells administrators, 60 days before a year begins, that a day
	// calendar in use still has no announced holidays for it.
	NoticeCalendarYearProvisional = "calendar_year_provisional"
	// NoticeResetIssued tells an account that someone issued a password-reset code for it.
	NoticeResetIssued = "password_reset_issued"
	// NoticeServiceRejected tells a volunteer that a coordinator rejected their service hours,
	// with the coordinator's note.
	NoticeServiceRejected = "service_rejected"
	// NoticeProgramChanged tells a person, once, that one change of a program moved or cancelled
	// more than GroupSessionNoticesOver of the sessions they are concerned in (see GroupSessionNotices).
	NoticeProgramChanged = "program_changed"
	// NoticeRoundDrawn tells a family the outcome of its application in a round's draw.
	NoticeRoundDrawn = "round_drawn"
	// NoticeRoundWishRemoved tells a family that the close of a round removed wishes overlapping
	// a booking its children already hold.
	NoticeRoundWishRemoved = "round_wish_removed"
	// NoticeRoundPlaceReleased tells a family that a promotion to a higher wish gave up its
	// lowest-ranked place, its application holding the most places a child may.
	NoticeRoundPlaceReleased = "round_place_released"
)

// NoticeKinds lists the kinds in the order the API documents them.
var NoticeKinds = []string{NoticeBookingPromoted, NoticeBookingExpired, NoticeSessionCancelled, NoticeSessionMoved,
	NoticeShiftTomorrow, NoticeVisitTomorrow, NoticeVisitOverdue, NoticeConcernResolved, NoticeChildUncollected,
	NoticeCalendarYearProvisional, NoticeResetIssued, NoticeServiceRejected, NoticeProgramChanged, NoticeRoundDrawn, NoticeRoundWishRemoved,
	NoticeRoundPlaceReleased}

// ValidNoticeKind reports whether k is a notice kind.
func ValidNoticeKind(k string) bool { return slices.Contains(NoticeKinds, k) }

// Notice is something that happened which people must hear of. Storage writes it to the outbox
// in the same transaction as the change that causes it: one notification per distinct recipient,
// and one webhook delivery per notification and subscribed webhook.
type Notice struct {
	Kind       string
	Recipients []string // user ids; each is told once
	SessionID  string   // the session it is about, if any
	// Key names what a notice about no session is about (a year), for Once.
	Key string
	// Once makes the notice unique per (Kind, SessionID or Key, recipient) for ever: a second one
	// is dropped. Reminders and alerts, which a scan may find more than once, set it.
	Once bool
	Data NoticeData
}

// NoticeData is what the text of a notice names, as it was when the notice was written; the
// title and body are rendered from it in the reader's language when read or delivered.
type NoticeData struct {
	Title       string    `json:"title,omitempty"`    // the session's title
	Kind        string    `json:"kind,omitempty"`     // the session's kind: a visit's or a shift's notice speaks of it as such
	Timezone    string    `json:"timezone,omitempty"` // the community's IANA zone
	StartsAt    time.Time `json:"starts_at,omitzero"`
	EndsAt      time.Time `json:"ends_at,omitzero"`
	Venue       string    `json:"venue,omitempty"`
	OldStartsAt time.Time `json:"old_starts_at,omitzero"` // before a move
	OldEndsAt   time.Time `json:"old_ends_at,omitzero"`
	Reason      string    `json:"reason,omitempty"`    // why a session was cancelled
	Children    []string  `json:"children,omitempty"`  // names of the children it is about
	ChildIDs    []string  `json:"child_ids,omitempty"` // their ids, in the same order: deleting a child erases its name
	Household   string    `json:"household,omitempty"` // label of the visited household
	Category    string    `json:"category,omitempty"`  // of a concern
	Year        int       `json:"year,omitempty"`      // of a provisional calendar year
	// WrittenAt is when the notice was made (not stored in its data: its row's created_at); a
	// date outside that year is written with its year.
	WrittenAt time.Time    `json:"-"`
	By        string       `json:"by,omitempty"`         // who did it: the issuer of a reset code
	Until     time.Time    `json:"until,omitzero"`       // when a reset code runs out
	Minutes   int          `json:"minutes,omitempty"`    // of service hours rejected
	Note      string       `json:"note,omitempty"`       // the coordinator's note on rejected hours
	ProgramID string       `json:"program_id,omitempty"` // of a program_changed notice
	Moved     int          `json:"moved,omitempty"`      // sessions a program change moved
	Cancelled int          `json:"cancelled,omitempty"`  // sessions a program change cancelled
	Round     *RoundNotice `json:"round,omitempty"`      // of a round_drawn or round_wish_removed notice
}

// Location returns the zone the notice's times are told in: the community's, else China's.
func (d NoticeData) Location() *time.Location {
	if d.Timezone != "" {
		if loc, err := time.LoadLocation(d.Timezone); err == nil {
			return loc
		}
	}
	loc, err := time.LoadLocation(DefaultTimezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Validate checks that a notice can be written: a known kind, and a session for a Once notice.
func (n *Notice) Validate() error {
	if !ValidNoticeKind(n.Kind) {
		return Errorf(EInternal, "unknown notice kind %q", n.Kind)
	}
	if n.Once && n.SessionID == "" && n.Key == "" {
		return Errorf(EInternal, "a once-only %s notice needs a session or a key", n.Kind)
	}
	return nil
}

// Notification is a notice as one recipient reads it in the in-app inbox, in their language.
type Notification struct {
	ID        string     `json:"id"`
	Kind      string     `json:"kind"`
	Title     string     `json:"title"`
	Body      string     `json:"body"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at"`
	SessionID string     `json:"session_id,omitempty"`
	RoundID   string     `json:"round_id,omitempty"` // a notice about an application round: its round
}

// NotificationFilter selects the signed-in user's notifications: all, or the unread only.
type NotificationFilter struct {
	Unread bool
	Page   Page
}

// Inbox is one page of a user's notifications, newest first, with the number still unread.
type Inbox struct {
	Items       []Notification
	NextCursor  string
	UnreadCount int
}

// Timing of reminders and alerts.
const (
	DefaultReminderHour = 18               // local hour of the day-before reminders
	UncollectedAfter    = 30 * time.Minute // after an after-school session ends
	VisitOverdueAfter   = 48 * time.Hour   // after a visit ends with no log
	// AlertWindow bounds how late a scan still sends an alert or reminder it missed (the server
	// was down): older ones would only confuse.
	AlertWindow = 24 * time.Hour
)

// ReminderAt returns when the reminder of a session starting at start goes out: on the day
// before, at hour:00 in the community's zone loc.
func ReminderAt(start time.Time, loc *time.Location, hour int) time.Time {
	return DateOf(start, loc).AddDays(-1).At(Clock{Hour: hour}, loc)
}

// ReminderDue reports whether the reminder of a session starting at start is due at now: from
// ReminderAt until the session starts, so that a server that was down at that hour catches up.
func ReminderDue(start time.Time, loc *time.Location, hour int, now time.Time) bool {
	return !now.Before(ReminderAt(start, loc, hour)) && now.Before(start)
}

// AlertDue reports whether an alert due at due is to be sent at now: it is due, and not older
// than AlertWindow.
func AlertDue(due, now time.Time) bool {
	return !now.Before(due) && now.Sub(due) <= AlertWindow
}

// StillWaiting reports whether a child's attendance leaves them waiting to be collected: marked
// present or late (checked in, whether or not staff wrote down the time) and not checked out.
// Absent children and those collected are not waiting.
func StillWaiting(status string, checkedOut bool) bool {
	return (status == "present" || status == "late") && !checkedOut
}

// ProvisionalYearLead is how long before a year begins administrators hear that its holidays
// are still provisional.
const ProvisionalYearLead = 60 * 24 * time.Hour

// ProvisionalYearDue returns the year that begins next in China after now and whether it begins
// within ProvisionalYearLead, so that an administrator still waiting for its holidays is told.
func ProvisionalYearDue(now time.Time) (int, bool) {
	loc, err := time.LoadLocation(DefaultTimezone)
	if err != nil {
		loc = time.UTC
	}
	next := now.In(loc).Year() + 1
	return next, time.Date(next, 1, 1, 0, 0, 0, 0, loc).Sub(now) <= ProvisionalYearLead
}

// WithoutChild returns d without the child id (or, in a notice written before ids were kept,
// without the name), and whether it still names any child; ok is false when d named that child
// alone and the notice should go.
func (d NoticeData) WithoutChild(id, name string) (out NoticeData, ok bool) {
	out = d
	out.Children, out.ChildIDs = nil, nil
	for i, n := range d.Children {
		if len(d.ChildIDs) == len(d.Children) && d.ChildIDs[i] == id || len(d.ChildIDs) != len(d.Children) && n == name {
			continue
		}
		out.Children = append(out.Children, n)
		if len(d.ChildIDs) == len(d.Children) {
			out.ChildIDs = append(out.ChildIDs, d.ChildIDs[i])
		}
	}
	return out, len(out.Children) > 0 || len(d.Children) == 0
}
