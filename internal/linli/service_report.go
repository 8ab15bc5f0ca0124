package linli

import (
	"cmp"
	"slices"
	"time"
)

// Groupings of the volunteer-hours report.
const (
	GroupByVolunteer = "volunteer"
	GroupByKind      = "kind"
	GroupByMonth     = "month"
)

// ServiceKindLabels name the kinds of service in reports and volunteer records.
var ServiceKindLabels = map[string]string{
	KindVolunteerShift: "志愿服务",
	KindNeighborVisit:  "入户走访（我是对门）",
}

// ServiceHoursFilter is the query of GET /reports/volunteer-hours besides its community:
// community-local dates of check-in From..To inclusive (zero: open), and a grouping.
type ServiceHoursFilter struct {
	From, To Date
	GroupBy  string
}

// Validate checks the grouping (default volunteer) and the dates.
func (f *ServiceHoursFilter) Validate() error {
	if f.GroupBy == "" {
		f.GroupBy = GroupByVolunteer
	}
	switch {
	case f.GroupBy != GroupByVolunteer && f.GroupBy != GroupByKind && f.GroupBy != GroupByMonth:
		return Invalid("group_by", "group_by must be volunteer, kind or month")
	case !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From):
		return Invalid("to", "to must not be before from")
	}
	return nil
}

// ServiceFact is one approved service record as reports read it.
type ServiceFact struct {
	UserID, UserName string
	Kind             string
	CheckIn          time.Time
	Minutes          int
}

// ServiceHoursRow is one line of the volunteer-hours report.
type ServiceHoursRow struct {
	Key     string  `json:"key"`
	Label   string  `json:"label"`
	Records int     `json:"records"`
	Hours   float64 `json:"hours"`
	minutes int
}

// ServiceTotals sums a report: records, hours and the distinct volunteers.
type ServiceTotals struct {
	Records    int     `json:"records"`
	Hours      float64 `json:"hours"`
	Volunteers int     `json:"volunteers"`
}

// ServiceHoursReport answers GET /reports/volunteer-hours.
type ServiceHoursReport struct {
	Rows   []ServiceHoursRow `json:"rows"`
	Totals ServiceTotals     `json:"totals"`
}

// SummariseService groups approved service records: by volunteer (most hours first, then by
// name), by kind (in the order of Kinds) or by the community-local month of check-in (in order).
// Hours are summed in minutes and rounded once, per row and for the totals.
func SummariseService(facts []ServiceFact, groupBy string, loc *time.Location) ServiceHoursReport {
	rows := map[string]*ServiceHoursRow{}
	people := map[string]bool{}
	var totalMinutes int
	rep := ServiceHoursReport{Rows: []ServiceHoursRow{}}
	for _, f := range facts {
		key, label := f.UserID, f.UserName
		switch groupBy {
		case GroupByKind:
			key, label = f.Kind, ServiceKindLabels[f.Kind]
		case GroupByMonth:
			key = f.CheckIn.In(loc).Format("2006-01")
			label = key
		}
		r := rows[key]
		if r == nil {
			r = &ServiceHoursRow{Key: key, Label: label}
			rows[key] = r
		}
		r.Records++
		r.minutes += f.Minutes
		people[f.UserID] = true
		totalMinutes += f.Minutes
		rep.Totals.Records++
	}
	for _, r := range rows {
		r.Hours = Hours(r.minutes)
		rep.Rows = append(rep.Rows, *r)
	}
	slices.SortFunc(rep.Rows, func(a, b ServiceHoursRow) int {
		switch groupBy {
		case GroupByVolunteer:
			return cmp.Or(cmp.Compare(b.minutes, a.minutes), cmp.Compare(a.Label, b.Label), cmp.Compare(a.Key, b.Key))
		case GroupByKind:
			return cmp.Compare(slices.Index(Kinds, a.Key), slices.Index(Kinds, b.Key))
		}
		return cmp.Compare(a.Key, b.Key)
	})
	rep.Totals.Hours, rep.Totals.Volunteers = Hours(totalMinutes), len(people)
	return rep
}

// VolunteerRecordFilter is the query of GET /reports/volunteer-record besides whose record it
// is: community-local dates From..To inclusive (zero: open).
type VolunteerRecordFilter struct {
	From, To Date
}

// VolunteerRecordRow is one line of a volunteer's service record, as the national
// volunteer-record rules list it.
type VolunteerRecordRow struct {
	Name        string  `json:"name"`
	Date        Date    `json:"date"`
	Place       string  `json:"place"`
	Content     string  `json:"content"`
	Recipient   string  `json:"recipient"`
	Hours       float64 `json:"hours"`
	CertifiedBy string  `json:"certified_by"`
}

// VolunteerRecord answers GET /reports/volunteer-record: approved service only, oldest first.
type VolunteerRecord struct {
	Volunteer PersonRef            `json:"volunteer"`
	Rows      []VolunteerRecordRow `json:"rows"`
	Totals    ServiceTotals        `json:"totals"`
}
