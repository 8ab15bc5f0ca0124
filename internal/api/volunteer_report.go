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
}

func (s *Server) volunteerHours(w http.ResponseWriter, r *http.Request) error {
	var f linli.ServiceHoursFilter
	var asCSV bool
	rep, err := s.Volunteers.VolunteerHours(r.Context(), actorOf(r), r.URL.Query().Get("community_id"), func() (linli.ServiceHoursFilter, error) {
		f.GroupBy = r.URL.Query().Get("group_by")
		var err error
		f.From, f.To, asCSV, err = reportRange(r)
		return f, err
	})
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
	rows := make([][]any, 0, len(rep.Rows)+1)
	for _, row := range rep.Rows {
		rows = append(rows, []any{row.Key, row.Label, row.Records, row.Hours})
	}
	rows = append(rows, []any{"", "合计", rep.Totals.Records, rep.Totals.Hours})
	return writeTable(w, r, table{file: "volunteer-hours" + serviceRangeName(f.From, f.To), name: "志愿服务时长_按" + heads[1] + serviceRangeName(f.From, f.To),
		sheet: "志愿服务时长", cols: []column{{heads[0], colText}, {heads[1], colText}, {"记录数", colInt}, {"时长(小时)", colHours}}, rows: rows})
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
	return writeTable(w, r, volunteerRecordTable(rec, f))
}

// volunteerRecordTable is the volunteer record as the CSV and XLSX hold it (the certificate
// prints the same rows, less the households served).
func volunteerRecordTable(rec *linli.VolunteerRecord, f linli.VolunteerRecordFilter) table {
	rows := make([][]any, len(rec.Rows))
	for i, row := range rec.Rows {
		rows[i] = []any{row.Name, row.Date, row.Place, row.Content, row.Recipient, row.Hours, row.CertifiedBy}
	}
	kinds := []colKind{colText, colDate, colText, colText, colText, colHours, colText}
	cols := make([]column, len(kinds))
	for i, k := range kinds {
		cols[i] = column{volunteerRecordHeader[i], k}
	}
	return table{file: "volunteer-record" + serviceRangeName(f.From, f.To), name: "志愿服务记录_" + rec.Volunteer.Name + serviceRangeName(f.From, f.To),
		sheet: "志愿服务记录", cols: cols, rows: rows}
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
