package linli

import (
	"strings"
	"testing"
	"time"
)

func TestFeedWindowAt(t *testing.T) {
	// 2026-05-10 23:30 in UTC is already 11 May in China.
	w := FeedWindowAt(time.Date(2026, 5, 10, 23, 30, 0, 0, time.UTC))
	if w.Day.String() != "2026-05-11" {
		t.Fatalf("day %s, want 2026-05-11", w.Day)
	}
	for _, c := range []struct {
		name      string
		got, want time.Time
	}{
		{"from", w.From, time.Date(2026, 4, 11, 0, 0, 0, 0, ChinaTime)},
		{"to", w.To, time.Date(2027, 5, 12, 0, 0, 0, 0, ChinaTime)},
		{"keep since", w.KeepSince, time.Date(2026, 4, 11, 0, 0, 0, 0, ChinaTime)},
	} {
		if !c.got.Equal(c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestGivenName(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"张小明", "小明"},
		{"王芳", "芳"},
		{"欧阳娜娜", "娜娜"},
		{"欧阳", "阳"}, // a compound surname needs a given name after it
		{"司马光", "光"},
		{"  李想 ", "想"},
		{"明", "明"},
		{"", ""},
		{"Emma Li", "Emma Li"}, // the order of Latin names is unknown
		{"小Q", "小Q"},
		{"豆豆🐶", "豆豆🐶"},
	} {
		if got := GivenName(c.name); got != c.want {
			t.Errorf("GivenName(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

// feedFixture is a class session in the middle of the window of 2026-05-11 in China.
func feedFixture() (FeedSession, FeedWindow) {
	w := FeedWindowAt(time.Date(2026, 5, 11, 2, 0, 0, 0, time.UTC))
	start := time.Date(2026, 5, 20, 16, 30, 0, 0, ChinaTime)
	s := FeedSession{
		Session: Session{
			ID: "s1", Kind: KindAfterSchool, Title: "书法课", StartsAt: start, EndsAt: start.Add(90 * time.Minute),
			Venue: &SessionVenue{Name: "活动室", Address: "幸福路1号"}, Status: SessionScheduled, Sequence: 2,
			UpdatedAt: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC),
		},
		Description:      "自带毛笔",
		ProgramUpdatedAt: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC),
	}
	return s, w
}

func TestPersonalEvent(t *testing.T) {
	s, w := feedFixture()
	changed := time.Date(2026, 5, 5, 8, 0, 0, 0, time.UTC)
	old := w.KeepSince.Add(-time.Hour)
	child := func(name, status string) FeedChild {
		return FeedChild{Name: name, Status: status, UpdatedAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	}
	cancelled := s
	cancelled.Status, cancelled.CancelReason = SessionCancelled, "暴雨"
	leftPlan := s
	leftPlan.Status, leftPlan.CancelReason, leftPlan.CancelOrigin = SessionCancelled, ReasonLeftPlan, CancelByPlan
	cancelledLongAgo := cancelled
	cancelledLongAgo.UpdatedAt = old
	pastWindow := s
	pastWindow.StartsAt, pastWindow.EndsAt = w.From.Add(-2*time.Hour), w.From

	cases := []struct {
		name      string
		s         FeedSession
		rel       FeedRelation
		locale    string
		shown     bool
		status    string
		summary   string
		sequence  int
		stamp     time.Time
		inDesc    []string
		notInDesc []string
	}{
		{name: "staff", s: s, rel: FeedRelation{Staff: true, ChangedAt: changed},
			shown: true, status: EventConfirmed, summary: "书法课", sequence: 2, stamp: changed, inDesc: []string{"你负责本场", "自带毛笔"}},
		{name: "two children, one in line, merged", s: s, rel: FeedRelation{Changes: 3, ChangedAt: changed,
			Children: []FeedChild{child("张小明", BookingConfirmed), child("张小红", BookingWaitlisted)}},
			shown: true, status: EventConfirmed, summary: "小明、小红（候补） · 书法课", sequence: 5, stamp: changed},
		{name: "only in line", s: s, rel: FeedRelation{ChangedAt: changed, Children: []FeedChild{child("张小红", BookingWaitlisted)}},
			shown: true, status: EventTentative, summary: "小红（候补） · 书法课", sequence: 2},
		{name: "in line, in English", s: s, locale: LocaleEN, rel: FeedRelation{ChangedAt: changed, Children: []FeedChild{child("Lily", BookingWaitlisted)}},
			shown: true, status: EventTentative, summary: "Lily (waitlist) · 书法课", sequence: 2},
		{name: "in line but signed up", s: s, rel: FeedRelation{Signup: SignupActive, ChangedAt: changed, Children: []FeedChild{child("张小红", BookingWaitlisted)}},
			shown: true, status: EventConfirmed, summary: "小红（候补） · 书法课", inDesc: []string{"你已报名"}, sequence: 2},
		{name: "booking cancelled: kept as cancelled with the child", s: s, rel: FeedRelation{Changes: 1, ChangedAt: changed,
			Children: []FeedChild{child("张小明", BookingCancelled)}},
			shown: true, status: EventCancelled, summary: "【已取消】小明 · 书法课", sequence: 3, inDesc: []string{"你已不在此安排中"}, notInDesc: []string{"本场已取消"}},
		{name: "booking cancelled, in English", s: s, locale: LocaleEN, rel: FeedRelation{Changes: 1, ChangedAt: changed,
			Children: []FeedChild{child("Lily", BookingCancelled)}},
			shown: true, status: EventCancelled, summary: "Cancelled: Lily · 书法课", sequence: 3, inDesc: []string{"no longer on your schedule"}},
		{name: "left a shift 30 days ago and more: gone", s: s, rel: FeedRelation{Signup: SignupLeft, Changes: 1, ChangedAt: old}},
		{name: "a sibling still booked keeps the event", s: s, rel: FeedRelation{Changes: 1, ChangedAt: changed,
			Children: []FeedChild{child("张小明", BookingCancelled), child("张小红", BookingConfirmed)}},
			shown: true, status: EventConfirmed, summary: "小红 · 书法课", sequence: 3},
		{name: "session cancelled", s: cancelled, rel: FeedRelation{Staff: true, ChangedAt: changed},
			shown: true, status: EventCancelled, summary: "【已取消】书法课", sequence: 2, inDesc: []string{"本场已取消：暴雨", "你负责本场"}},
		{name: "session cancelled by the coordinator: the parent reads that the session was, not the booking", s: cancelled,
			rel:   FeedRelation{Changes: 1, ChangedAt: changed, Children: []FeedChild{child("张小明", BookingSessionCancelled)}},
			shown: true, status: EventCancelled, summary: "【已取消】小明 · 书法课", sequence: 3, inDesc: []string{"本场已取消：暴雨"}, notInDesc: []string{"你已不在此安排中", "预约取消"}},
		{name: "session cancelled after the parent cancelled the booking", s: cancelled,
			rel:   FeedRelation{Changes: 1, ChangedAt: changed, Children: []FeedChild{child("张小明", BookingCancelled)}},
			shown: true, status: EventCancelled, summary: "【已取消】小明 · 书法课", sequence: 3, inDesc: []string{"本场已取消：暴雨", "你已不在此安排中"}},
		{name: "session left the plan: the reason in Chinese", s: leftPlan,
			rel:   FeedRelation{Changes: 1, ChangedAt: changed, Children: []FeedChild{child("张小明", BookingSessionCancelled)}},
			shown: true, status: EventCancelled, summary: "【已取消】小明 · 书法课", sequence: 3, inDesc: []string{"本场已取消：该日期已不在课程安排中"}, notInDesc: []string{"schedule", "你已不在此安排中"}},
		{name: "session left the plan, in English", s: leftPlan, locale: LocaleEN,
			rel:   FeedRelation{Changes: 1, ChangedAt: changed, Children: []FeedChild{child("Lily", BookingSessionCancelled)}},
			shown: true, status: EventCancelled, summary: "Cancelled: Lily · 书法课", sequence: 3, inDesc: []string{"This session was cancelled: " + ReasonLeftPlan}, notInDesc: []string{"no longer on your schedule"}},
		{name: "session cancelled long ago: gone", s: cancelledLongAgo, rel: FeedRelation{Staff: true, ChangedAt: old}},
		{name: "outside the window", s: pastWindow, rel: FeedRelation{Staff: true, ChangedAt: changed}},
		{name: "visit: the household's label and building, not the plan's description", s: func() FeedSession {
			v := s
			v.Kind, v.Title, v.Venue = KindNeighborVisit, "走访：12号楼 301", nil
			return v
		}(), rel: FeedRelation{Staff: true, ChangedAt: changed, Household: &FeedHousehold{Label: "301 李奶奶", Building: "12号楼", UpdatedAt: changed.Add(time.Hour)}},
			shown: true, status: EventConfirmed, summary: "探访 · 301 李奶奶", sequence: 2, stamp: changed.Add(time.Hour), notInDesc: []string{"自带毛笔"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			locale := c.locale
			if locale == "" {
				locale = LocaleZH
			}
			ev, ok := PersonalEvent(FeedEntry{FeedSession: c.s, Relation: c.rel}, w, locale)
			if ok != c.shown {
				t.Fatalf("shown = %v, want %v", ok, c.shown)
			}
			if !ok {
				return
			}
			if ev.Status != c.status || ev.Summary != c.summary || ev.Sequence != c.sequence {
				t.Errorf("got %s %q SEQUENCE %d, want %s %q %d", ev.Status, ev.Summary, ev.Sequence, c.status, c.summary, c.sequence)
			}
			if !c.stamp.IsZero() && !ev.Stamp.Equal(c.stamp) {
				t.Errorf("stamp %v, want %v", ev.Stamp, c.stamp)
			}
			for _, s := range c.inDesc {
				if !strings.Contains(ev.Description, s) {
					t.Errorf("description %q lacks %q", ev.Description, s)
				}
			}
			for _, s := range c.notInDesc {
				if strings.Contains(ev.Description, s) {
					t.Errorf("description %q has %q", ev.Description, s)
				}
			}
		})
	}
}

// TestPersonalEventSequence: SEQUENCE never falls and LAST-MODIFIED never goes back as the
// session and the relation change, step by step.
func TestPersonalEventSequence(t *testing.T) {
	s, w := feedFixture()
	at := func(day int) time.Time { return time.Date(2026, 5, day, 9, 0, 0, 0, time.UTC) }
	steps := []struct {
		name string
		edit func(e *FeedEntry)
	}{
		{"booked in line", func(e *FeedEntry) {
			e.Relation = FeedRelation{ChangedAt: at(2), Children: []FeedChild{{Name: "小明", Status: BookingWaitlisted}}}
		}},
		{"confirmed", func(e *FeedEntry) {
			e.Relation.Changes, e.Relation.ChangedAt, e.Relation.Children[0].Status = 1, at(3), BookingConfirmed
		}},
		{"moved", func(e *FeedEntry) {
			e.StartsAt, e.EndsAt, e.Sequence, e.UpdatedAt = e.StartsAt.Add(time.Hour), e.EndsAt.Add(time.Hour), e.Sequence+1, at(4)
		}},
		{"cancelled by the guardian", func(e *FeedEntry) {
			e.Relation.Changes, e.Relation.ChangedAt, e.Relation.Children[0].Status = 2, at(5), BookingCancelled
		}},
		{"session cancelled", func(e *FeedEntry) {
			e.Status, e.Sequence, e.UpdatedAt = SessionCancelled, e.Sequence+1, at(6)
		}},
	}
	e := FeedEntry{FeedSession: s}
	prev := FeedEvent{Sequence: -1}
	for _, step := range steps {
		step.edit(&e)
		ev, ok := PersonalEvent(e, w, LocaleZH)
		if !ok {
			t.Fatalf("%s: not shown", step.name)
		}
		if ev.Sequence <= prev.Sequence || !ev.Stamp.After(prev.Stamp) {
			t.Errorf("%s: SEQUENCE %d after %d, stamp %v after %v; both must rise", step.name, ev.Sequence, prev.Sequence, ev.Stamp, prev.Stamp)
		}
		prev = ev
	}
}

func TestPublicEvent(t *testing.T) {
	s, w := feedFixture()
	visit := s
	visit.Kind = KindNeighborVisit
	cancelled := s
	cancelled.Status, cancelled.UpdatedAt = SessionCancelled, w.KeepSince
	expired := cancelled
	expired.UpdatedAt = w.KeepSince.Add(-time.Second)
	leftPlan := cancelled
	leftPlan.CancelReason = ReasonLeftPlan
	for _, c := range []struct {
		name            string
		s               FeedSession
		shown           bool
		status, summary string
		inDesc          string
	}{
		{"class", s, true, EventConfirmed, s.Title, "自带毛笔"},
		{"neighbour visit: never public", visit, false, "", "", ""},
		{"cancelled 30 days ago", cancelled, true, EventCancelled, "【已取消】" + s.Title, "本场已取消"},
		{"left the plan: the reason in Chinese", leftPlan, true, EventCancelled, "【已取消】" + s.Title, "本场已取消：该日期已不在课程安排中"},
		{"cancelled before that", expired, false, "", "", ""},
	} {
		ev, ok := PublicEvent(c.s, w)
		if ok != c.shown || ok && (ev.Status != c.status || ev.Summary != c.summary || ev.Location != "活动室，幸福路1号" || ev.Sequence != s.Sequence ||
			!strings.HasPrefix(ev.Description, c.inDesc)) {
			t.Errorf("%s: shown %v, %+v", c.name, ok, ev)
		}
	}
}

func TestFeedNames(t *testing.T) {
	if n, _ := PersonalFeedName(LocaleEN); n != "Linli · My schedule" {
		t.Errorf("English personal feed name %q", n)
	}
	if n := CommunityFeedName("幸福里社区"); n != "幸福里社区 · 社区日程" {
		t.Errorf("community feed name %q", n)
	}
	if n := ProgramFeedName("书法课", "幸福里社区"); n != "书法课 · 幸福里社区" {
		t.Errorf("program feed name %q", n)
	}
}
