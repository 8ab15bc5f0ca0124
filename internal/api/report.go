package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/linli/linli/internal/linli"
)

// classHoursHeadings name the first columns of the class-hours CSV for each grouping.
var classHoursHeadings = map[string]string{
	linli.ClassHoursByTeacherType: "教师类型",
	linli.ClassHoursByTeacher:     "教师",
	linli.ClassHoursByProgram:     "项目",
	linli.ClassHoursByCategory:    "类别",
	linli.ClassHoursByKind:        "服务类型",
	linli.ClassHoursByMonth:       "月份",
}

func (s *Server) classHours(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := linli.ClassHoursFilter{CommunityID: q.Get("community_id"), GroupBy: q.Get("group_by")}
	var err error
	var asCSV bool
	if f.From, f.To, asCSV, err = reportRange(r); err != nil {
		return err
	}
	rep, err := s.Attendance.ClassHours(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	if !asCSV {
		return writeJSON(w, http.StatusOK, rep)
	}
	cols := []column{{"代码", colText}, {classHoursHeadings[rep.GroupBy], colText}, {"场次", colInt}, {"时长(小时)", colDecimal},
		{"课时", colDecimal}, {"儿童人时(人·小时)", colDecimal}}
	if rep.GroupBy == linli.ClassHoursByProgram {
		cols = append(cols, column{"平均评分", colDecimal}, column{"评分人数", colInt})
	}
	rows := make([][]any, 0, len(rep.Rows)+1)
	for _, row := range append(rep.Rows, rep.Totals) {
		cells := []any{row.Key, row.Label, row.Sessions, row.Hours, row.LessonPeriods, row.ChildHours}
		if rep.GroupBy == linli.ClassHoursByProgram {
			var avg any
			if row.RatingAvg != nil {
				avg = *row.RatingAvg
			}
			cells = append(cells, avg, *row.RatingCount)
		}
		rows = append(rows, cells)
	}
	return writeTable(w, r, table{file: "class-hours-" + rangeName(f.From, f.To) + "-by-" + rep.GroupBy,
		name: "课时统计_" + rangeName(f.From, f.To) + "_按" + classHoursHeadings[rep.GroupBy], sheet: "课时统计", cols: cols, rows: rows})
}

func (s *Server) accessLog(w http.ResponseWriter, r *http.Request) error {
	// A malformed format asks for a page, whose input refuses it after the administrator check.
	asCSV, _ := wantsCSV(r)
	var f linli.AccessLogFilter
	in := func() (linli.AccessLogFilter, error) {
		f.CommunityID = r.URL.Query().Get("community_id")
		var err error
		if f.From, f.To, _, err = reportRange(r); err != nil || asCSV {
			return f, err
		}
		f.Page, err = pageParams(r)
		return f, err
	}
	if !asCSV {
		items, next, err := s.Attendance.FindAccessLog(r.Context(), actorOf(r), in)
		if err != nil {
			return err
		}
		return list(w, items, next)
	}
	items, err := s.Attendance.ExportAccessLog(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	rows := make([][]any, len(items))
	for i, e := range items {
		rows[i] = []any{e.At, e.UserName, e.UserID, e.SessionTitle, e.SessionStartsAt, e.SessionID, e.CommunityID, e.Children}
	}
	cols := []column{{"查看时间", colTime}, {"查看人", colText}, {"查看人ID", colText}, {"活动", colText}, {"活动开始时间", colTime},
		{"活动ID", colText}, {"社区ID", colText}, {"儿童人数", colInt}}
	return writeTable(w, r, table{file: "access-log-" + rangeName(f.From, f.To), name: "名单查看记录_" + rangeName(f.From, f.To),
		sheet: "名单查看记录", cols: cols, rows: rows})
}

// decimal formats a report figure without trailing zeros: 1.5, 2.25, 3.
func decimal(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// rangeName names a date range for a file: 2026-09 for a whole month, 2026 for a whole year,
// 2026-09-07 for a day, 2026-09-01_2026-10-15 otherwise, from-… or to-… when open on one side,
// all when open on both.
func rangeName(from, to linli.Date) string {
	switch {
	case from.IsZero() && to.IsZero():
		return "all"
	case to.IsZero():
		return "from-" + from.String()
	case from.IsZero():
		return "to-" + to.String()
	case from == to:
		return from.String()
	case from.Day() == 1 && to.AddDays(1).Day() == 1 && from.Year() == to.Year():
		if from.Month() == to.Month() {
			return from.String()[:7]
		}
		if from.Month() == time.January && to.Month() == time.December {
			return from.String()[:4]
		}
	}
	return from.String() + "_" + to.String()
}
