package linli

import (
	"cmp"
	"slices"
	"time"
)

// Ages of the troubles still open in the visits report: found under 7 days ago, 7 to 30 days
// ago, over 30 days ago (whole days since it was raised, at the time of the report).
const (
	OpenFreshDays = 7
	OpenStaleDays = 30
)

// VisitsFilter is the query of GET /reports/visits: a community or a region (exactly one), the
// community-local dates of the visits From..To inclusive (zero: open) and a grouping (only
// "community", the default).
type VisitsFilter struct {
	CommunityID, RegionID string
	From, To              Date
	GroupBy               string
}

// Validate checks the scope, the grouping and the dates.
func (f *VisitsFilter) Validate() error {
	if err := CheckReportScope(f.CommunityID, f.RegionID); err != nil {
		return err
	}
	if f.GroupBy == "" {
		f.GroupBy = GroupByCommunity
	}
	if f.GroupBy != GroupByCommunity {
		return Invalid("group_by", "the visits report is grouped by community")
	}
	return CheckDates(f.From, f.To)
}

// CheckReportScope checks that a report names one community or one region, not both.
func CheckReportScope(communityID, regionID string) error {
	switch {
	case communityID == "" && regionID == "":
		return Invalid("community_id", "community_id or region_id is required")
	case communityID != "" && regionID != "":
		return Invalid("region_id", "give community_id or region_id, not both")
	}
	return nil
}

// VisitFact is one neighbour visit as the visits report reads it: whether it was logged done or
// missed (Outcome "" when not logged) and when it ended.
type VisitFact struct {
	CommunityID string
	Outcome     string
	EndsAt      time.Time
}

// TroubleFact is one trouble found on a visit of the report's range: its status now and when it
// was raised.
type TroubleFact struct {
	CommunityID string
	Status      string
	RaisedAt    time.Time
}

// VisitsRow is one row of the visits report. Planned = done + missed + overdue + upcoming:
// overdue visits ended more than VisitLogDeadline ago with no log, upcoming ones have not (yet).
// Troubles are those found on the range's visits; open ones (open or in progress) are counted by
// their age in whole days: under 7, 7 to 30, over 30.
type VisitsRow struct {
	Key           string `json:"key"`
	Label         string `json:"label"`
	Planned       int    `json:"planned"`
	Done          int    `json:"done"`
	Missed        int    `json:"missed"`
	Overdue       int    `json:"overdue"`
	Upcoming      int    `json:"upcoming"`
	TroublesFound int    `json:"troubles_found"`
	Resolved      int    `json:"resolved"`
	Open          int    `json:"open"`
	OpenUnder7d   int    `json:"open_under_7d"`
	Open7To30d    int    `json:"open_7_to_30d"`
	OpenOver30d   int    `json:"open_over_30d"`
}

// VisitsReport answers GET /reports/visits.
type VisitsReport struct {
	CommunityID string      `json:"community_id,omitempty"`
	RegionID    string      `json:"region_id,omitempty"`
	From        *Date       `json:"from"`
	To          *Date       `json:"to"`
	GroupBy     string      `json:"group_by"`
	Rows        []VisitsRow `json:"rows"`
	Totals      VisitsRow   `json:"totals"`
}

// AddVisit counts one visit into r at now.
func (r *VisitsRow) AddVisit(v VisitFact, now time.Time) {
	r.Planned++
	switch {
	case v.Outcome == VisitDone:
		r.Done++
	case v.Outcome == VisitMissed:
		r.Missed++
	case VisitOverdue(v.EndsAt, now):
		r.Overdue++
	default:
		r.Upcoming++
	}
}

// AddTrouble counts one trouble into r at now.
func (r *VisitsRow) AddTrouble(t TroubleFact, now time.Time) {
	r.TroublesFound++
	if t.Status == ConcernResolved {
		r.Resolved++
		return
	}
	r.Open++
	switch days := int(now.Sub(t.RaisedAt) / (24 * time.Hour)); {
	case days < OpenFreshDays:
		r.OpenUnder7d++
	case days <= OpenStaleDays:
		r.Open7To30d++
	default:
		r.OpenOver30d++
	}
}

// Plus returns the sum of two rows, keeping r's key and label.
func (r VisitsRow) Plus(o VisitsRow) VisitsRow {
	r.Planned += o.Planned
	r.Done += o.Done
	r.Missed += o.Missed
	r.Overdue += o.Overdue
	r.Upcoming += o.Upcoming
	r.TroublesFound += o.TroublesFound
	r.Resolved += o.Resolved
	r.Open += o.Open
	r.OpenUnder7d += o.OpenUnder7d
	r.Open7To30d += o.Open7To30d
	r.OpenOver30d += o.OpenOver30d
	return r
}

// SummariseVisits makes the visits report's rows, one per community of communities (in the
// order given, each named), and its totals, from the visits and troubles at now.
func SummariseVisits(communities []CommunityRef, visits []VisitFact, troubles []TroubleFact, now time.Time, locale string) ([]VisitsRow, VisitsRow) {
	byID := map[string]*VisitsRow{}
	rows := make([]VisitsRow, len(communities))
	for i, c := range communities {
		rows[i] = VisitsRow{Key: c.ID, Label: c.Name}
		byID[c.ID] = &rows[i]
	}
	for _, v := range visits {
		if r := byID[v.CommunityID]; r != nil {
			r.AddVisit(v, now)
		}
	}
	for _, t := range troubles {
		if r := byID[t.CommunityID]; r != nil {
			r.AddTrouble(t, now)
		}
	}
	totals := VisitsRow{Label: Label(locale, "total")}
	for _, r := range rows {
		totals = totals.Plus(r)
	}
	return rows, totals
}

// SortCommunities orders communities by name, then id.
func SortCommunities(cs []CommunityRef) {
	slices.SortFunc(cs, func(a, b CommunityRef) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
}
