package api

import (
	"net/http"
	"strconv"

	"github.com/linli/linli/internal/linli"
)

// volunteerRecordHeader is the header of a volunteer-record CSV, as the national volunteer-record
// rules name its columns.
var volunteerRecordHeader = []string{"姓名", "日期", "地点", "服务内容", "服务对象", "时长(小时)", "证明单位"}

// volunteerHoursHeadings name the first two columns of the volunteer-hours CSV per grouping.
var volunteerHoursHeadings = map[string][2]string{
	linli.GroupByVolunteer: {"志愿者编号", "志愿者"},
	linli.GroupByKind:      {"服务类型代码", "服务类型"},
	linli.GroupByMonth:     {"月份", "月份"},
	linli.GroupByCommunity: {"社区编号", "社区"},
}

func (s *Server) volunteerHours(w http.ResponseWriter, r *http.Request) error {
	var f linli.ServiceHoursFilter
	var asCSV bool
	in := func() (linli.ServiceHoursFilter, error) {
		f.GroupBy = r.URL.Query().Get("group_by")
		var err error
		f.From, f.To, asCSV, err = reportRange(r)
		return f, err
	}
	var rep *linli.ServiceHoursReport
	var err error
	if region, community := r.URL.Query().Get("region_id"), r.URL.Query().Get("community_id"); region != "" {
		if err := linli.CheckReportScope(community, region); err != nil {
			return err
		}
		rep, err = s.Regions.RegionVolunteerHours(r.Context(), actorOf(r), region, in)
	} else {
		rep, err = s.Volunteers.VolunteerHours(r.Context(), actorOf(r), community, in)
	}
	if err != nil {
		return err
	}
	if !asCSV {
		return writeJSON(w, http.StatusOK, rep)
	}
	heads := volunteerHoursHeadings[f.GroupBy]
	if f.GroupBy == "" {
		heads = volunteerHoursHeadings[linli.GroupByVolunteer]
	}
	rows := make([][]string, 0, len(rep.Rows)+1)
	for _, row := range rep.Rows {
		rows = append(rows, []string{row.Key, row.Label, strconv.Itoa(row.Records), hoursText(row.Hours)})
	}
	rows = append(rows, []string{"", "合计", strconv.Itoa(rep.Totals.Records), hoursText(rep.Totals.Hours)})
	return writeCSV(w, "volunteer-hours"+serviceRangeName(f.From, f.To)+".csv", []string{heads[0], heads[1], "记录数", "时长(小时)"}, rows)
}

func (s *Server) volunteerRecord(w http.ResponseWriter, r *http.Request) error {
	var f linli.VolunteerRecordFilter
	var asCSV bool
	rec, err := s.Volunteers.VolunteerRecord(r.Context(), actorOf(r), r.URL.Query().Get("user_id"), func() (linli.VolunteerRecordFilter, error) {
		var err error
		f.From, f.To, asCSV, err = reportRange(r)
		return f, err
	})
	if err != nil {
		return err
	}
	if !asCSV {
		return writeJSON(w, http.StatusOK, rec)
	}
	rows := make([][]string, len(rec.Rows))
	for i, row := range rec.Rows {
		rows[i] = []string{row.Name, row.Date.String(), row.Place, row.Content, row.Recipient, hoursText(row.Hours), row.CertifiedBy}
	}
	return writeCSV(w, "volunteer-record"+serviceRangeName(f.From, f.To)+".csv", volunteerRecordHeader, rows)
}

// hoursText writes hours with two decimals, as spreadsheets and the record rules expect.
func hoursText(h float64) string { return strconv.FormatFloat(h, 'f', 2, 64) }

// serviceRangeName is the part of a report's file name that says its dates: "-FROM-TO", or less.
func serviceRangeName(from, to linli.Date) string {
	out := ""
	for _, d := range []linli.Date{from, to} {
		if !d.IsZero() {
			out += "-" + d.String()
		}
	}
	return out
}
