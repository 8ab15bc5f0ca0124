package linli

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"
)

// Groupings of the class-hours report.
const (
	ClassHoursByTeacherType = "teacher_type"
	ClassHoursByTeacher     = "teacher"
	ClassHoursByProgram     = "program"
	ClassHoursByCategory    = "category"
	ClassHoursByKind        = "kind"
	ClassHoursByMonth       = "month"
)

// ClassHoursGroupings lists the groupings of the class-hours report.
var ClassHoursGroupings = []string{ClassHoursByTeacherType, ClassHoursByTeacher, ClassHoursByProgram, ClassHoursByCategory, ClassHoursByKind, ClassHoursByMonth}

// TeacherTypes lists the teacher types in the order reports show them.
var TeacherTypes = []string{TeacherSchool, TeacherCommunity, TeacherResident}

// UnstaffedKey is the row key, under teacher and teacher-type groupings, of delivered sessions
// that had no staff, so that every session shows in some row.
const UnstaffedKey = "unstaffed"

// CountsClassHours reports whether sessions of kind k count in class hours.
func CountsClassHours(k string) bool { return k == KindAfterSchool || k == KindHolidayClass }

// LessonPeriods returns how many lesson periods (课时) of lessonMinutes a session of length d is:
// 90 minutes at 40 is 2.25.
func LessonPeriods(d time.Duration, lessonMinutes int) float64 {
	if lessonMinutes <= 0 {
		lessonMinutes = DefaultLessonMinutes
	}
	return d.Minutes() / float64(lessonMinutes)
}

// MonthOf returns the month "YYYY-MM" of instant t in loc: a session at 00:30 local time on the
// 1st belongs to the month that has just begun, whatever the month in UTC.
func MonthOf(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006-01") }

// DeliveredSession is what the class-hours report needs of one delivered session: when it
// started and how long it lasted, the lesson minutes that apply (the program's, else the
// community's), the children who attended (present or late) and its staff with the teacher type
// each counted under that day (storage may fill only the staff fields the grouping reads).
type DeliveredSession struct {
	ProgramID     string
	ProgramTitle  string
	Kind          string
	Category      string
	StartsAt      time.Time
	Length        time.Duration
	LessonMinutes int
	Attended      int
	Staff         []StaffMember
}

// ClassHoursFilter selects the delivered sessions of a community on local dates From..To
// (inclusive; zero for open) and how to group them.
type ClassHoursFilter struct {
	CommunityID string
	From, To    Date
	GroupBy     string
}

// Validate checks the grouping and the dates; an empty grouping becomes ClassHoursByProgram.
func (f *ClassHoursFilter) Validate() error {
	if f.CommunityID == "" {
		return Invalid("community_id", "community_id is required")
	}
	if f.GroupBy == "" {
		f.GroupBy = ClassHoursByProgram
	}
	if !slices.Contains(ClassHoursGroupings, f.GroupBy) {
		return Invalid("group_by", "group_by must be one of %v", ClassHoursGroupings)
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return Invalid("to", "to must not be before from")
	}
	return nil
}

// Rating is the sum and count of the ratings of one program's sessions.
type Rating struct {
	Sum, Count int
}

// ClassHoursRow is one row of the class-hours report. Hours, lesson periods and child-hours are
// rounded to two decimals. RatingAvg and RatingCount are set on program rows only.
type ClassHoursRow struct {
	Key           string   `json:"key"`
	Label         string   `json:"label"`
	Sessions      int      `json:"sessions"`
	Hours         float64  `json:"hours"`
	LessonPeriods float64  `json:"lesson_periods"`
	ChildHours    float64  `json:"child_hours"`
	RatingAvg     *float64 `json:"rating_avg,omitempty"`
	RatingCount   *int     `json:"rating_count,omitempty"`
}

// ClassHoursReport is the class-hours report. Totals count each delivered session once, whatever
// the grouping: under teacher and teacher-type groupings a session counts in the row of each of
// its staff, so those rows may add up to more than the totals.
type ClassHoursReport struct {
	CommunityID string          `json:"community_id,omitempty"`
	RegionID    string          `json:"region_id,omitempty"`
	From        *Date           `json:"from"`
	To          *Date           `json:"to"`
	GroupBy     string          `json:"group_by"`
	Rows        []ClassHoursRow `json:"rows"`
	Totals      ClassHoursRow   `json:"totals"`
}

// tally adds up sessions before rounding.
type tally struct {
	key, label                 string
	pos                        int
	sessions                   int
	hours, periods, childHours float64
}

func (t *tally) add(s *DeliveredSession) {
	h := s.Length.Hours()
	t.sessions++
	t.hours += h
	t.periods += LessonPeriods(s.Length, s.LessonMinutes)
	t.childHours += float64(s.Attended) * h
}

func (t *tally) row() ClassHoursRow {
	return ClassHoursRow{Key: t.key, Label: t.label, Sessions: t.sessions,
		Hours: round2(t.hours), LessonPeriods: round2(t.periods), ChildHours: round2(t.childHours)}
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// ClassHoursTally groups delivered sessions, added one at a time, into the rows of the
// class-hours report, in the community's zone and with labels in a locale. Sessions of kinds
// that do not count are left out. By program, category, kind or month each session counts once;
// by teacher or teacher type once for each of its staff (under the type they counted as that
// day), and sessions without staff in a row of their own. The totals count each session once.
type ClassHoursTally struct {
	groupBy, locale string
	loc             *time.Location
	groups          map[string]*tally
	total           tally
}

// NewClassHoursTally starts a tally grouped by groupBy (one of ClassHoursGroupings).
func NewClassHoursTally(groupBy string, loc *time.Location, locale string) *ClassHoursTally {
	return &ClassHoursTally{groupBy: groupBy, locale: locale, loc: loc, groups: map[string]*tally{}, total: tally{label: Label(locale, "total")}}
}

// In sets the time zone of the months of the sessions added from now on: over a region, each
// community's own.
func (t *ClassHoursTally) In(loc *time.Location) { t.loc = loc }

// Add counts one delivered session; the tally keeps nothing of s, so s may be reused.
func (t *ClassHoursTally) Add(s *DeliveredSession) {
	if !CountsClassHours(s.Kind) {
		return
	}
	t.total.add(s)
	switch t.groupBy {
	case ClassHoursByProgram:
		t.group(s.ProgramID, 0, s.ProgramTitle).add(s)
	case ClassHoursByCategory:
		t.group(s.Category, slices.Index(Categories, s.Category), "").add(s)
	case ClassHoursByKind:
		t.group(s.Kind, slices.Index(Kinds, s.Kind), "").add(s)
	case ClassHoursByMonth:
		t.group(MonthOf(s.StartsAt, t.loc), 0, "").add(s)
	case ClassHoursByTeacher, ClassHoursByTeacherType:
		if len(s.Staff) == 0 {
			t.group(UnstaffedKey, len(TeacherTypes), "").add(s)
		}
		for _, m := range s.Staff {
			if t.groupBy == ClassHoursByTeacher {
				t.group(m.ID, 0, m.Name).add(s)
			} else {
				t.group(m.TeacherType, slices.Index(TeacherTypes, m.TeacherType), "").add(s)
			}
		}
	}
}

// group returns the row of key, making it with its place in the order and its label (name, or
// "" to name the code) on first use.
func (t *ClassHoursTally) group(key string, pos int, name string) *tally {
	g, ok := t.groups[key]
	if !ok {
		g = &tally{key: key, pos: pos, label: name}
		if name == "" {
			g.label = Label(t.locale, key)
			if t.groupBy == ClassHoursByMonth {
				g.label = monthLabel(key, t.locale)
			}
		}
		t.groups[key] = g
	}
	return g
}

// Keys returns the keys of the rows so far, in no order: storage names the teachers among them.
func (t *ClassHoursTally) Keys() []string {
	keys := make([]string, 0, len(t.groups))
	for k := range t.groups {
		keys = append(keys, k)
	}
	return keys
}

// Result returns the rows, in order, and the totals. names, by key, label the rows whose names
// storage read apart (teachers); ratings, by program id, fill the ratings of program rows (and of
// the totals) when grouping by program.
func (t *ClassHoursTally) Result(names map[string]string, ratings map[string]Rating) ([]ClassHoursRow, ClassHoursRow) {
	for k, name := range names {
		if g, ok := t.groups[k]; ok {
			g.label = name
		}
	}
	rows := make([]ClassHoursRow, 0, len(t.groups))
	var all Rating
	for _, g := range sortedTallies(t.groups, t.groupBy) {
		r := g.row()
		if t.groupBy == ClassHoursByProgram {
			rt := ratings[g.key]
			r.RatingAvg, r.RatingCount = ratingAvg(rt), &rt.Count
			all.Sum, all.Count = all.Sum+rt.Sum, all.Count+rt.Count
		}
		rows = append(rows, r)
	}
	totals := t.total.row()
	if t.groupBy == ClassHoursByProgram {
		totals.RatingAvg, totals.RatingCount = ratingAvg(all), &all.Count
	}
	return rows, totals
}

// sortedTallies orders rows: codes (kind, category, teacher type) in their documented order,
// months by date, programs and teachers by label, then key; sessions without staff come last.
func sortedTallies(groups map[string]*tally, groupBy string) []*tally {
	out := make([]*tally, 0, len(groups))
	for _, g := range groups {
		out = append(out, g)
	}
	byLabel := groupBy == ClassHoursByProgram || groupBy == ClassHoursByTeacher
	slices.SortFunc(out, func(a, b *tally) int {
		if c := cmp.Compare(a.pos, b.pos); c != 0 || !byLabel {
			return cmp.Or(c, cmp.Compare(a.key, b.key))
		}
		return cmp.Or(cmp.Compare(a.label, b.label), cmp.Compare(a.key, b.key))
	})
	return out
}

func ratingAvg(r Rating) *float64 {
	if r.Count == 0 {
		return nil
	}
	avg := round2(float64(r.Sum) / float64(r.Count))
	return &avg
}

func monthLabel(month, locale string) string {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return month
	}
	if locale == LocaleEN {
		return t.Format("January 2006")
	}
	return fmt.Sprintf("%d年%d月", t.Year(), t.Month())
}

// labels names the codes of kinds, categories and teacher types for people, per locale.
var labels = map[string]map[string]string{
	LocaleZH: {
		KindAfterSchool: "课后托管", KindHolidayClass: "节假日/假期特色课堂", KindVolunteerShift: "志愿服务",
		KindNeighborVisit: "我是对门走访", KindEvent: "议事会及其他活动",
		"speech": "口才", "calligraphy": "书法", "science": "科学实验", "art": "美术", "reading": "阅读", "sports": "体育", CategoryOther: "其他",
		TeacherSchool: "学校教师", TeacherCommunity: "社区兼职教师", TeacherResident: "居民志愿者",
		UnstaffedKey: "无授课人员", "total": "合计",
	},
	LocaleEN: {
		KindAfterSchool: "After-school care", KindHolidayClass: "Holiday classes", KindVolunteerShift: "Volunteer shifts",
		KindNeighborVisit: "Neighbour visits", KindEvent: "Events",
		"speech": "Speech", "calligraphy": "Calligraphy", "science": "Science", "art": "Art", "reading": "Reading", "sports": "Sports", CategoryOther: "Other",
		TeacherSchool: "School teachers", TeacherCommunity: "Community teachers", TeacherResident: "Resident volunteers",
		UnstaffedKey: "No staff", "total": "Total",
	},
}

// Label returns the display name of a code (kind, category, teacher type) in locale (zh-CN for
// any other), or the code itself when it has none.
func Label(locale, code string) string {
	l, ok := labels[locale]
	if !ok {
		l = labels[LocaleZH]
	}
	if s, ok := l[code]; ok {
		return s
	}
	return code
}
